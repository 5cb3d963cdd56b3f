#include "core/kpi/settlement.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace motcua::core::kpi {
namespace {

TEST(Settlement, FormColumnsFromFlowsAndLevels) {
    Totals flows;
    flows.Add(Metric::kReceivedOnlineSelf, 6);
    flows.Add(Metric::kReceivedOnlineAssisted, 2);
    flows.Add(Metric::kReceivedCounter, 10);
    flows.Add(Metric::kReceivedPostal, 2);
    flows.Add(Metric::kSettledEarly, 9);
    flows.Add(Metric::kSettledOnTime, 6);
    flows.Add(Metric::kSettledLate, 3);
    flows.Add(Metric::kSettledWithoutVerdict, 1);
    flows.Add(Metric::kWithdrawnAfterReception, 1);
    flows.Add(Metric::kWithdrawnBeforeReception, 1);
    flows.Add(Metric::kRefusedAtReception, 2);
    flows.Add(Metric::kRefusedAfterReception, 1);
    flows.Add(Metric::kSupplementRequestedAtReception, 1);
    flows.Add(Metric::kSupplementRequestedInProcessing, 2);
    flows.Add(Metric::kApologyIssued, 2);
    flows.Add(Metric::kDossierPaid, 4);
    flows.Add(Metric::kDossierPaidOnline, 3);
    flows.Add(Metric::kSettlementMinutes, 3 * 1440);
    flows.Add(Metric::kSettlementCount, 2);
    flows.Add(Metric::kReturnedCounter, 12);
    Totals before;
    before.Add(Metric::kPending, 5);
    Totals end;
    end.Add(Metric::kPending, 6);
    end.Add(Metric::kPendingOverdue, 2);
    end.Add(Metric::kPendingWaiting, 1);

    const SettlementFigures f = FiguresOf(flows, before, end);
    EXPECT_EQ(f.carried_over, 5);
    EXPECT_EQ(f.received, 20);
    EXPECT_EQ(f.received_online, 8);
    EXPECT_EQ(f.received_direct, 10);
    EXPECT_EQ(f.received_postal, 2);
    EXPECT_EQ(f.to_settle, 25);
    EXPECT_EQ(f.settled, 19);
    EXPECT_EQ(f.settled_early, 9);
    EXPECT_EQ(f.settled_on_time, 6);
    EXPECT_EQ(f.settled_late, 3);
    EXPECT_EQ(f.settled_without_verdict, 1);
    EXPECT_EQ(f.pending, 6);
    EXPECT_EQ(f.pending_in_time, 4);
    EXPECT_EQ(f.pending_overdue, 2);
    EXPECT_EQ(f.pending_waiting, 1);
    // carried over + received = settled + pending (spec §11).
    EXPECT_EQ(f.carried_over + f.received, f.settled + f.pending);
    EXPECT_EQ(f.supplement_requests, 3);
    EXPECT_EQ(f.refusals, 3);
    EXPECT_EQ(f.refused_at_reception, 2);
    EXPECT_EQ(f.withdrawals, 2);
    EXPECT_EQ(f.apologies, 2);
    EXPECT_EQ(f.results_returned, 12);

    EXPECT_EQ(f.on_time.numerator, 15);
    EXPECT_EQ(f.on_time.denominator, 18);
    EXPECT_EQ(f.on_time.percent, 83.33);
    EXPECT_EQ(f.digital_take_up.percent, 40.0);
    EXPECT_EQ(f.self_service.percent, 30.0);
    EXPECT_EQ(f.assisted.percent, 10.0);
    EXPECT_EQ(f.online_payment.percent, 75.0);
    EXPECT_EQ(f.average_settlement_days, 1.5);
}

TEST(Settlement, MissingDataIsNotAvailableNeverZero) {
    const SettlementFigures f = FiguresOf({}, {}, {});
    for (const Rate* r : {&f.digitization, &f.reuse, &f.draft_completion}) {
        EXPECT_EQ(r->percent, std::nullopt);
        EXPECT_FALSE(r->unavailable.empty());
    }
    EXPECT_EQ(f.median_minutes_to_submit, std::nullopt);
    EXPECT_FALSE(f.median_minutes_to_submit_unavailable.empty());
    // Zero denominators give no percent, but the rate is available (empty reason).
    EXPECT_EQ(f.on_time.percent, std::nullopt);
    EXPECT_TRUE(f.on_time.unavailable.empty());
    EXPECT_EQ(f.average_settlement_days, std::nullopt);
}

TEST(Settlement, DraftCompletionAndMedianTimeToSubmit) {
    // Started: 7. Submitted: 5, after 2, 5, 5, 9 and 60 minutes (two groups of equal times);
    // 2 never submitted. Rate 5 / 7 = 71.43 %; median of 5 times = the 3rd = 5 minutes.
    const std::vector<DraftTally> drafts = {{"A", "1.001193", 300, 2},
                                            {"A", "1.001193", std::nullopt, 1},
                                            {"B", "1.001193", 3600, 1},
                                            {"B", "1.001193", 120, 1},
                                            {"", "1.001193", std::nullopt, 1},
                                            {"B", "2.000488", 540, 1}};
    SettlementFigures f = FiguresOf({}, {}, {});
    AddDraftFigures(f, drafts);
    EXPECT_EQ(f.draft_completion.numerator, 5);
    EXPECT_EQ(f.draft_completion.denominator, 7);
    EXPECT_EQ(f.draft_completion.percent, 71.43);
    EXPECT_TRUE(f.draft_completion.unavailable.empty());
    EXPECT_EQ(f.median_minutes_to_submit, 5.0);
    EXPECT_TRUE(f.median_minutes_to_submit_unavailable.empty());

    // An even number: the mean of the two middle times, (90 s + 100 s) / 2 = 1.58 minutes.
    AddDraftFigures(f, std::vector<DraftTally>{{"A", "x", 100, 1}, {"A", "x", 90, 1}});
    EXPECT_EQ(f.median_minutes_to_submit, 1.58);
    EXPECT_EQ(f.draft_completion.percent, 100.0);

    // Started but none submitted: 0 %, no median; nothing started: no percent either. Both
    // are available figures (no reason), unlike before AddDraftFigures.
    AddDraftFigures(f, std::vector<DraftTally>{{"A", "x", std::nullopt, 3}});
    EXPECT_EQ(f.draft_completion.percent, 0.0);
    EXPECT_EQ(f.median_minutes_to_submit, std::nullopt);
    AddDraftFigures(f, {});
    EXPECT_EQ(f.draft_completion.denominator, 0);
    EXPECT_EQ(f.draft_completion.percent, std::nullopt);
    EXPECT_TRUE(f.draft_completion.unavailable.empty());
    EXPECT_TRUE(f.median_minutes_to_submit_unavailable.empty());
}

}  // namespace
}  // namespace motcua::core::kpi
