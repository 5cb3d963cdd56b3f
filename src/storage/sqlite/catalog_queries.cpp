// The read side of SqliteDirectory for the catalog pages (ports::CatalogQueries): the agency
// tree, publication decisions and the processes of a procedure. Search, versions and reviews
// are in catalog_admin.cpp, agencies in directory.cpp.
#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "storage/common/json_codec.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/internal/version_rows.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;
using internal::ReadVersion;
using internal::VersionSql;

// Reads the decision in the current row (id, number, title, issuer, signed_on, effective_on).
Result<cat::PublicationDecision> ReadDecision(Statement& st) {
    cat::PublicationDecision d;
    d.id = model::DecisionId{st.ColumnInt64(0)};
    d.number = std::string(st.ColumnText(1));
    d.title = std::string(st.ColumnText(2));
    d.issuer = std::string(st.ColumnText(3));
    MOTCUA_ASSIGN_OR_RETURN(d.signed_on, cal::ParseDate(st.ColumnText(4)));
    MOTCUA_ASSIGN_OR_RETURN(d.effective_on, cal::ParseDate(st.ColumnText(5)));
    return d;
}

// Fills the items of `d` in order; with `versions`, each item's published version too.
Result<void> ReadItems(Connection& c, cat::PublicationDecision& d, bool versions) {
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached("SELECT kind, code, replaced_code FROM decision_items WHERE decision_id = ?1 "
                 "ORDER BY position"));
    MOTCUA_TRY(st->Bind(1, d.id.value()));
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            break;
        }
        cat::DecisionItem item;
        MOTCUA_ASSIGN_OR_RETURN(item.kind, cat::ParseChangeKind(st->ColumnText(0)));
        item.code = std::string(st->ColumnText(1));
        item.replaced_code = std::string(st->ColumnText(2));
        d.items.push_back(std::move(item));
    }
    if (!versions) {
        return {};
    }
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement version,
        c.Cached(VersionSql("WHERE v.decision_id = ?1 AND v.code = ?2 ORDER BY v.version DESC "
                            "LIMIT 1")));
    for (cat::DecisionItem& item : d.items) {
        if (item.kind == cat::ChangeKind::kAbolished) {
            continue;
        }
        MOTCUA_TRY(version->BindAll(d.id.value(), std::string_view(item.code)));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, version->Step());
        if (row) {
            MOTCUA_ASSIGN_OR_RETURN(item.version, ReadVersion(*version));
        }
        version->Reset();
    }
    return {};
}

constexpr std::string_view kDecisionSelect =
    "SELECT id, number, title, issuer, signed_on, effective_on FROM publication_decisions";

}  // namespace

Result<std::vector<core::ports::AgencyNode>> SqliteDirectory::AgencyTree() {
    MOTCUA_ASSIGN_OR_RETURN(std::vector<model::Agency> agencies, Agencies());
    std::map<std::int64_t, const model::Agency*> by_id;
    std::map<std::int64_t, std::vector<const model::Agency*>> children;
    std::vector<const model::Agency*> roots;
    for (const model::Agency& a : agencies) {
        by_id.emplace(a.id.value(), &a);
    }
    for (const model::Agency& a : agencies) {
        // An agency whose parent is missing is shown as a root rather than lost.
        if (a.parent && by_id.contains(a.parent->value())) {
            children[a.parent->value()].push_back(&a);
        } else {
            roots.push_back(&a);
        }
    }
    const auto by_code = [](const model::Agency* x, const model::Agency* y) {
        return x->code < y->code;
    };
    std::sort(roots.begin(), roots.end(), by_code);
    for (auto& [id, list] : children) {
        std::sort(list.begin(), list.end(), by_code);
    }
    std::vector<core::ports::AgencyNode> out;
    out.reserve(agencies.size());
    std::set<std::int64_t> seen;
    const std::function<void(const model::Agency*, const std::string&, int)> visit =
        [&](const model::Agency* a, const std::string& parent_code, int depth) {
            if (!seen.insert(a->id.value()).second) {
                return;
            }
            out.push_back({*a, parent_code, depth});
            if (const auto it = children.find(a->id.value()); it != children.end()) {
                for (const model::Agency* child : it->second) {
                    visit(child, a->code, depth + 1);
                }
            }
        };
    for (const model::Agency* root : roots) {
        visit(root, "", 0);
    }
    // Agencies on a parent cycle (an update can re-parent) are reached from no root: they
    // follow as roots of their own, by code, rather than being lost.
    if (out.size() < agencies.size()) {
        std::vector<const model::Agency*> rest;
        for (const model::Agency& a : agencies) {
            if (!seen.contains(a.id.value())) {
                rest.push_back(&a);
            }
        }
        std::sort(rest.begin(), rest.end(), by_code);
        for (const model::Agency* a : rest) {
            visit(a, "", 0);
        }
    }
    return out;
}

Result<std::vector<cat::PublicationDecision>> SqliteDirectory::Decisions() {
    return db_.Read([&](Connection& c) -> Result<std::vector<cat::PublicationDecision>> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached(fmt::format("{} ORDER BY effective_on DESC, signed_on DESC, id DESC",
                                 kDecisionSelect)));
        std::vector<cat::PublicationDecision> out;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                break;
            }
            MOTCUA_ASSIGN_OR_RETURN(cat::PublicationDecision d, ReadDecision(*st));
            out.push_back(std::move(d));
        }
        for (cat::PublicationDecision& d : out) {
            MOTCUA_TRY(ReadItems(c, d, false));
        }
        return out;
    });
}

Result<cat::PublicationDecision> SqliteDirectory::Decision(std::string_view number) {
    return db_.Read([&](Connection& c) -> Result<cat::PublicationDecision> {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st,
                                c.Cached(fmt::format("{} WHERE number = ?1", kDecisionSelect)));
        MOTCUA_TRY(st->Bind(1, number));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            return Fail(ErrorCode::kNotFound,
                        fmt::format("no publication decision '{}'", number),
                        fmt::format("không có quyết định công bố số '{}'", number),
                        "number");
        }
        MOTCUA_ASSIGN_OR_RETURN(cat::PublicationDecision d, ReadDecision(*st));
        MOTCUA_TRY(ReadItems(c, d, true));
        return d;
    });
}

Result<std::vector<core::workflow::InternalProcess>> SqliteDirectory::Processes(
    std::string_view procedure_code) {
    return db_.Read([&](Connection& c) -> Result<std::vector<core::workflow::InternalProcess>> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT id, agency_code, steps FROM internal_processes WHERE "
                     "procedure_code = ?1 ORDER BY agency_code"));
        MOTCUA_TRY(st->Bind(1, procedure_code));
        std::vector<core::workflow::InternalProcess> out;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                return out;
            }
            core::workflow::InternalProcess p;
            p.id = model::ProcessId{st->ColumnInt64(0)};
            p.procedure_code = std::string(procedure_code);
            p.agency_code = std::string(st->ColumnText(1));
            MOTCUA_ASSIGN_OR_RETURN(p.steps, DecodeSteps(st->ColumnText(2)));
            out.push_back(std::move(p));
        }
    });
}

}  // namespace motcua::storage::sqlite
