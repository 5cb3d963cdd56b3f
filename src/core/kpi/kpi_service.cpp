#include "core/kpi/kpi_service.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

namespace motcua::core::kpi {
namespace {

using calendar::LocalDate;
using ports::CounterRow;
using ports::KpiReference;
using std::chrono::days;
using CodeSet = std::set<std::string, std::less<>>;

// The agency tree of the reference data.
class Tree {
public:
    explicit Tree(const std::vector<ports::KpiAgency>& agencies) : agencies_(agencies) {
        for (std::size_t i = 0; i < agencies_.size(); ++i) {
            index_.emplace(agencies_[i].code, i);
            children_[agencies_[i].parent_code].push_back(agencies_[i].code);
        }
    }

    const ports::KpiAgency* Find(std::string_view code) const {
        const auto it = index_.find(code);
        return it == index_.end() ? nullptr : &agencies_[it->second];
    }

    // `code` and every agency below it.
    CodeSet Subtree(std::string_view code) const {
        CodeSet out;
        std::vector<std::string> todo{std::string(code)};
        while (!todo.empty()) {
            std::string c = std::move(todo.back());
            todo.pop_back();
            if (!out.insert(c).second) {
                continue;
            }
            if (const auto it = children_.find(c); it != children_.end()) {
                todo.insert(todo.end(), it->second.begin(), it->second.end());
            }
        }
        return out;
    }

    // The root's name (the province), or empty.
    std::string RootName() const {
        for (const ports::KpiAgency& a : agencies_) {
            if (a.parent_code.empty()) {
                return a.name;
            }
        }
        return {};
    }

private:
    const std::vector<ports::KpiAgency>& agencies_;
    std::map<std::string, std::size_t, std::less<>> index_;
    std::map<std::string, std::vector<std::string>, std::less<>> children_;
};

tl::unexpected<Error> UnknownAgency(std::string_view code) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("no agency {}", code),
                fmt::format("không có cơ quan mã {}", code),
                "agency");
}

// Sum of the rows whose agency is in `agencies` (all when null).
Totals Sum(const std::vector<CounterRow>& rows, const CodeSet* agencies) {
    Totals t;
    for (const CounterRow& r : rows) {
        if (agencies == nullptr || agencies->contains(r.agency_code)) {
            t.Add(r.metric, r.value);
        }
    }
    return t;
}

// The distinct procedures of `pairs` (agency, procedure) whose agency is in `agencies`.
CodeSet ProceduresOf(const std::vector<std::pair<std::string, std::string>>& pairs,
                     const CodeSet* agencies) {
    CodeSet out;
    for (const auto& [agency, procedure] : pairs) {
        if (agencies == nullptr || agencies->contains(agency)) {
            out.insert(procedure);
        }
    }
    return out;
}

bool InScope(const ports::KpiProcedure& p, const Scope& scope) {
    return (scope.sector_code.empty() || p.sector_code == scope.sector_code) &&
           (scope.procedure_code.empty() || p.code == scope.procedure_code);
}

// The procedures the agencies of `agencies` have an internal process for.
CodeSet CompetenceOf(const KpiReference& ref, const CodeSet& agencies) {
    CodeSet out;
    for (const auto& [procedure, agency] : ref.processes) {
        if (agencies.contains(agency)) {
            out.insert(procedure);
        }
    }
    return out;
}

// Catalog figures of the procedures in force in `competent` (every one when null).
CatalogFigures CatalogOf(const KpiReference& ref,
                         const CodeSet* competent,
                         const Scope& scope,
                         const CodeSet* online_active,
                         const CodeSet& paid_online) {
    CatalogFigures c;
    if (online_active != nullptr) {
        c.online_with_dossiers = 0;
    }
    for (const ports::KpiProcedure& p : ref.procedures) {
        if (!InScope(p, scope) || (competent != nullptr && !competent->contains(p.code))) {
            continue;
        }
        ++c.procedures;
        if (p.has_name && p.has_steps && p.has_components && p.has_subjects && p.has_agency) {
            ++c.published_in_full;
        }
        if (p.online_level != catalog::OnlineLevel::kNone) {
            ++c.online;
            if (online_active != nullptr && online_active->contains(p.code)) {
                ++*c.online_with_dossiers;
            }
        }
        if (p.has_fee) {
            ++c.with_fee;
            if (paid_online.contains(p.code)) {
                ++c.with_online_payment;
            }
        }
    }
    return c;
}

// Flows, levels and the procedures paid online for one period, by agency.
struct PeriodCounters {
    std::vector<CounterRow> flows;
    std::vector<CounterRow> levels;
    std::vector<std::pair<std::string, std::string>> paid_online;
};

// `agencies`: the scope's agencies when it is not the whole province (null); `by_agency`: the
// procedures paid online are wanted per agency (rankings, agency scopes).
Result<PeriodCounters> Read(ports::KpiStore& store,
                            const Period& period,
                            const Scope& scope,
                            const CodeSet* agencies,
                            bool by_agency) {
    PeriodCounters out;
    ports::CounterQuery q{
        period.from, period.to, false, scope.sector_code, scope.procedure_code, {}};
    if (agencies != nullptr) {
        q.agencies.assign(agencies->begin(), agencies->end());
    }
    MOTCUA_ASSIGN_OR_RETURN(out.flows, store.Flows(q));
    MOTCUA_ASSIGN_OR_RETURN(out.levels, store.Levels(q));
    MOTCUA_ASSIGN_OR_RETURN(
        out.paid_online,
        store.ActiveProcedures(
            Metric::kDossierPaidOnline, period.from, period.to, by_agency, q.agencies));
    return out;
}

// The levels at the end of a period: those of the day before it plus the level changes among
// the period's flows (rows are summed by whoever reads them).
std::vector<CounterRow> LevelsAtEnd(const std::vector<CounterRow>& before,
                                    const std::vector<CounterRow>& flows) {
    std::vector<CounterRow> out = before;
    for (const CounterRow& r : flows) {
        if (IsLevel(r.metric)) {
            out.push_back(r);
        }
    }
    return out;
}

// Totals per agency code, in one pass over the rows.
std::map<std::string, Totals, std::less<>> ByAgency(const std::vector<CounterRow>& rows) {
    std::map<std::string, Totals, std::less<>> out;
    for (const CounterRow& r : rows) {
        out[r.agency_code].Add(r.metric, r.value);
    }
    return out;
}

// The drafts counted under `agencies`; all of them (those without an agency too) when null.
std::vector<DraftTally> DraftsUnder(const std::vector<DraftTally>& drafts,
                                    const CodeSet* agencies) {
    std::vector<DraftTally> out;
    for (const DraftTally& t : drafts) {
        if (agencies == nullptr || agencies->contains(t.agency_code)) {
            out.push_back(t);
        }
    }
    return out;
}

// Section rows of `agencies` (in reference order) from rows by agency.
SettlementSection AgencySection(std::string key,
                                std::string title,
                                const std::vector<const ports::KpiAgency*>& agencies,
                                const std::vector<CounterRow>& flows,
                                const std::vector<CounterRow>& before,
                                const std::vector<CounterRow>& end,
                                const std::vector<DraftTally>& drafts) {
    SettlementSection s;
    s.key = std::move(key);
    s.title = std::move(title);
    const auto by_flows = ByAgency(flows);
    const auto by_before = ByAgency(before);
    const auto by_end = ByAgency(end);
    const auto of = [](const std::map<std::string, Totals, std::less<>>& m, const std::string& k) {
        const auto it = m.find(k);
        return it == m.end() ? Totals{} : it->second;
    };
    Totals all_flows;
    Totals all_before;
    Totals all_end;
    CodeSet codes;
    for (const ports::KpiAgency* a : agencies) {
        const Totals f = of(by_flows, a->code);
        const Totals b = of(by_before, a->code);
        const Totals e = of(by_end, a->code);
        all_flows += f;
        all_before += b;
        all_end += e;
        s.rows.push_back({a->code, a->name, a->parent_code, FiguresOf(f, b, e)});
        const CodeSet one{a->code};
        AddDraftFigures(s.rows.back().figures, DraftsUnder(drafts, &one));
        codes.insert(a->code);
    }
    s.total = {"", "Tổng cộng", "", FiguresOf(all_flows, all_before, all_end)};
    AddDraftFigures(s.total.figures, DraftsUnder(drafts, &codes));
    return s;
}

}  // namespace

Result<Period> KpiService::Clamp(const Period& period) const {
    const LocalDate today = std::chrono::floor<days>(calendar::ToLocal(clock_.Now()));
    return ClampTo(period, today);
}

Result<Index766Config> KpiService::Config(LocalDate day) const {
    MOTCUA_ASSIGN_OR_RETURN(Index766Config config, ConfigInForce(configs_, day));
    MOTCUA_TRY(ValidateConfig(config));
    return config;
}

Result<IndexReport> KpiService::Index(const Period& asked, const Scope& scope) {
    MOTCUA_ASSIGN_OR_RETURN(const Period period, Clamp(asked));
    MOTCUA_ASSIGN_OR_RETURN(const Index766Config config, Config(period.to));
    MOTCUA_ASSIGN_OR_RETURN(const KpiReference ref, store_.Reference(period.to));
    const Tree tree(ref.agencies);
    IndexReport out;
    out.period = period;
    out.as_of = period.to;
    out.scope = scope;
    CodeSet subtree;
    const CodeSet* agencies = nullptr;
    if (!scope.agency_code.empty()) {
        const ports::KpiAgency* a = tree.Find(scope.agency_code);
        if (a == nullptr) {
            return UnknownAgency(scope.agency_code);
        }
        out.agency_name = a->name;
        subtree = tree.Subtree(scope.agency_code);
        agencies = &subtree;
    } else {
        out.agency_name = tree.RootName();
    }
    MOTCUA_ASSIGN_OR_RETURN(const PeriodCounters counters,
                            Read(store_, period, scope, agencies, agencies != nullptr));
    const std::vector<std::string> codes =
        agencies != nullptr ? std::vector<std::string>(agencies->begin(), agencies->end())
                            : std::vector<std::string>{};
    MOTCUA_ASSIGN_OR_RETURN(
        const auto online_self,
        store_.ActiveProcedures(
            Metric::kReceivedOnlineSelf, period.from, period.to, agencies != nullptr, codes));
    MOTCUA_ASSIGN_OR_RETURN(
        const auto online_assisted,
        store_.ActiveProcedures(
            Metric::kReceivedOnlineAssisted, period.from, period.to, agencies != nullptr, codes));
    CodeSet online = ProceduresOf(online_self, agencies);
    online.merge(ProceduresOf(online_assisted, agencies));
    IndexInputs inputs;
    inputs.flows = Sum(counters.flows, agencies);
    inputs.levels_end = Sum(counters.levels, agencies);
    CodeSet competent;
    if (agencies != nullptr) {
        competent = CompetenceOf(ref, *agencies);
    }
    inputs.catalog = CatalogOf(ref,
                               agencies != nullptr ? &competent : nullptr,
                               scope,
                               &online,
                               ProceduresOf(counters.paid_online, agencies));
    out.index = ComputeIndex766(inputs, config);
    return out;
}

Result<RankingReport> KpiService::Ranking(const Period& asked) {
    MOTCUA_ASSIGN_OR_RETURN(const Period period, Clamp(asked));
    MOTCUA_ASSIGN_OR_RETURN(const Index766Config config, Config(period.to));
    MOTCUA_ASSIGN_OR_RETURN(const KpiReference ref, store_.Reference(period.to));
    const Tree tree(ref.agencies);
    RankingReport out;
    out.period = period;
    out.as_of = period.to;
    out.config_version = config.version;
    out.flag = config.flag;

    struct Ranked {
        const ports::KpiAgency* agency;
        CodeSet subtree;
        CodeSet competence;
        bool commune;
    };

    std::vector<Ranked> ranked;
    for (const ports::KpiAgency& a : ref.agencies) {
        if (a.kind == model::AgencyKind::kDepartment || a.kind == model::AgencyKind::kCommune) {
            CodeSet subtree = tree.Subtree(a.code);
            CodeSet competence = CompetenceOf(ref, subtree);
            ranked.push_back({&a,
                              std::move(subtree),
                              std::move(competence),
                              a.kind == model::AgencyKind::kCommune});
        }
    }
    // One ranking per period, this one first, then the earlier ones the flag rule looks at.
    std::vector<std::pair<std::vector<RankedAgency>, std::vector<RankedAgency>>> history;
    Period p = period;
    for (int k = 0; k < config.flag.consecutive_periods; ++k) {
        MOTCUA_ASSIGN_OR_RETURN(const Index766Config cfg, Config(p.to));
        MOTCUA_ASSIGN_OR_RETURN(const PeriodCounters counters,
                                Read(store_, p, Scope{}, nullptr, true));
        std::vector<RankedAgency> departments;
        std::vector<RankedAgency> communes;
        const auto flows = ByAgency(counters.flows);
        const auto levels = ByAgency(counters.levels);
        std::map<std::string, CodeSet, std::less<>> paid;
        for (const auto& [agency, procedure] : counters.paid_online) {
            paid[agency].insert(procedure);
        }
        for (const Ranked& r : ranked) {
            IndexInputs inputs;
            CodeSet paid_online;
            for (const std::string& code : r.subtree) {
                if (const auto it = flows.find(code); it != flows.end()) {
                    inputs.flows += it->second;
                }
                if (const auto it = levels.find(code); it != levels.end()) {
                    inputs.levels_end += it->second;
                }
                if (const auto it = paid.find(code); it != paid.end()) {
                    paid_online.insert(it->second.begin(), it->second.end());
                }
            }
            inputs.catalog = CatalogOf(ref, &r.competence, Scope{}, nullptr, paid_online);
            RankedAgency a;
            a.code = r.agency->code;
            a.name = r.agency->name;
            a.index = ComputeIndex766(inputs, cfg);
            (r.commune ? communes : departments).push_back(std::move(a));
        }
        history.emplace_back(Rank(std::move(departments), cfg.band_basis),
                             Rank(std::move(communes), cfg.band_basis));
        p = PreviousPeriod(p);
    }
    // Flags: in the last places of every one of the periods looked at.
    const auto flag = [&](std::vector<RankedAgency> current, bool communes) {
        std::vector<CodeSet> bottoms;
        for (const auto& [departments, commune_list] : history) {
            const std::vector<std::string> codes =
                BottomCodes(communes ? commune_list : departments, config.flag.bottom);
            bottoms.emplace_back(codes.begin(), codes.end());
        }
        for (RankedAgency& a : current) {
            int streak = 0;
            while (streak < static_cast<int>(bottoms.size()) &&
                   bottoms[static_cast<std::size_t>(streak)].contains(a.code)) {
                ++streak;
            }
            a.periods_in_bottom = streak;
            a.flagged = streak >= config.flag.consecutive_periods;
        }
        return current;
    };
    out.agencies = flag(history.front().first, false);
    out.communes = flag(history.front().second, true);
    return out;
}

Result<SettlementReport> KpiService::Settlement(const Period& asked, std::string_view agency_code) {
    MOTCUA_ASSIGN_OR_RETURN(const Period period, Clamp(asked));
    MOTCUA_ASSIGN_OR_RETURN(const KpiReference ref, store_.Reference(period.to));
    const Tree tree(ref.agencies);
    SettlementReport out;
    out.period = period;
    out.as_of = period.to;
    out.agency_code = std::string(agency_code);
    CodeSet subtree;
    if (!agency_code.empty()) {
        const ports::KpiAgency* a = tree.Find(agency_code);
        if (a == nullptr) {
            return UnknownAgency(agency_code);
        }
        out.agency_name = a->name;
        subtree = tree.Subtree(agency_code);
    } else {
        out.agency_name = tree.RootName();
        for (const ports::KpiAgency& a : ref.agencies) {
            subtree.insert(a.code);
        }
    }
    const LocalDate before = period.from - days{1};
    ports::CounterQuery q{period.from, period.to, false, {}, {}, {}};
    MOTCUA_ASSIGN_OR_RETURN(const auto flows, store_.Flows(q));
    q.to = before;
    MOTCUA_ASSIGN_OR_RETURN(const auto levels_before, store_.Levels(q));
    const std::vector<CounterRow> levels_end = LevelsAtEnd(levels_before, flows);

    out.total = {
        out.agency_code,
        out.agency_name,
        "",
        FiguresOf(Sum(flows, &subtree), Sum(levels_before, &subtree), Sum(levels_end, &subtree))};
    // Online drafts started in the period, by their receiving agency; the province's total
    // also counts drafts whose applicant had not chosen an agency yet.
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<DraftTally> all_drafts,
                            store_.DraftsStarted(period.from, period.to));
    const std::vector<DraftTally> drafts =
        DraftsUnder(all_drafts, agency_code.empty() ? nullptr : &subtree);
    AddDraftFigures(out.total.figures, drafts);

    std::vector<const ports::KpiAgency*> province_level;
    std::vector<const ports::KpiAgency*> commune_level;
    for (const ports::KpiAgency& a : ref.agencies) {
        if (subtree.contains(a.code)) {
            (a.kind == model::AgencyKind::kCommune ? commune_level : province_level).push_back(&a);
        }
    }
    if (!province_level.empty()) {
        out.sections.push_back(AgencySection("province_level",
                                             "Cơ quan cấp tỉnh",
                                             province_level,
                                             flows,
                                             levels_before,
                                             levels_end,
                                             drafts));
    }
    if (!commune_level.empty()) {
        out.sections.push_back(AgencySection(
            "commune_level", "Cấp xã", commune_level, flows, levels_before, levels_end, drafts));
    }

    // Sectors: rows by sector for the province, by (agency, sector) for a smaller scope.
    q = {period.from, period.to, true, {}, {}, {}};
    if (!agency_code.empty()) {
        q.agencies.assign(subtree.begin(), subtree.end());
    }
    MOTCUA_ASSIGN_OR_RETURN(const auto sector_flows, store_.Flows(q));
    q.to = before;
    MOTCUA_ASSIGN_OR_RETURN(const auto sector_before, store_.Levels(q));
    const std::vector<CounterRow> sector_end = LevelsAtEnd(sector_before, sector_flows);
    std::map<std::string, std::array<Totals, 3>> by_sector;
    const auto add = [&](const std::vector<CounterRow>& rows, std::size_t slot) {
        for (const CounterRow& r : rows) {
            if ((agency_code.empty() || subtree.contains(r.agency_code)) &&
                !IsStepMetric(r.metric)) {
                by_sector[r.sector_code][slot].Add(r.metric, r.value);
            }
        }
    };
    add(sector_flows, 0);
    add(sector_before, 1);
    add(sector_end, 2);
    const std::map<std::string, std::string> sector_names(ref.sectors.begin(), ref.sectors.end());
    // Drafts by the sector of their procedure (in force at the period's end; drafts of
    // procedures no longer in force have no sector row).
    std::map<std::string, std::string, std::less<>> sector_of;
    for (const ports::KpiProcedure& p : ref.procedures) {
        sector_of.emplace(p.code, p.sector_code);
    }
    std::map<std::string, std::vector<DraftTally>> drafts_by_sector;
    for (const DraftTally& t : drafts) {
        if (const auto it = sector_of.find(t.procedure_code); it != sector_of.end()) {
            drafts_by_sector[it->second].push_back(t);
            by_sector.try_emplace(it->second);
        }
    }
    SettlementSection sectors;
    sectors.key = "sectors";
    sectors.title = "Lĩnh vực";
    Totals all_flows;
    Totals all_before;
    Totals all_end;
    for (const auto& [sector, totals] : by_sector) {
        const auto name = sector_names.find(sector);
        sectors.rows.push_back({sector,
                                name == sector_names.end() ? sector : name->second,
                                "",
                                FiguresOf(totals[0], totals[1], totals[2])});
        AddDraftFigures(sectors.rows.back().figures, drafts_by_sector[sector]);
        all_flows += totals[0];
        all_before += totals[1];
        all_end += totals[2];
    }
    sectors.total = {"", "Tổng cộng", "", FiguresOf(all_flows, all_before, all_end)};
    std::vector<DraftTally> sector_drafts;
    for (const auto& [sector, list] : drafts_by_sector) {
        sector_drafts.insert(sector_drafts.end(), list.begin(), list.end());
    }
    AddDraftFigures(sectors.total.figures, sector_drafts);
    if (!sectors.rows.empty()) {
        out.sections.push_back(std::move(sectors));
    }
    return out;
}

Result<ports::DrillDownPage> KpiService::Dossiers(Metric metric,
                                                  const Period& asked,
                                                  const Scope& scope,
                                                  int offset,
                                                  int limit) {
    MOTCUA_ASSIGN_OR_RETURN(const Period period, Clamp(asked));
    ports::DrillDownQuery q;
    q.metric = metric;
    q.from = period.from;
    q.to = period.to;
    q.sector_code = scope.sector_code;
    q.procedure_code = scope.procedure_code;
    q.offset = offset;
    q.limit = limit;
    if (!scope.agency_code.empty()) {
        MOTCUA_ASSIGN_OR_RETURN(const KpiReference ref, store_.Reference(period.to));
        const Tree tree(ref.agencies);
        if (tree.Find(scope.agency_code) == nullptr) {
            return UnknownAgency(scope.agency_code);
        }
        const CodeSet subtree = tree.Subtree(scope.agency_code);
        q.agencies.assign(subtree.begin(), subtree.end());
    }
    return store_.Dossiers(q);
}

}  // namespace motcua::core::kpi
