// Totals: the sum of each metric for one scope (a set of agencies, a sector, a procedure) over a
// period (flows) or at the end of a day (levels). A small value type; the indicator formulas
// read their numerators and denominators from it.
#pragma once

#include <array>
#include <cstdint>

#include "core/kpi/facts.hpp"

namespace motcua::core::kpi {

class Totals {
public:
    // The sum of `metric` (0 when nothing was added).
    std::int64_t operator[](Metric metric) const { return values_[Index(metric)]; }

    void Add(Metric metric, std::int64_t value) { values_[Index(metric)] += value; }

    Totals& operator+=(const Totals& other) {
        for (std::size_t i = 0; i < values_.size(); ++i) {
            values_[i] += other.values_[i];
        }
        return *this;
    }

    // Convenience sums.
    std::int64_t Received() const {
        return (*this)[Metric::kReceivedOnlineSelf] + (*this)[Metric::kReceivedOnlineAssisted] +
               (*this)[Metric::kReceivedCounter] + (*this)[Metric::kReceivedPostal];
    }

    std::int64_t ReceivedOnline() const {
        return (*this)[Metric::kReceivedOnlineSelf] + (*this)[Metric::kReceivedOnlineAssisted];
    }

    // Received dossiers whose processing ended (with or without a verdict).
    std::int64_t Settled() const {
        return (*this)[Metric::kSettledEarly] + (*this)[Metric::kSettledOnTime] +
               (*this)[Metric::kSettledLate] + (*this)[Metric::kSettledWithoutVerdict];
    }

    bool operator==(const Totals&) const = default;

private:
    static constexpr std::size_t kSlots = 128;  // > every metric code

    static std::size_t Index(Metric metric) { return static_cast<std::size_t>(metric) % kSlots; }

    std::array<std::int64_t, kSlots> values_{};
};

}  // namespace motcua::core::kpi
