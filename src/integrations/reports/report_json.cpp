#include "integrations/reports/report_json.hpp"

#include <cmath>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace motcua::integrations::reports {
namespace {

namespace kpi = core::kpi;
namespace cal = core::calendar;
namespace wf = core::workflow;
using json = nlohmann::ordered_json;

template <class T>
json Optional(const std::optional<T>& value) {
    return value.has_value() ? json(*value) : json(nullptr);
}

json Text(std::string_view text) {
    return text.empty() ? json(nullptr) : json(std::string(text));
}

json Time(const std::optional<wf::LocalDateTime>& t) {
    return t.has_value() ? json(cal::FormatDateTime(*t)) : json(nullptr);
}

json PeriodJson(const kpi::Period& p) {
    return {{"label", p.label},
            {"kind", kpi::PeriodKindName(p.kind)},
            {"from", cal::FormatDate(p.from)},
            {"to", cal::FormatDate(p.to)}};
}

json Metrics(const std::vector<kpi::Metric>& metrics) {
    json out = json::array();
    for (const kpi::Metric m : metrics) {
        out.push_back(kpi::MetricName(m));
    }
    return out;
}

json BandJson(const std::optional<kpi::Band>& band) {
    if (!band.has_value()) {
        return {{"band", nullptr}, {"band_vi", nullptr}};
    }
    return {{"band", kpi::BandName(*band)}, {"band_vi", kpi::BandNameVi(*band)}};
}

json IndicatorJson(const kpi::IndicatorResult& r) {
    json parts = json::array();
    for (const kpi::SubFigure& p : r.parts) {
        parts.push_back({{"name", p.name},
                         {"numerator", p.numerator},
                         {"denominator", p.denominator},
                         {"percent", Optional(p.percent)}});
    }
    return {{"id", r.id},
            {"group", r.group},
            {"name", r.name},
            {"max_points", r.max_points},
            {"threshold_percent",
             r.threshold.has_value() ? json(std::round(*r.threshold * 10000.0) / 100.0)
                                     : json(nullptr)},
            {"verified", r.verified},
            {"available", r.available},
            {"unavailable_reason", Text(r.unavailable_reason)},
            {"numerator", Optional(r.numerator)},
            {"denominator", Optional(r.denominator)},
            {"value", Optional(r.value)},
            {"unit", r.unit},
            {"points", Optional(r.points)},
            {"formula", r.formula},
            {"metrics", Metrics(r.metrics)},
            {"shortfall_metrics", Metrics(r.shortfall_metrics)},
            {"parts", parts}};
}

json IndexBody(const kpi::Index766& index) {
    json groups = json::array();
    for (const kpi::GroupResult& g : index.groups) {
        groups.push_back({{"group", g.group},
                          {"name", g.name},
                          {"max_points", g.max_points},
                          {"computable_points", g.computable_points},
                          {"points", g.points}});
    }
    json indicators = json::array();
    for (const kpi::IndicatorResult& r : index.indicators) {
        indicators.push_back(IndicatorJson(r));
    }
    json out = {{"config_version", index.config_version},
                {"score", index.score},
                {"max_points", index.max_points},
                {"computable_points", index.computable_points},
                {"score_of_computable", Optional(index.score_of_computable)},
                {"on_time_percent", Optional(index.on_time_percent)}};
    out.update(BandJson(index.band));
    out["groups"] = std::move(groups);
    out["indicators"] = std::move(indicators);
    return out;
}

json RateJson(const kpi::Rate& r) {
    return {{"numerator", r.numerator},
            {"denominator", r.denominator},
            {"percent", Optional(r.percent)},
            {"unavailable_reason", Text(r.unavailable)}};
}

json FiguresJson(const kpi::SettlementFigures& f) {
    return {{"to_settle", f.to_settle},
            {"carried_over", f.carried_over},
            {"received", f.received},
            {"received_online", f.received_online},
            {"received_direct", f.received_direct},
            {"received_postal", f.received_postal},
            {"settled", f.settled},
            {"settled_early", f.settled_early},
            {"settled_on_time", f.settled_on_time},
            {"settled_late", f.settled_late},
            {"settled_without_verdict", f.settled_without_verdict},
            {"pending", f.pending},
            {"pending_in_time", f.pending_in_time},
            {"pending_overdue", f.pending_overdue},
            {"pending_waiting", f.pending_waiting},
            {"supplement_requests", f.supplement_requests},
            {"refusals", f.refusals},
            {"refused_at_reception", f.refused_at_reception},
            {"stopped", f.stopped},
            {"apologies", f.apologies},
            {"withdrawals", f.withdrawals},
            {"results_returned", f.results_returned},
            {"on_time", RateJson(f.on_time)},
            {"digital_take_up", RateJson(f.digital_take_up)},
            {"self_service", RateJson(f.self_service)},
            {"assisted", RateJson(f.assisted)},
            {"online_payment", RateJson(f.online_payment)},
            {"digitization", RateJson(f.digitization)},
            {"reuse", RateJson(f.reuse)},
            {"draft_completion", RateJson(f.draft_completion)},
            {"median_minutes_to_submit", Optional(f.median_minutes_to_submit)},
            {"median_minutes_to_submit_unavailable_reason",
             Text(f.median_minutes_to_submit_unavailable)},
            {"average_settlement_days", Optional(f.average_settlement_days)}};
}

json RowJson(const kpi::SettlementRow& r) {
    return {{"code", Text(r.code)},
            {"name", r.name},
            {"parent_code", Text(r.parent_code)},
            {"figures", FiguresJson(r.figures)}};
}

json RankedJson(const kpi::RankedAgency& a) {
    json out = {{"rank", a.rank},
                {"code", a.code},
                {"name", a.name},
                {"score", a.score},
                {"points", a.index.score},
                {"computable_points", a.index.computable_points},
                {"on_time_percent", Optional(a.index.on_time_percent)}};
    out.update(BandJson(a.index.band));
    out["flagged"] = a.flagged;
    out["periods_in_bottom"] = a.periods_in_bottom;
    return out;
}

std::string Dump(const json& j, int indent) {
    return j.dump(indent < 0 ? -1 : indent);
}

}  // namespace

std::string IndexJson(const kpi::IndexReport& report, int indent) {
    json out = {{"period", PeriodJson(report.period)},
                {"as_of", cal::FormatDate(report.as_of)},
                {"scope",
                 {{"agency", Text(report.scope.agency_code)},
                  {"agency_name", report.agency_name},
                  {"sector", Text(report.scope.sector_code)},
                  {"procedure", Text(report.scope.procedure_code)}}}};
    out.update(IndexBody(report.index));
    return Dump(out, indent);
}

std::string RankingJson(const kpi::RankingReport& report, int indent) {
    json agencies = json::array();
    for (const kpi::RankedAgency& a : report.agencies) {
        agencies.push_back(RankedJson(a));
    }
    json communes = json::array();
    for (const kpi::RankedAgency& a : report.communes) {
        communes.push_back(RankedJson(a));
    }
    const json out = {{"period", PeriodJson(report.period)},
                      {"as_of", cal::FormatDate(report.as_of)},
                      {"config_version", report.config_version},
                      {"flag",
                       {{"bottom", report.flag.bottom},
                        {"consecutive_periods", report.flag.consecutive_periods}}},
                      {"agencies", agencies},
                      {"communes", communes}};
    return Dump(out, indent);
}

std::string SettlementJson(const kpi::SettlementReport& report, int indent) {
    json sections = json::array();
    for (const kpi::SettlementSection& s : report.sections) {
        json rows = json::array();
        for (const kpi::SettlementRow& r : s.rows) {
            rows.push_back(RowJson(r));
        }
        sections.push_back(
            {{"key", s.key}, {"title", s.title}, {"rows", rows}, {"total", RowJson(s.total)}});
    }
    const json out = {{"period", PeriodJson(report.period)},
                      {"as_of", cal::FormatDate(report.as_of)},
                      {"agency", Text(report.agency_code)},
                      {"agency_name", report.agency_name},
                      {"total", RowJson(report.total)},
                      {"sections", sections}};
    return Dump(out, indent);
}

std::string DrillDownJson(const core::ports::DrillDownPage& page, int indent) {
    json items = json::array();
    for (const core::ports::FigureDossier& d : page.items) {
        json overruns = json::array();
        for (const kpi::StepOverrun& o : d.overruns) {
            overruns.push_back({{"index", o.index},
                                {"name", o.name},
                                {"agency", o.agency_code},
                                {"consultation", o.consultation},
                                {"started_at", cal::FormatDateTime(o.started_at)},
                                {"due_at", cal::FormatDateTime(o.due_at)},
                                {"finished_at", Time(o.finished_at)},
                                {"overrun_minutes", o.overrun_minutes}});
        }
        items.push_back({{"id", d.id.value()},
                         {"code", d.code},
                         {"agency", d.agency_code},
                         {"procedure", d.procedure_code},
                         {"sector", d.sector_code},
                         {"channel", wf::ChannelName(d.channel)},
                         {"status", static_cast<int>(d.status)},
                         {"status_name", wf::StatusName(d.status)},
                         {"received_at", Time(d.received_at)},
                         {"due_at", Time(d.due_at)},
                         {"original_due_at", Time(d.original_due_at)},
                         {"finished_at", Time(d.finished_at)},
                         {"verdict", wf::VerdictName(d.verdict)},
                         {"contribution", d.contribution},
                         {"overruns", overruns}});
    }
    const json out = {{"total", page.total}, {"sum", page.sum}, {"items", items}};
    return Dump(out, indent);
}

}  // namespace motcua::integrations::reports
