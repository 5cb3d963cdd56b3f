#include "core/kpi/facts.hpp"

#include <map>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/kpi/totals.hpp"
#include "core/workflow/apply.hpp"

namespace motcua::core::kpi {
namespace {

namespace wf = workflow;
using calendar::LocalDate;
using wf::LocalDateTime;

constexpr const char* kCommune = "000.00.21.H99";
constexpr const char* kTax = "000.00.30.H99";
constexpr const char* kBirth = "1.001193";

LocalDate Day(std::string_view text) {
    return *calendar::ParseDate(text);
}

LocalDateTime At(std::string_view text) {
    return *calendar::ParseDateTime(text);
}

ProcedureTraits Traits(bool fee = false,
                       catalog::OnlineLevel online = catalog::OnlineLevel::kFull) {
    return {"HT", fee, online};
}

// A history under construction: events with increasing seq.
class History {
public:
    History& Add(std::string_view at, wf::EventData data) {
        events_.push_back({model::DossierId{7}, ++seq_, At(at), {}, std::move(data)});
        return *this;
    }

    History& Submit(std::string_view at,
                    wf::Channel channel = wf::Channel::kCounter,
                    bool assisted = false) {
        wf::Submitted s;
        s.code = "000.00.21.H99-260928-0001";
        s.agency_code = kCommune;
        s.procedure_code = kBirth;
        s.procedure_version = model::ProcedureVersionId{1};
        s.channel = channel;
        s.assisted = assisted;
        return Add(at, s);
    }

    History& Receive(std::string_view at, std::string_view due) {
        return Add(at, wf::Received{kCommune, At(due)});
    }

    const std::vector<wf::Event>& events() const { return events_; }

private:
    std::vector<wf::Event> events_;
    std::int64_t seq_ = 0;
};

// The merged facts of a history as "metric day value" lines, for readable expectations.
std::vector<std::string> Lines(const History& h, const ProcedureTraits& traits = Traits()) {
    std::vector<std::string> out;
    for (const Fact& f : FactsOf(wf::Dossier{}, h.events(), traits)) {
        out.push_back(std::string(MetricName(f.metric)) + " " + calendar::FormatDate(f.day) + " " +
                      std::to_string(f.value));
    }
    return out;
}

// Flow totals over [from, to] and levels at the end of `to`.
std::pair<Totals, Totals> Figures(const History& h, std::string_view from, std::string_view to) {
    Totals flows;
    Totals levels;
    for (const Fact& f : FactsOf(wf::Dossier{}, h.events(), Traits())) {
        if (IsLevel(f.metric)) {
            if (f.day <= Day(to)) {
                levels.Add(f.metric, f.value);
            }
        } else if (f.day >= Day(from) && f.day <= Day(to)) {
            flows.Add(f.metric, f.value);
        }
    }
    return {flows, levels};
}

TEST(Metrics, NamesAndCodesRoundTrip) {
    for (const Metric m : AllMetrics()) {
        EXPECT_THAT(ParseMetric(MetricName(m)), IsOkAndHolds(m));
        EXPECT_THAT(MetricFromCode(static_cast<int>(m)), IsOkAndHolds(m));
        EXPECT_LT(static_cast<int>(m), 128);
    }
    EXPECT_THAT(ParseMetric("nonsense"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(MetricFromCode(99), HasError(ErrorCode::kInvalidArgument));
    EXPECT_TRUE(IsLevel(Metric::kPendingOverdue));
    EXPECT_FALSE(IsLevel(Metric::kSettledLate));
}

TEST(Facts, OnTimeCounterDossier) {
    History h;
    h.Submit("2026-09-28T09:00")
        .Receive("2026-09-28T09:00", "2026-10-01T17:00")
        .Add("2026-09-28T09:30",
             wf::StepStarted{0,
                             "Thẩm định",
                             wf::Role::kSpecialist,
                             kCommune,
                             {},
                             At("2026-09-29T17:00"),
                             false,
                             ""})
        .Add("2026-09-29T10:00", wf::StepCompleted{0, wf::Verdict::kOnTime, ""})
        .Add("2026-09-30T10:00", wf::ResultIssued{"Giấy khai sinh", wf::Verdict::kEarly})
        .Add("2026-09-30T14:00", wf::Returned{wf::ReturnMethod::kCounter});
    // Settlement time: 09-28 09:00 → 09-30 10:00 = 2 days 1 hour = 2940 minutes. The projected
    // "overdue from 10-02" of the reception is withdrawn when processing ends on 09-30: the two
    // cancel and no pending_overdue fact remains.
    EXPECT_THAT(Lines(h),
                ::testing::ElementsAre("submitted_counter 2026-09-28 1",
                                       "received_counter 2026-09-28 1",
                                       "received_full_online_procedure 2026-09-28 1",
                                       "settled_early 2026-09-30 1",
                                       "result_issued 2026-09-30 1",
                                       "returned_counter 2026-09-30 1",
                                       "settlement_minutes 2026-09-28 2940",
                                       "settlement_count 2026-09-28 1",
                                       "step_on_time 2026-09-29 1",
                                       "pending 2026-09-28 1",
                                       "pending 2026-09-30 -1"));
    // Unmerged (one event at a time), every event withdraws and re-adds the projection; they sum
    // to nothing.
    std::vector<std::int64_t> overdue_changes;
    wf::Dossier d;
    for (const wf::Event& e : h.events()) {
        for (const Fact& f : FactsOf(d, e, Traits())) {
            if (f.metric == Metric::kPendingOverdue) {
                EXPECT_EQ(f.day, Day("2026-10-02"));
                overdue_changes.push_back(f.value);
            }
        }
        d = wf::Apply(d, e);
    }
    EXPECT_FALSE(overdue_changes.empty());
    EXPECT_EQ(std::accumulate(overdue_changes.begin(), overdue_changes.end(), std::int64_t{0}), 0);
}

TEST(Facts, MergedFactsOfAnOnTimeDossier) {
    History h;
    h.Submit("2026-09-28T09:00")
        .Receive("2026-09-28T09:00", "2026-10-01T17:00")
        .Add("2026-09-30T10:00", wf::ResultIssued{"Giấy khai sinh", wf::Verdict::kEarly})
        .Add("2026-09-30T14:00", wf::Returned{wf::ReturnMethod::kCounter})
        .Add("2026-10-02T08:00", wf::Rated{2, "Chậm"});
    EXPECT_THAT(Lines(h),
                ::testing::ElementsAre("submitted_counter 2026-09-28 1",
                                       "received_counter 2026-09-28 1",
                                       "received_full_online_procedure 2026-09-28 1",
                                       "settled_early 2026-09-30 1",
                                       "result_issued 2026-09-30 1",
                                       "returned_counter 2026-09-30 1",
                                       "rated 2026-10-02 1",
                                       "rating_points 2026-10-02 2",
                                       "rated_unhappy 2026-10-02 1",
                                       "settlement_minutes 2026-09-28 2940",
                                       "settlement_count 2026-09-28 1",
                                       "pending 2026-09-28 1",
                                       "pending 2026-09-30 -1"));
}

// The case the issue names: a dossier waiting for a supplement across the end of September is
// pending (waiting, not overdue) at the end of the month, and settled in October.
TEST(Facts, DossierPausedAcrossAPeriodBoundary) {
    History h;
    h.Submit("2026-09-28T09:00")
        .Receive("2026-09-28T09:00", "2026-10-01T17:00")
        .Add("2026-09-29T10:00", wf::SupplementRequested{{{"TP1", "mờ", "chụp lại"}}})
        .Add("2026-10-02T09:00", wf::SupplementReceived{{"TP1"}, At("2026-10-06T17:00")})
        .Add("2026-10-05T15:00", wf::ResultIssued{"Giấy khai sinh", wf::Verdict::kEarly});
    EXPECT_THAT(Lines(h),
                ::testing::ElementsAre("submitted_counter 2026-09-28 1",
                                       "received_counter 2026-09-28 1",
                                       "received_full_online_procedure 2026-09-28 1",
                                       "settled_early 2026-10-05 1",
                                       "result_issued 2026-10-05 1",
                                       "supplement_requested_in_processing 2026-09-29 1",
                                       "supplement_received 2026-10-02 1",
                                       "settlement_minutes 2026-09-28 10440",
                                       "settlement_count 2026-09-28 1",
                                       "pending 2026-09-28 1",
                                       "pending 2026-10-05 -1",
                                       "pending_waiting 2026-09-29 1",
                                       "pending_waiting 2026-10-02 -1"));

    const auto [september, end_of_september] = Figures(h, "2026-09-01", "2026-09-30");
    EXPECT_EQ(september.Received(), 1);
    EXPECT_EQ(september.Settled(), 0);
    EXPECT_EQ(end_of_september[Metric::kPending], 1);
    EXPECT_EQ(end_of_september[Metric::kPendingWaiting], 1);
    EXPECT_EQ(end_of_september[Metric::kPendingOverdue], 0);

    const auto [october, end_of_october] = Figures(h, "2026-10-01", "2026-10-31");
    EXPECT_EQ(october.Received(), 0);
    EXPECT_EQ(october.Settled(), 1);
    EXPECT_EQ(end_of_october[Metric::kPending], 0);
    EXPECT_EQ(end_of_october[Metric::kPendingWaiting], 0);

    // The level on each day, as a report dated that day sees it.
    struct Level {
        std::string_view day;
        std::int64_t pending;
        std::int64_t waiting;
        std::int64_t overdue;
    };

    for (const Level& l : {Level{"2026-09-27", 0, 0, 0},
                           Level{"2026-09-28", 1, 0, 0},
                           Level{"2026-09-29", 1, 1, 0},
                           Level{"2026-10-01", 1, 1, 0},
                           Level{"2026-10-02", 1, 0, 0},
                           Level{"2026-10-04", 1, 0, 0},
                           Level{"2026-10-05", 0, 0, 0}}) {
        const Totals levels = Figures(h, l.day, l.day).second;
        EXPECT_EQ(levels[Metric::kPending], l.pending) << l.day;
        EXPECT_EQ(levels[Metric::kPendingWaiting], l.waiting) << l.day;
        EXPECT_EQ(levels[Metric::kPendingOverdue], l.overdue) << l.day;
    }
}

TEST(Facts, LateDossierIsOverdueFromTheDayAfterItsDueDate) {
    History h;
    h.Submit("2026-09-28T09:00")
        .Receive("2026-09-28T09:00", "2026-10-01T17:00")
        .Add("2026-10-03T09:00", wf::ResultIssued{"Giấy khai sinh", wf::Verdict::kLate});

    struct Level {
        std::string_view day;
        std::int64_t overdue;
    };

    // Form 06a: still "trong hạn" on its due date, overdue from the next day until it ends.
    for (const Level& l :
         {Level{"2026-10-01", 0}, Level{"2026-10-02", 1}, Level{"2026-10-03", 0}}) {
        EXPECT_EQ(Figures(h, l.day, l.day).second[Metric::kPendingOverdue], l.overdue) << l.day;
    }
    EXPECT_EQ(Figures(h, "2026-10-01", "2026-10-31").first[Metric::kSettledLate], 1);
}

TEST(Facts, ApologyMovesTheOverdueDay) {
    History h;
    h.Submit("2026-09-28T09:00")
        .Receive("2026-09-28T09:00", "2026-10-01T17:00")
        .Add("2026-09-30T10:00", wf::ApologyIssued{"Cần xác minh", At("2026-10-06T17:00"), false})
        .Add("2026-10-05T10:00", wf::ResultIssued{"Giấy khai sinh", wf::Verdict::kOnTime});
    EXPECT_EQ(Figures(h, "2026-10-02", "2026-10-02").second[Metric::kPendingOverdue], 0);
    const Totals october = Figures(h, "2026-10-01", "2026-10-31").first;
    EXPECT_EQ(october[Metric::kSettledOnTime], 1);
    // In time for the new date, late for the original one (a 766 option).
    EXPECT_EQ(october[Metric::kSettledInTimeLateByOriginalDue], 1);
    EXPECT_EQ(Figures(h, "2026-09-01", "2026-09-30").first[Metric::kApologyIssued], 1);
}

TEST(Facts, OnlineSubmissionRefusedAtReceptionIsNeverPending) {
    History h;
    h.Submit("2026-09-28T21:00", wf::Channel::kOnline)
        .Add("2026-09-29T08:00", wf::SupplementRequested{{{"chung", "thiếu", "bổ sung"}}})
        .Add("2026-09-30T08:00", wf::Refused{{{"chung", "không đủ", "nộp lại"}}});
    EXPECT_THAT(Lines(h),
                ::testing::ElementsAre("submitted_online_self 2026-09-28 1",
                                       "refused_at_reception 2026-09-30 1",
                                       "supplement_requested_at_reception 2026-09-29 1"));
}

TEST(Facts, AssistedOnlineReceptionWithFeeAndOnlinePayment) {
    History h;
    h.Submit("2026-09-28T09:00", wf::Channel::kOnline, true)
        .Receive("2026-09-28T10:00", "2026-10-01T17:00")
        .Add("2026-09-29T10:00", wf::PaymentRequested{8000, "Lệ phí", false})
        .Add("2026-09-29T11:00", wf::PaymentReceived{8000, "online", std::nullopt})
        .Add("2026-09-29T12:00", wf::PaymentRequested{2000, "Phí bổ sung", false})
        .Add("2026-10-02T11:00", wf::PaymentReceived{2000, "counter", std::nullopt});
    const Totals flows = Figures(h, "2026-09-01", "2026-10-31").first;
    EXPECT_EQ(flows[Metric::kSubmittedOnlineAssisted], 1);
    EXPECT_EQ(flows[Metric::kReceivedOnlineAssisted], 1);
    EXPECT_EQ(flows[Metric::kReceivedOnlineFullOnlineProcedure], 1);
    // Paid once per dossier, on its reception day, online when its first payment was.
    EXPECT_EQ(flows[Metric::kDossierPaid], 1);
    EXPECT_EQ(flows[Metric::kDossierPaidOnline], 1);
    const Totals with_fee = [&] {
        Totals t;
        for (const Fact& f : FactsOf(wf::Dossier{}, h.events(), Traits(true))) {
            t.Add(f.metric, f.value);
        }
        return t;
    }();
    EXPECT_EQ(with_fee[Metric::kReceivedFeeProcedure], 1);
}

TEST(Facts, WithdrawalsAfterReceptionEndProcessingWithoutVerdict) {
    History h;
    h.Submit("2026-09-28T09:00")
        .Receive("2026-09-28T09:00", "2026-10-01T17:00")
        .Add("2026-10-02T09:00", wf::Withdrawn{"Không còn nhu cầu"});
    const Totals flows = Figures(h, "2026-10-01", "2026-10-31").first;
    EXPECT_EQ(flows[Metric::kWithdrawnAfterReception], 1);
    EXPECT_EQ(flows[Metric::kWithdrawnPastDue], 1);
    EXPECT_EQ(flows[Metric::kSettledWithoutVerdict], 1);
    EXPECT_EQ(flows.Settled(), 1);
    EXPECT_EQ(Figures(h, "2026-10-02", "2026-10-02").second[Metric::kPending], 0);
}

TEST(Facts, StepVerdictsCountForTheStepsAgency) {
    History h;
    h.Submit("2026-09-28T09:00")
        .Receive("2026-09-28T09:00", "2026-10-09T17:00")
        .Add("2026-09-28T10:00",
             wf::StepStarted{0,
                             "Thẩm định",
                             wf::Role::kSpecialist,
                             kCommune,
                             {},
                             At("2026-09-29T17:00"),
                             false,
                             ""})
        .Add("2026-09-28T11:00",
             wf::StepStarted{100,
                             "Lấy ý kiến",
                             wf::Role::kSpecialist,
                             kTax,
                             {},
                             At("2026-09-30T17:00"),
                             true,
                             "Cho ý kiến"})
        .Add("2026-10-02T09:00", wf::StepCompleted{100, wf::Verdict::kLate, "Đồng ý"})
        .Add("2026-10-02T10:00", wf::StepCompleted{0, wf::Verdict::kLate, ""});
    std::map<std::string, std::int64_t> late;
    for (const Fact& f : FactsOf(wf::Dossier{}, h.events(), Traits())) {
        if (f.metric == Metric::kStepLate) {
            late[f.agency_code] += f.value;
        }
    }
    EXPECT_EQ(late, (std::map<std::string, std::int64_t>{{kCommune, 1}, {kTax, 1}}));

    // Lateness attribution on 10-01 (both open past due) and after they finished.
    const wf::Dossier open = StateAtEndOf(h.events(), Day("2026-10-01"));
    const std::vector<StepOverrun> before = Overruns(open, At("2026-10-02T00:00"));
    ASSERT_EQ(before.size(), 2U);
    EXPECT_EQ(before[0].agency_code, kCommune);
    EXPECT_EQ(before[0].overrun_minutes, 55 * 60);  // 29/09 17:00 → 02/10 00:00
    EXPECT_FALSE(before[0].finished_at.has_value());
    EXPECT_EQ(before[1].agency_code, kTax);
    EXPECT_TRUE(before[1].consultation);
    const std::vector<StepOverrun> after = Overruns(wf::Replay(h.events()), At("2026-12-31T00:00"));
    ASSERT_EQ(after.size(), 2U);
    EXPECT_EQ(after[1].overrun_minutes, (24 + 16) * 60);  // 30/09 17:00 → 02/10 09:00
}

TEST(Facts, IncrementalFactsEqualTheWholeHistorysFacts) {
    History h;
    h.Submit("2026-09-28T09:00")
        .Receive("2026-09-28T09:00", "2026-10-01T17:00")
        .Add("2026-09-29T10:00", wf::SupplementRequested{{{"TP1", "mờ", "chụp lại"}}})
        .Add("2026-10-02T09:00", wf::SupplementReceived{{"TP1"}, At("2026-10-06T17:00")})
        .Add("2026-10-07T15:00", wf::ResultIssued{"Giấy khai sinh", wf::Verdict::kLate});
    // One append per event, as storage sees them.
    std::vector<Fact> incremental;
    wf::Dossier before;
    for (const wf::Event& e : h.events()) {
        for (Fact& f : FactsOf(before, e, Traits())) {
            incremental.push_back(std::move(f));
        }
        before = wf::Apply(before, e);
    }
    EXPECT_EQ(Merge(incremental), FactsOf(wf::Dossier{}, h.events(), Traits()));
}

TEST(Facts, ContributionSelectsAFigure) {
    History h;
    h.Submit("2026-09-28T09:00")
        .Receive("2026-09-28T09:00", "2026-10-01T17:00")
        .Add("2026-10-03T09:00", wf::ResultIssued{"Giấy khai sinh", wf::Verdict::kLate});
    const auto contribution = [&](Metric metric,
                                  std::string_view from,
                                  std::string_view to,
                                  std::vector<std::string> agencies = {}) {
        return ContributionOf(
                   h.events(), Traits(), {metric, Day(from), Day(to), std::move(agencies), "", ""})
            .value;
    };
    EXPECT_EQ(contribution(Metric::kSettledLate, "2026-10-01", "2026-10-31"), 1);
    EXPECT_EQ(contribution(Metric::kSettledLate, "2026-09-01", "2026-09-30"), 0);
    EXPECT_EQ(contribution(Metric::kPendingOverdue, "2026-10-02", "2026-10-02"), 1);
    EXPECT_EQ(contribution(Metric::kPending, "2026-09-30", "2026-09-30"), 1);
    EXPECT_EQ(contribution(Metric::kSettledLate, "2026-10-01", "2026-10-31", {kTax}), 0);
    EXPECT_EQ(contribution(Metric::kSettledLate, "2026-10-01", "2026-10-31", {kCommune}), 1);
}

}  // namespace
}  // namespace motcua::core::kpi
