#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace motcua::http {

RateLimiter::Bucket& RateLimiter::Refill(std::string_view key, TimePoint now) {
    auto it = buckets_.find(std::string(key));
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_keys_) {
            // Drop full buckets: they carry no state worth keeping.
            std::erase_if(buckets_, [&](const auto& entry) {
                const double elapsed =
                    std::chrono::duration<double>(now - entry.second.updated).count();
                return entry.second.tokens + elapsed * limit_.per_second >= limit_.burst;
            });
            if (buckets_.size() >= max_keys_) {
                buckets_.clear();
            }
        }
        it = buckets_.emplace(std::string(key), Bucket{limit_.burst, now}).first;
    }
    Bucket& b = it->second;
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    if (elapsed > 0) {
        b.tokens = std::min(limit_.burst, b.tokens + elapsed * limit_.per_second);
        b.updated = now;
    }
    return b;
}

bool RateLimiter::Allow(std::string_view key, TimePoint now) {
    if (limit_.per_second <= 0) {
        return true;
    }
    const std::lock_guard lock(mutex_);
    Bucket& b = Refill(key, now);
    if (b.tokens < 1.0) {
        return false;
    }
    b.tokens -= 1.0;
    return true;
}

int RateLimiter::RetryAfter(std::string_view key, TimePoint now) {
    if (limit_.per_second <= 0) {
        return 1;
    }
    const std::lock_guard lock(mutex_);
    const Bucket& b = Refill(key, now);
    const double wait = (1.0 - b.tokens) / limit_.per_second;
    return std::max(1, static_cast<int>(std::ceil(wait)));
}

}  // namespace motcua::http
