// Request metrics in Prometheus text format: counts by route and status class, latency
// histograms by route. Recording is lock-free (relaxed atomics); thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace motcua::http {

class Metrics {
public:
    // Upper bounds of the latency buckets, seconds.
    static constexpr std::array<double, 12> kBuckets =
        {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0};

    // One series per label ("GET /api/v1/dossiers/{code}"); index `labels.size()` collects
    // requests that matched no route.
    explicit Metrics(std::vector<std::string> labels);

    // Records one finished request. `route` is an index into the labels or labels.size().
    void Record(std::size_t route, int status, double seconds);

    // Appends the request series to `out`.
    void Render(std::string& out) const;

    std::size_t unmatched() const { return labels_.size(); }

private:
    struct Series {
        std::array<std::atomic<std::uint64_t>, 5> by_class{};  // 1xx..5xx
        std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};
        std::atomic<std::uint64_t> micros_sum{0};
    };

    std::vector<std::string> labels_;
    std::unique_ptr<Series[]> series_;
};

}  // namespace motcua::http
