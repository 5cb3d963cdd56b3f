#include "http/metrics.hpp"

#include <fmt/format.h>

namespace motcua::http {
namespace {

std::string Escape(const std::string& label) {
    std::string out;
    for (const char c : label) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

}  // namespace

Metrics::Metrics(std::vector<std::string> labels)
    : labels_(std::move(labels)), series_(std::make_unique<Series[]>(labels_.size() + 1)) {}

void Metrics::Record(std::size_t route, int status, double seconds) {
    Series& s = series_[route <= labels_.size() ? route : labels_.size()];
    const int cls = status / 100;
    if (cls >= 1 && cls <= 5) {
        s.by_class[static_cast<std::size_t>(cls - 1)].fetch_add(1, std::memory_order_relaxed);
    }
    std::size_t b = 0;
    while (b < kBuckets.size() && seconds > kBuckets[b]) {
        ++b;
    }
    s.buckets[b].fetch_add(1, std::memory_order_relaxed);
    s.micros_sum.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Metrics::Render(std::string& out) const {
    out += "# HELP motcua_http_requests_total HTTP requests by route and status class.\n";
    out += "# TYPE motcua_http_requests_total counter\n";
    const auto label_of = [&](std::size_t i) {
        return i < labels_.size() ? Escape(labels_[i]) : std::string("unmatched");
    };
    for (std::size_t i = 0; i <= labels_.size(); ++i) {
        for (std::size_t c = 0; c < 5; ++c) {
            const auto n = series_[i].by_class[c].load(std::memory_order_relaxed);
            if (n > 0) {
                out += fmt::format("motcua_http_requests_total{{route=\"{}\",code=\"{}xx\"}} {}\n",
                                   label_of(i),
                                   c + 1,
                                   n);
            }
        }
    }
    out +=
        "# HELP motcua_http_request_duration_seconds Time from request read to response "
        "written.\n";
    out += "# TYPE motcua_http_request_duration_seconds histogram\n";
    for (std::size_t i = 0; i <= labels_.size(); ++i) {
        const Series& s = series_[i];
        std::uint64_t cumulative = 0;
        std::array<std::uint64_t, kBuckets.size() + 1> counts{};
        for (std::size_t b = 0; b < counts.size(); ++b) {
            counts[b] = s.buckets[b].load(std::memory_order_relaxed);
            cumulative += counts[b];
        }
        if (cumulative == 0) {
            continue;
        }
        const std::string label = label_of(i);
        std::uint64_t running = 0;
        for (std::size_t b = 0; b < kBuckets.size(); ++b) {
            running += counts[b];
            out += fmt::format(
                "motcua_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                label,
                kBuckets[b],
                running);
        }
        out += fmt::format(
            "motcua_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
            label,
            cumulative);
        out += fmt::format("motcua_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n",
                           label,
                           static_cast<double>(s.micros_sum.load(std::memory_order_relaxed)) / 1e6);
        out += fmt::format(
            "motcua_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label, cumulative);
    }
}

}  // namespace motcua::http
