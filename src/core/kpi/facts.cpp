#include "core/kpi/facts.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "common/overloaded.hpp"
#include "core/workflow/apply.hpp"

namespace motcua::core::kpi {
namespace {

namespace wf = workflow;
using calendar::LocalDate;
using std::chrono::days;

struct MetricInfo {
    Metric metric;
    std::string_view name;
};

constexpr std::array kMetrics{
    MetricInfo{Metric::kSubmittedOnlineSelf, "submitted_online_self"},
    MetricInfo{Metric::kSubmittedOnlineAssisted, "submitted_online_assisted"},
    MetricInfo{Metric::kSubmittedCounter, "submitted_counter"},
    MetricInfo{Metric::kSubmittedPostal, "submitted_postal"},
    MetricInfo{Metric::kReceivedOnlineSelf, "received_online_self"},
    MetricInfo{Metric::kReceivedOnlineAssisted, "received_online_assisted"},
    MetricInfo{Metric::kReceivedCounter, "received_counter"},
    MetricInfo{Metric::kReceivedPostal, "received_postal"},
    MetricInfo{Metric::kReceivedFeeProcedure, "received_fee_procedure"},
    MetricInfo{Metric::kReceivedFullOnlineProcedure, "received_full_online_procedure"},
    MetricInfo{Metric::kReceivedOnlineFullOnlineProcedure, "received_online_full_online_procedure"},
    MetricInfo{Metric::kSettledEarly, "settled_early"},
    MetricInfo{Metric::kSettledOnTime, "settled_on_time"},
    MetricInfo{Metric::kSettledLate, "settled_late"},
    MetricInfo{Metric::kSettledWithoutVerdict, "settled_without_verdict"},
    MetricInfo{Metric::kResultIssued, "result_issued"},
    MetricInfo{Metric::kRefusedAtReception, "refused_at_reception"},
    MetricInfo{Metric::kRefusedAfterReception, "refused_after_reception"},
    MetricInfo{Metric::kStopped, "stopped"},
    MetricInfo{Metric::kWithdrawnBeforeReception, "withdrawn_before_reception"},
    MetricInfo{Metric::kWithdrawnAfterReception, "withdrawn_after_reception"},
    MetricInfo{Metric::kWithdrawnPastDue, "withdrawn_past_due"},
    MetricInfo{Metric::kReturnedCounter, "returned_counter"},
    MetricInfo{Metric::kReturnedPostal, "returned_postal"},
    MetricInfo{Metric::kReturnedOnline, "returned_online"},
    MetricInfo{Metric::kSupplementRequestedAtReception, "supplement_requested_at_reception"},
    MetricInfo{Metric::kSupplementRequestedInProcessing, "supplement_requested_in_processing"},
    MetricInfo{Metric::kSupplementReceived, "supplement_received"},
    MetricInfo{Metric::kSettledInTimeManySupplements, "settled_in_time_many_supplements"},
    MetricInfo{Metric::kSettledInTimeBothExceptions, "settled_in_time_both_exceptions"},
    MetricInfo{Metric::kApologyIssued, "apology_issued"},
    MetricInfo{Metric::kApologyLateNotice, "apology_late_notice"},
    MetricInfo{Metric::kSettledInTimeLateByOriginalDue, "settled_in_time_late_by_original_due"},
    MetricInfo{Metric::kDossierPaid, "dossier_paid"},
    MetricInfo{Metric::kDossierPaidOnline, "dossier_paid_online"},
    MetricInfo{Metric::kRated, "rated"},
    MetricInfo{Metric::kRatingPoints, "rating_points"},
    MetricInfo{Metric::kRatedUnhappy, "rated_unhappy"},
    MetricInfo{Metric::kSettlementMinutes, "settlement_minutes"},
    MetricInfo{Metric::kSettlementCount, "settlement_count"},
    MetricInfo{Metric::kStepEarly, "step_early"},
    MetricInfo{Metric::kStepOnTime, "step_on_time"},
    MetricInfo{Metric::kStepLate, "step_late"},
    MetricInfo{Metric::kPending, "pending"},
    MetricInfo{Metric::kPendingOverdue, "pending_overdue"},
    MetricInfo{Metric::kPendingWaiting, "pending_waiting"},
};

constexpr std::array<Metric, kMetrics.size()> MetricList() {
    std::array<Metric, kMetrics.size()> out{};
    for (std::size_t i = 0; i < kMetrics.size(); ++i) {
        out[i] = kMetrics[i].metric;
    }
    return out;
}

constexpr std::array<Metric, kMetrics.size()> kMetricList = MetricList();

LocalDate DayOf(wf::LocalDateTime t) {
    return std::chrono::floor<days>(t);
}

// Collects the facts of one event.
class Collector {
public:
    Collector(const wf::Dossier& dossier, const ProcedureTraits& traits, std::vector<Fact>& out)
        : dossier_(dossier), traits_(traits), out_(out) {}

    void Add(Metric metric, LocalDate day, std::int64_t value = 1) {
        Add(metric, day, dossier_.handling_agency_code, value);
    }

    void Add(Metric metric, LocalDate day, const std::string& agency, std::int64_t value = 1) {
        out_.push_back({metric, day, agency, dossier_.procedure_code, traits_.sector_code, value});
    }

private:
    const wf::Dossier& dossier_;
    const ProcedureTraits& traits_;
    std::vector<Fact>& out_;
};

// The level contributions of `s` from day `from` onwards, with `sign`.
void AddLevels(const wf::Dossier& s,
               LocalDate from,
               std::int64_t sign,
               const ProcedureTraits& traits,
               std::vector<Fact>& out) {
    if (!s.received_at.has_value() || s.finished_at.has_value()) {
        return;
    }
    Collector c(s, traits, out);
    c.Add(Metric::kPending, from, sign);
    if (s.paused_since.has_value()) {
        c.Add(Metric::kPendingWaiting, from, sign);
        return;
    }
    if (s.due_at.has_value()) {
        // Form 06a: pending "trong hạn" while the due date is not before the report day.
        c.Add(Metric::kPendingOverdue, std::max(from, DayOf(*s.due_at) + days{1}), sign);
    }
}

// The end of processing of a received dossier with `verdict`, on `at`.
void AddSettled(const wf::Dossier& after, wf::Verdict verdict, wf::LocalDateTime at, Collector& c) {
    const LocalDate day = DayOf(at);
    switch (verdict) {
        case wf::Verdict::kEarly:
            c.Add(Metric::kSettledEarly, day);
            break;
        case wf::Verdict::kOnTime:
            c.Add(Metric::kSettledOnTime, day);
            break;
        case wf::Verdict::kLate:
            c.Add(Metric::kSettledLate, day);
            return;
        case wf::Verdict::kPending:
            c.Add(Metric::kSettledWithoutVerdict, day);
            return;
    }
    const bool many = after.supplement_requests >= 2;
    const bool late_by_original = after.original_due_at.has_value() &&
                                  wf::Judge(at, *after.original_due_at) == wf::Verdict::kLate;
    if (many) {
        c.Add(Metric::kSettledInTimeManySupplements, day);
    }
    if (late_by_original) {
        c.Add(Metric::kSettledInTimeLateByOriginalDue, day);
    }
    if (many && late_by_original) {
        c.Add(Metric::kSettledInTimeBothExceptions, day);
    }
}

void AppendFacts(const wf::Dossier& before,
                 const wf::Event& e,
                 const wf::Dossier& after,
                 const ProcedureTraits& traits,
                 std::vector<Fact>& out) {
    const LocalDate day = DayOf(e.at);
    AddLevels(before, day, -1, traits, out);
    AddLevels(after, day, +1, traits, out);
    Collector c(after, traits, out);
    const bool was_received = before.received_at.has_value();
    std::visit(
        Overloaded{
            [&](const wf::Submitted& x) {
                switch (x.channel) {
                    case wf::Channel::kOnline:
                        c.Add(x.assisted ? Metric::kSubmittedOnlineAssisted
                                         : Metric::kSubmittedOnlineSelf,
                              day);
                        break;
                    case wf::Channel::kCounter:
                        c.Add(Metric::kSubmittedCounter, day);
                        break;
                    case wf::Channel::kPostal:
                        c.Add(Metric::kSubmittedPostal, day);
                        break;
                }
            },
            [&](const wf::Received&) {
                const bool online = after.channel == wf::Channel::kOnline;
                switch (after.channel) {
                    case wf::Channel::kOnline:
                        c.Add(after.assisted ? Metric::kReceivedOnlineAssisted
                                             : Metric::kReceivedOnlineSelf,
                              day);
                        break;
                    case wf::Channel::kCounter:
                        c.Add(Metric::kReceivedCounter, day);
                        break;
                    case wf::Channel::kPostal:
                        c.Add(Metric::kReceivedPostal, day);
                        break;
                }
                if (traits.has_fee) {
                    c.Add(Metric::kReceivedFeeProcedure, day);
                }
                if (traits.online_level == catalog::OnlineLevel::kFull) {
                    c.Add(Metric::kReceivedFullOnlineProcedure, day);
                    if (online) {
                        c.Add(Metric::kReceivedOnlineFullOnlineProcedure, day);
                    }
                }
            },
            [&](const wf::SupplementRequested&) {
                c.Add(was_received ? Metric::kSupplementRequestedInProcessing
                                   : Metric::kSupplementRequestedAtReception,
                      day);
            },
            [&](const wf::SupplementReceived&) { c.Add(Metric::kSupplementReceived, day); },
            [&](const wf::Refused&) {
                if (!was_received) {
                    c.Add(Metric::kRefusedAtReception, day);
                    return;
                }
                c.Add(Metric::kRefusedAfterReception, day);
                AddSettled(after, after.verdict, e.at, c);
            },
            [&](const wf::StepStarted&) {},
            [&](const wf::StepAssigned&) {},
            [&](const wf::StepCompleted& x) {
                const auto step = std::find_if(
                    after.steps.begin(), after.steps.end(), [&](const wf::StepRecord& s) {
                        return s.index == x.index;
                    });
                if (step == after.steps.end()) {
                    return;
                }
                switch (x.verdict) {
                    case wf::Verdict::kEarly:
                        c.Add(Metric::kStepEarly, day, step->agency_code);
                        break;
                    case wf::Verdict::kOnTime:
                        c.Add(Metric::kStepOnTime, day, step->agency_code);
                        break;
                    case wf::Verdict::kLate:
                        c.Add(Metric::kStepLate, day, step->agency_code);
                        break;
                    case wf::Verdict::kPending:
                        break;
                }
            },
            [&](const wf::PaymentRequested&) {},
            [&](const wf::PaymentReceived& x) {
                if (before.amount_paid_vnd != 0) {
                    return;  // counted at the first payment
                }
                const LocalDate received = DayOf(after.received_at.value_or(e.at));
                c.Add(Metric::kDossierPaid, received);
                if (x.method == "online") {
                    c.Add(Metric::kDossierPaidOnline, received);
                }
            },
            [&](const wf::ResultIssued& x) {
                c.Add(Metric::kResultIssued, day);
                if (!was_received) {
                    return;
                }
                AddSettled(after, x.verdict, e.at, c);
                const LocalDate received = DayOf(*after.received_at);
                c.Add(Metric::kSettlementMinutes, received, (e.at - *after.received_at).count());
                c.Add(Metric::kSettlementCount, received);
            },
            [&](const wf::Returned& x) {
                switch (x.method) {
                    case wf::ReturnMethod::kCounter:
                        c.Add(Metric::kReturnedCounter, day);
                        break;
                    case wf::ReturnMethod::kPostal:
                        c.Add(Metric::kReturnedPostal, day);
                        break;
                    case wf::ReturnMethod::kOnline:
                        c.Add(Metric::kReturnedOnline, day);
                        break;
                }
            },
            [&](const wf::ApologyIssued& x) {
                c.Add(Metric::kApologyIssued, day);
                if (x.late_notice) {
                    c.Add(Metric::kApologyLateNotice, day);
                }
            },
            [&](const wf::Stopped& x) {
                c.Add(Metric::kStopped, day);
                if (was_received) {
                    AddSettled(after, x.verdict, e.at, c);
                }
            },
            [&](const wf::Withdrawn&) {
                if (!was_received) {
                    c.Add(Metric::kWithdrawnBeforeReception, day);
                    return;
                }
                c.Add(Metric::kWithdrawnAfterReception, day);
                c.Add(Metric::kSettledWithoutVerdict, day);
                if (before.due_at.has_value() && e.at > *before.due_at) {
                    c.Add(Metric::kWithdrawnPastDue, day);
                }
            },
            [&](const wf::Rated& x) {
                c.Add(Metric::kRated, day);
                c.Add(Metric::kRatingPoints, day, x.score);
                if (x.score <= kUnhappyMaxScore) {
                    c.Add(Metric::kRatedUnhappy, day);
                }
            },
        },
        e.data);
}

auto Key(const Fact& f) {
    return std::tie(f.metric, f.day, f.agency_code, f.procedure_code, f.sector_code);
}

}  // namespace

std::span<const Metric> AllMetrics() {
    return kMetricList;
}

std::string_view MetricName(Metric metric) {
    for (const MetricInfo& m : kMetrics) {
        if (m.metric == metric) {
            return m.name;
        }
    }
    return "unknown";
}

Result<Metric> ParseMetric(std::string_view name) {
    for (const MetricInfo& m : kMetrics) {
        if (m.name == name) {
            return m.metric;
        }
    }
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("unknown metric '{}'", name),
                fmt::format("không có chỉ tiêu '{}'", name),
                "metric");
}

Result<Metric> MetricFromCode(int code) {
    for (const MetricInfo& m : kMetrics) {
        if (static_cast<int>(m.metric) == code) {
            return m.metric;
        }
    }
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("unknown metric code {}", code),
                fmt::format("không có chỉ tiêu mã {}", code),
                "metric");
}

bool IsLevel(Metric metric) {
    return static_cast<int>(metric) >= static_cast<int>(Metric::kPending);
}

bool IsStepMetric(Metric metric) {
    return metric == Metric::kStepEarly || metric == Metric::kStepOnTime ||
           metric == Metric::kStepLate;
}

ProcedureTraits TraitsOf(const catalog::ProcedureVersion& version) {
    ProcedureTraits t;
    t.sector_code = version.sector_code;
    t.online_level = version.online_level;
    t.has_fee = std::any_of(version.fees.begin(), version.fees.end(), [](const catalog::Fee& f) {
        return f.amount_vnd > 0;
    });
    return t;
}

std::vector<Fact> FactsOf(const wf::Dossier& before,
                          const wf::Event& event,
                          const ProcedureTraits& traits) {
    std::vector<Fact> out;
    AppendFacts(before, event, wf::Apply(before, event), traits, out);
    return out;
}

std::vector<Fact> FactsOf(const wf::Dossier& before,
                          std::span<const wf::Event> events,
                          const ProcedureTraits& traits) {
    std::vector<Fact> out;
    wf::Dossier current = before;
    for (const wf::Event& e : events) {
        wf::Dossier next = wf::Apply(current, e);
        AppendFacts(current, e, next, traits, out);
        current = std::move(next);
    }
    return Merge(std::move(out));
}

std::vector<Fact> Merge(std::vector<Fact> facts) {
    std::sort(
        facts.begin(), facts.end(), [](const Fact& a, const Fact& b) { return Key(a) < Key(b); });
    std::vector<Fact> out;
    out.reserve(facts.size());
    for (Fact& f : facts) {
        if (!out.empty() && Key(out.back()) == Key(f)) {
            out.back().value += f.value;
        } else {
            out.push_back(std::move(f));
        }
    }
    std::erase_if(out, [](const Fact& f) { return f.value == 0; });
    return out;
}

Contribution ContributionOf(std::span<const wf::Event> events,
                            const ProcedureTraits& traits,
                            const FigureFilter& filter) {
    Contribution out;
    const bool level = IsLevel(filter.metric);
    for (const Fact& f : FactsOf(wf::Dossier{}, events, traits)) {
        if (f.metric != filter.metric || f.day > filter.to || (!level && f.day < filter.from)) {
            continue;
        }
        if ((!filter.agencies.empty() &&
             !std::binary_search(filter.agencies.begin(), filter.agencies.end(), f.agency_code)) ||
            (!filter.procedure_code.empty() && f.procedure_code != filter.procedure_code) ||
            (!filter.sector_code.empty() && f.sector_code != filter.sector_code)) {
            continue;
        }
        out.value += f.value;
        out.agency_code = f.agency_code;
    }
    return out;
}

wf::Dossier StateAtEndOf(std::span<const wf::Event> events, LocalDate day) {
    wf::Dossier d;
    for (const wf::Event& e : events) {
        if (DayOf(e.at) > day) {
            break;
        }
        d = wf::Apply(std::move(d), e);
    }
    return d;
}

std::vector<StepOverrun> Overruns(const wf::Dossier& dossier, wf::LocalDateTime as_of) {
    std::vector<StepOverrun> out;
    for (const wf::StepRecord& s : dossier.steps) {
        const wf::LocalDateTime end = s.finished_at.value_or(as_of);
        if (end <= s.due_at) {
            continue;
        }
        out.push_back({s.index,
                       s.name,
                       s.agency_code,
                       s.consultation,
                       s.started_at,
                       s.due_at,
                       s.finished_at,
                       (end - s.due_at).count()});
    }
    return out;
}

}  // namespace motcua::core::kpi
