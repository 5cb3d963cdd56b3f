// Token-bucket rate limits keyed by a string (client IP, account). Thread-safe; memory is
// bounded by evicting idle buckets.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace motcua::http {

struct RateLimit {
    double per_second = 0;  // refill rate; 0 disables the limit
    double burst = 0;       // bucket size
};

class RateLimiter {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    explicit RateLimiter(RateLimit limit, std::size_t max_keys = 100'000)
        : limit_(limit), max_keys_(max_keys) {}

    // Takes one token for `key` at `now`; false when the bucket is empty (answer 429).
    bool Allow(std::string_view key, TimePoint now);

    // Seconds until a token is available for `key` (for Retry-After), at least 1.
    int RetryAfter(std::string_view key, TimePoint now);

private:
    struct Bucket {
        double tokens = 0;
        TimePoint updated;
    };

    Bucket& Refill(std::string_view key, TimePoint now);

    RateLimit limit_;
    std::size_t max_keys_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace motcua::http
