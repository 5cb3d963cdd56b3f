#include "core/kpi/settlement.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace motcua::core::kpi {
namespace {

constexpr std::string_view kNoDigitization =
    "Hồ sơ chưa ghi nhận thành phần được số hóa (chưa có dữ liệu)";
constexpr std::string_view kNoReuse =
    "Hồ sơ chưa ghi nhận thành phần tái sử dụng dữ liệu số hóa (chưa có dữ liệu)";
constexpr std::string_view kNoDrafts =
    "Chưa tính số liệu hồ sơ trực tuyến đang soạn cho phạm vi này (chưa có dữ liệu)";

Rate RateOf(std::int64_t numerator, std::int64_t denominator) {
    Rate r{numerator, denominator, std::nullopt, {}};
    if (denominator != 0) {
        r.percent = std::round(10000.0 * static_cast<double>(numerator) /
                               static_cast<double>(denominator)) /
                    100.0;
    }
    return r;
}

Rate Unavailable(std::string_view reason) {
    Rate r;
    r.unavailable = std::string(reason);
    return r;
}

}  // namespace

SettlementFigures FiguresOf(const Totals& flows,
                            const Totals& levels_before,
                            const Totals& levels_end) {
    SettlementFigures f;
    f.carried_over = levels_before[Metric::kPending];
    f.received_online = flows.ReceivedOnline();
    f.received_direct = flows[Metric::kReceivedCounter];
    f.received_postal = flows[Metric::kReceivedPostal];
    f.received = flows.Received();
    f.to_settle = f.carried_over + f.received;

    f.settled_early = flows[Metric::kSettledEarly];
    f.settled_on_time = flows[Metric::kSettledOnTime];
    f.settled_late = flows[Metric::kSettledLate];
    f.settled_without_verdict = flows[Metric::kSettledWithoutVerdict];
    f.settled = flows.Settled();

    f.pending = levels_end[Metric::kPending];
    f.pending_overdue = levels_end[Metric::kPendingOverdue];
    f.pending_in_time = f.pending - f.pending_overdue;
    f.pending_waiting = levels_end[Metric::kPendingWaiting];

    f.supplement_requests = flows[Metric::kSupplementRequestedAtReception] +
                            flows[Metric::kSupplementRequestedInProcessing];
    f.refused_at_reception = flows[Metric::kRefusedAtReception];
    f.refusals = f.refused_at_reception + flows[Metric::kRefusedAfterReception];
    f.stopped = flows[Metric::kStopped];
    f.apologies = flows[Metric::kApologyIssued];
    f.withdrawals =
        flows[Metric::kWithdrawnBeforeReception] + flows[Metric::kWithdrawnAfterReception];
    f.results_returned = flows[Metric::kReturnedCounter] + flows[Metric::kReturnedPostal] +
                         flows[Metric::kReturnedOnline];

    f.on_time = RateOf(f.settled_early + f.settled_on_time,
                       f.settled_early + f.settled_on_time + f.settled_late);
    f.digital_take_up = RateOf(f.received_online, f.received);
    f.self_service = RateOf(flows[Metric::kReceivedOnlineSelf], f.received);
    f.assisted = RateOf(flows[Metric::kReceivedOnlineAssisted], f.received);
    f.online_payment = RateOf(flows[Metric::kDossierPaidOnline], flows[Metric::kDossierPaid]);
    f.digitization = Unavailable(kNoDigitization);
    f.reuse = Unavailable(kNoReuse);
    f.draft_completion = Unavailable(kNoDrafts);
    f.median_minutes_to_submit_unavailable = std::string(kNoDrafts);
    if (const std::int64_t n = flows[Metric::kSettlementCount]; n > 0) {
        f.average_settlement_days =
            std::round(100.0 * static_cast<double>(flows[Metric::kSettlementMinutes]) /
                       static_cast<double>(n) / 1440.0) /
            100.0;
    }
    return f;
}

void AddDraftFigures(SettlementFigures& figures, std::span<const DraftTally> drafts) {
    std::int64_t started = 0;
    std::int64_t submitted = 0;
    std::vector<std::pair<std::int64_t, std::int64_t>> times;  // seconds, how many
    for (const DraftTally& t : drafts) {
        started += t.count;
        if (t.seconds_to_submit.has_value() && t.count > 0) {
            submitted += t.count;
            times.emplace_back(*t.seconds_to_submit, t.count);
        }
    }
    figures.draft_completion = RateOf(submitted, started);
    figures.median_minutes_to_submit_unavailable.clear();
    figures.median_minutes_to_submit.reset();
    if (submitted == 0) {
        return;
    }
    std::sort(times.begin(), times.end());
    // The k-th smallest time (0-based), walking the sorted groups.
    const auto nth = [&](std::int64_t k) {
        for (const auto& [seconds, n] : times) {
            if (k < n) {
                return seconds;
            }
            k -= n;
        }
        return times.back().first;
    };
    const double median_seconds = submitted % 2 == 1
                                      ? static_cast<double>(nth(submitted / 2))
                                      : (static_cast<double>(nth(submitted / 2 - 1)) +
                                         static_cast<double>(nth(submitted / 2))) /
                                            2.0;
    figures.median_minutes_to_submit = std::round(100.0 * median_seconds / 60.0) / 100.0;
}

}  // namespace motcua::core::kpi
