#include "storage/sqlite/dossier_queries.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/overloaded.hpp"
#include "core/catalog/text_fold.hpp"
#include "storage/common/json_codec.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace wf = core::workflow;
namespace cal = core::calendar;
using core::ports::DossierFilter;
using core::ports::DossierOrder;
using core::ports::DossierSummary;
using core::ports::StepSummary;

// Open = not terminal. Written exactly as the partial index dossiers_open_due states it, so the
// planner may use that index.
constexpr std::string_view kOpen = "d.status IN (1, 2, 4, 5, 6)";

using Value = std::variant<std::int64_t, std::string>;
using Params = std::vector<std::pair<std::string, Value>>;

// How List finds a filter's dossiers: the candidate query (ids of one page, in order) and the
// count query (the total), with their named parameters.
//
// In general both read `dossiers d` under the filter's WHERE conditions. Two common shapes have
// cheaper forms that give the same answers:
//   - an agency scope with at most status conditions (an officer's queue or list): the union of
//     (id, sort key) rows read from covering indexes, without touching the dossier rows;
//   - no condition but statuses (the controller's lists): the total is summed from the
//     per-status counters instead of counting rows.
struct Query {
    std::vector<std::string> conditions;
    std::string order;
    Params params;
    std::string scope_rows;  // the compound SELECT of (id, k) rows, when that form applies
    bool descending = false;
    std::optional<std::string> counted_statuses;  // JSON list, when the counters give the total

    void Add(std::string condition) { conditions.push_back(std::move(condition)); }

    void Param(std::string name, Value value) {
        params.emplace_back(std::move(name), std::move(value));
    }

    [[nodiscard]] std::string Where() const {
        if (conditions.empty()) {
            return "1";
        }
        std::string where;
        for (const std::string& c : conditions) {
            where += fmt::format("{}({})", where.empty() ? "" : " AND ", c);
        }
        return where;
    }

    [[nodiscard]] std::string CandidateSql() const {
        if (!scope_rows.empty()) {
            const std::string_view dir = descending ? " DESC" : "";
            return fmt::format("SELECT id FROM ({}) ORDER BY k{}, id{} LIMIT :limit OFFSET :offset",
                               scope_rows,
                               dir,
                               dir);
        }
        return fmt::format(
            "SELECT d.id FROM dossiers d WHERE {} ORDER BY {} LIMIT :limit OFFSET "
            ":offset",
            Where(),
            order);
    }

    [[nodiscard]] std::string CountSql() const {
        if (counted_statuses) {
            return "SELECT coalesce(sum(dossiers), 0) FROM dossier_status_counts WHERE status IN "
                   "(SELECT value FROM json_each(:counted))";
        }
        if (!scope_rows.empty()) {
            return fmt::format("SELECT count(*) FROM ({})", scope_rows);
        }
        return fmt::format("SELECT count(*) FROM dossiers d WHERE {}", Where());
    }

    [[nodiscard]] Params CountParams() const {
        if (counted_statuses) {
            return {{":counted", *counted_statuses}};
        }
        return params;
    }
};

std::string JsonList(const std::vector<std::string>& values) {
    return nlohmann::json(values).dump();
}

std::string JsonList(const std::vector<wf::DossierStatus>& statuses) {
    nlohmann::json list = nlohmann::json::array();
    for (const wf::DossierStatus s : statuses) {
        list.push_back(static_cast<int>(s));
    }
    return list.dump();
}

bool HasDigit(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

// The FTS5 query for a folded name: its words as one phrase whose last word may be a prefix
// ("van a" finds "nguyen van an"), the same words in the same order as the name. Empty when the
// text has no word.
std::string NamePhrase(std::string_view folded) {
    std::string words;
    bool in_word = false;
    for (const char c : folded) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || u >= 0x80) {
            if (!in_word && !words.empty()) {
                words += ' ';
            }
            words += c;
            in_word = true;
        } else {
            in_word = false;
        }
    }
    return words.empty() ? std::string() : "\"" + words + "\"*";
}

// The dossier code prefix in `text`: trimmed, ASCII upper case.
std::string CodePrefix(std::string_view text) {
    const auto blank = [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) != 0;
    };
    while (!text.empty() && blank(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && blank(text.back())) {
        text.remove_suffix(1);
    }
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

constexpr std::string_view kAgencyList = "SELECT value FROM json_each(:agencies)";
constexpr std::string_view kStatusList = "SELECT value FROM json_each(:statuses)";

Query Build(const DossierFilter& f) {
    Query q;
    const bool step_filter = f.step_role || !f.step_agencies.empty() || f.assignee;
    const bool code_text = HasDigit(f.text);
    const std::string folded_text = code_text ? "" : core::catalog::FoldVietnamese(f.text);
    // Nothing but the agency scope and status conditions.
    const bool status_only = !step_filter && !f.applicant_account && !f.due_from && !f.due_before &&
                             !f.overdue_at && f.procedure_code.empty() && !f.channel &&
                             !f.received_from && !f.received_to && !code_text &&
                             folded_text.empty();
    // Conditions that hold only for open dossiers make the filter open-only.
    const bool open = f.open_only || f.overdue_at || step_filter;
    if (open) {
        q.Add(std::string(kOpen));
    }
    if (!f.statuses.empty()) {
        q.Add(fmt::format("d.status IN ({})", kStatusList));
        q.Param(":statuses", JsonList(f.statuses));
    }

    // The current step: active (unfinished, on an open dossier), not a consultation.
    std::string step = "s.active = 1 AND s.consultation = 0";
    if (f.step_role) {
        step += " AND s.role = :role";
        q.Param(":role", std::string(wf::RoleName(*f.step_role)));
    }
    if (f.assignee) {
        step += " AND s.assignee = :assignee";
        q.Param(":assignee", f.assignee->value());
    }
    if (!f.step_agencies.empty()) {
        step += " AND s.agency_code IN (SELECT value FROM json_each(:step_agencies))";
        q.Param(":step_agencies", JsonList(f.step_agencies));
    }
    // What drives the search: the most selective index available. An assignee or a citizen
    // account names few dossiers; then the agency scope; then the current step's agencies.
    const bool step_drives =
        f.assignee || (!f.step_agencies.empty() && f.agencies.empty() && !f.applicant_account);
    const bool scope_drives = !f.agencies.empty() && !f.assignee && !f.applicant_account;
    if (step_filter) {
        if (step_drives) {
            q.Add(fmt::format("d.id IN (SELECT s.dossier_id FROM dossier_steps s WHERE {})", step));
        } else {
            q.Add(fmt::format(
                "EXISTS (SELECT 1 FROM dossier_steps s WHERE s.dossier_id = d.id AND {})", step));
        }
    }

    if (!f.agencies.empty()) {
        q.Param(":agencies", JsonList(f.agencies));
        if (scope_drives) {
            // Each branch uses its own index; the status conditions are repeated inside so
            // that an open-only queue reads only open rows.
            std::string inner;
            if (open) {
                inner += " AND x.status IN (1, 2, 4, 5, 6)";
            }
            if (!f.statuses.empty()) {
                inner += fmt::format(" AND x.status IN ({})", kStatusList);
            }
            q.Add(fmt::format(
                "d.id IN (SELECT x.id FROM dossiers x WHERE x.agency_code IN ({0}){1} "
                "UNION ALL SELECT x.id FROM dossiers x WHERE x.handling_agency_code IN ({0}){1} "
                "UNION ALL SELECT s.dossier_id FROM dossier_steps s WHERE s.agency_code IN ({0}) "
                "AND s.active = 1)",
                kAgencyList,
                inner));
        } else {
            q.Add(fmt::format(
                "d.agency_code IN ({0}) OR d.handling_agency_code IN ({0}) OR EXISTS (SELECT 1 "
                "FROM dossier_steps s WHERE s.dossier_id = d.id AND s.active = 1 AND "
                "s.agency_code IN ({0}))",
                kAgencyList));
        }
    }
    if (f.applicant_account) {
        q.Add("d.applicant_account = :account");
        q.Param(":account", f.applicant_account->value());
    }
    if (f.due_from) {
        q.Add("d.due_at >= :due_from");
        q.Param(":due_from", EncodeTime(*f.due_from));
    }
    if (f.due_before) {
        q.Add("d.due_at < :due_before");
        q.Param(":due_before", EncodeTime(*f.due_before));
    }
    if (f.overdue_at) {
        // The clock stands still while waiting for a supplement (5) and, under a rule set that
        // pauses it, for a payment (6): such a dossier is not overdue.
        q.Add(
            "d.due_at < :overdue AND d.status != 5 AND (d.status != 6 OR "
            "json_extract(d.body, '$.paused_since') IS NULL)");
        q.Param(":overdue", EncodeTime(*f.overdue_at));
    }
    if (!f.procedure_code.empty()) {
        q.Add("d.procedure_code = :procedure");
        q.Param(":procedure", f.procedure_code);
    }
    if (f.channel) {
        q.Add("d.channel = :channel");
        q.Param(":channel", std::string(wf::ChannelName(*f.channel)));
    }
    if (f.received_from) {
        q.Add("d.received_at >= :received_from");
        q.Param(":received_from", cal::FormatDate(*f.received_from));
    }
    if (f.received_to) {
        // Times are 'YYYY-MM-DDTHH:MM': everything on the last day sorts before the next day.
        q.Add("d.received_at < :received_before");
        q.Param(":received_before", cal::FormatDate(*f.received_to + std::chrono::days{1}));
    }
    if (code_text) {
        std::string prefix = CodePrefix(f.text);
        q.Add("d.code >= :code_from AND d.code < :code_to");
        q.Param(":code_to", prefix + "~");  // '~' sorts after every character of a code
        q.Param(":code_from", std::move(prefix));
    } else if (!folded_text.empty()) {
        // Inside an agency scope the scope's rows drive and each name is compared in place
        // (linear in the scope, no list of every match in the province); without a scope the
        // name index (migration 0009) names the matching dossiers. Both match the words as one
        // phrase from the start of a word; a text without a word (blanks) filters nothing.
        std::string phrase = NamePhrase(folded_text);
        if (!phrase.empty() && !f.agencies.empty()) {
            q.Add("instr(' ' || d.applicant_folded, :name) > 0");
            q.Param(":name", " " + folded_text);
        } else if (!phrase.empty()) {
            q.Add("d.id IN (SELECT rowid FROM dossier_names WHERE dossier_names MATCH :name)");
            q.Param(":name", std::move(phrase));
        }
    }

    const bool by_due = f.order == DossierOrder::kDueAscending;
    q.order = by_due ? "d.due_at, d.id" : "d.submitted_at DESC, d.id DESC";
    q.descending = !by_due;
    if (status_only && !f.agencies.empty()) {
        // (agency_code | handling_agency_code, status, due_at) and (…, submitted_at) cover the
        // key; only dossiers with an active step at the agency are read from their rows.
        std::string inner;
        if (open) {
            inner += " AND x.status IN (1, 2, 4, 5, 6)";
        }
        if (!f.statuses.empty()) {
            inner += fmt::format(" AND x.status IN ({})", kStatusList);
        }
        q.scope_rows = fmt::format(
            "SELECT x.id AS id, x.{2} AS k FROM dossiers x WHERE x.agency_code IN ({0}){1} "
            "UNION SELECT x.id, x.{2} FROM dossiers x WHERE x.handling_agency_code IN ({0}){1} "
            "UNION SELECT x.id, x.{2} FROM dossier_steps s JOIN dossiers x ON x.id = "
            "s.dossier_id WHERE s.agency_code IN ({0}) AND s.active = 1{1}",
            kAgencyList,
            inner,
            by_due ? "due_at" : "submitted_at");
    }
    if (status_only && f.agencies.empty()) {
        std::vector<int> counted;
        for (int s = 1; s <= 10; ++s) {
            const bool in_statuses =
                f.statuses.empty() ||
                std::find(f.statuses.begin(),
                          f.statuses.end(),
                          static_cast<wf::DossierStatus>(s)) != f.statuses.end();
            if (in_statuses && (!open || !wf::IsTerminal(static_cast<wf::DossierStatus>(s)))) {
                counted.push_back(s);
            }
        }
        q.counted_statuses = nlohmann::json(counted).dump();
    }
    return q;
}

Result<void> BindParams(Statement& st, const Params& params) {
    for (const auto& [name, value] : params) {
        MOTCUA_TRY(std::visit(Overloaded{[&](std::int64_t v) { return st.Bind(name, v); },
                                         [&](const std::string& v) {
                                             return st.Bind(name, std::string_view(v));
                                         }},
                              value));
    }
    return {};
}

// The summary columns of the page's dossiers, in the page's order.
std::string PageSql(const Query& q) {
    return fmt::format(
        "WITH page(id) AS MATERIALIZED ({}) "
        "SELECT d.id, d.code, d.procedure_code, coalesce(pv.name, ''), d.agency_code, "
        "d.handling_agency_code, d.status, d.channel, "
        "coalesce(json_extract(d.body, '$.applicant.name'), ''), d.submitted_at, d.received_at, "
        "d.due_at, d.verdict, d.version, cs.step_index, cs.name, cs.role, cs.agency_code, "
        "cs.assignee, cs.started_at, cs.due_at "
        "FROM page JOIN dossiers d ON d.id = page.id "
        "LEFT JOIN procedure_versions pv ON pv.id = json_extract(d.body, '$.procedure_version') "
        "LEFT JOIN dossier_steps cs ON cs.dossier_id = d.id AND cs.step_index = "
        "(SELECT max(x.step_index) FROM dossier_steps x WHERE x.dossier_id = d.id AND "
        "x.active = 1 AND x.consultation = 0) "
        "ORDER BY {}",
        q.CandidateSql(),
        q.order);
}

Result<cal::LocalDateTime> Time(const Statement& st, int column) {
    return cal::ParseDateTime(st.ColumnText(column));
}

Result<std::optional<cal::LocalDateTime>> OptionalTime(const Statement& st, int column) {
    if (st.IsNull(column)) {
        return std::optional<cal::LocalDateTime>{};
    }
    MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDateTime t, Time(st, column));
    return std::optional<cal::LocalDateTime>(t);
}

Result<wf::Verdict> ParseVerdict(std::string_view name) {
    for (const wf::Verdict v :
         {wf::Verdict::kPending, wf::Verdict::kEarly, wf::Verdict::kOnTime, wf::Verdict::kLate}) {
        if (wf::VerdictName(v) == name) {
            return v;
        }
    }
    return Fail(ErrorCode::kInternal, fmt::format("stored verdict '{}' is unknown", name));
}

Result<DossierSummary> ReadSummary(const Statement& st) {
    DossierSummary s;
    s.id = core::model::DossierId{st.ColumnInt64(0)};
    s.code = std::string(st.ColumnText(1));
    s.procedure_code = std::string(st.ColumnText(2));
    s.procedure_name = std::string(st.ColumnText(3));
    s.agency_code = std::string(st.ColumnText(4));
    s.handling_agency_code = std::string(st.ColumnText(5));
    const int status = st.ColumnInt(6);
    if (status < 1 || status > 10) {
        return Fail(ErrorCode::kInternal, fmt::format("stored status {} is not 1..10", status));
    }
    s.status = static_cast<wf::DossierStatus>(status);
    MOTCUA_ASSIGN_OR_RETURN(s.channel, wf::ParseChannel(st.ColumnText(7)));
    s.applicant_name = std::string(st.ColumnText(8));
    MOTCUA_ASSIGN_OR_RETURN(s.submitted_at, Time(st, 9));
    MOTCUA_ASSIGN_OR_RETURN(s.received_at, OptionalTime(st, 10));
    MOTCUA_ASSIGN_OR_RETURN(s.due_at, OptionalTime(st, 11));
    MOTCUA_ASSIGN_OR_RETURN(s.verdict, ParseVerdict(st.ColumnText(12)));
    s.version = st.ColumnInt64(13);
    if (!st.IsNull(14)) {
        StepSummary step;
        step.index = st.ColumnInt(14);
        step.name = std::string(st.ColumnText(15));
        MOTCUA_ASSIGN_OR_RETURN(step.role, wf::ParseRole(st.ColumnText(16)));
        step.agency_code = std::string(st.ColumnText(17));
        if (!st.IsNull(18)) {
            step.assignee = core::model::UserId{st.ColumnInt64(18)};
        }
        MOTCUA_ASSIGN_OR_RETURN(step.started_at, Time(st, 19));
        MOTCUA_ASSIGN_OR_RETURN(step.due_at, Time(st, 20));
        s.current_step = std::move(step);
    }
    return s;
}

Result<void> BindPage(Statement& st, const Query& q, const DossierFilter& f) {
    MOTCUA_TRY(BindParams(st, q.params));
    MOTCUA_TRY(st.Bind(":limit", std::clamp(f.limit, 1, DossierFilter::kMaxLimit)));
    MOTCUA_TRY(st.Bind(":offset", std::max(f.offset, 0)));
    return {};
}

}  // namespace

Result<core::ports::DossierPage> SqliteDossierQueries::List(const DossierFilter& filter) {
    const Query q = Build(filter);
    const std::string count_sql = q.CountSql();
    const Params count_params = q.CountParams();
    const std::string page_sql = PageSql(q);
    return db_.Read([&](Connection& c) -> Result<core::ports::DossierPage> {
        core::ports::DossierPage page;
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement count, c.Cached(count_sql));
        MOTCUA_TRY(BindParams(*count, count_params));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, count->Step());
        page.total = row ? count->ColumnInt64(0) : 0;
        if (page.total <= std::max<std::int64_t>(filter.offset, 0)) {
            return page;
        }
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(page_sql));
        MOTCUA_TRY(BindPage(*st, q, filter));
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool r, st->Step());
            if (!r) {
                break;
            }
            MOTCUA_ASSIGN_OR_RETURN(DossierSummary s, ReadSummary(*st));
            page.items.push_back(std::move(s));
        }
        return page;
    });
}

Result<std::map<wf::DossierStatus, std::int64_t>> SqliteDossierQueries::StatusCounts() {
    return db_.Read([&](Connection& c) -> Result<std::map<wf::DossierStatus, std::int64_t>> {
        std::map<wf::DossierStatus, std::int64_t> counts;
        for (int s = 1; s <= 10; ++s) {
            counts.emplace(static_cast<wf::DossierStatus>(s), 0);
        }
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT status, dossiers FROM dossier_status_counts WHERE status BETWEEN 1 "
                     "AND 10"));
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                return counts;
            }
            counts[static_cast<wf::DossierStatus>(st->ColumnInt(0))] = st->ColumnInt64(1);
        }
    });
}

Result<std::vector<std::string>> SqliteDossierQueries::Plan(const DossierFilter& filter) {
    const Query q = Build(filter);
    const std::string sql = "EXPLAIN QUERY PLAN " + q.CandidateSql();
    return db_.Read([&](Connection& c) -> Result<std::vector<std::string>> {
        MOTCUA_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
        MOTCUA_TRY(BindPage(st, q, filter));
        std::vector<std::string> lines;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
            if (!row) {
                return lines;
            }
            lines.emplace_back(st.ColumnText(3));
        }
    });
}

}  // namespace motcua::storage::sqlite
