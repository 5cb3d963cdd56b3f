// The read side of the reference data: what the public catalog (procedure search, detail,
// history) and the administration pages (agency tree, publication decisions, internal
// processes, simplification reviews) show. Storage implements it beside the Directory port
// (the single-procedure lookups VersionInForce and Version stay there). Implementations must be
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/catalog/procedure.hpp"
#include "core/model/agency.hpp"
#include "core/workflow/process.hpp"

namespace motcua::core::ports {

// A catalog search among the versions in force on one day.
struct SearchQuery {
    // Words in any case, with or without diacritics ("dang ky khai sinh"), or a procedure code.
    // Blank lists every version in force, by name.
    std::string text;
    std::string sector_code;
    std::optional<catalog::ProcedureLevel> level;
    std::optional<catalog::OnlineLevel> online_level;
    std::string agency;      // implementing agency (as published) contains this text, exactly
    calendar::LocalDate on;  // versions in force on this day
    int limit = 20;          // clamped to [1, 200]
    int offset = 0;          // below 0 counts as 0
};

struct SearchHit {
    catalog::ProcedureVersion version;
    // The ordering key, lower first: 1000 × the name tier (0 the name is the query, 1 the name
    // starts with it, 2 it is a run of whole words of the name, 3 the name has the words from
    // the start of a word, 4 the words are found elsewhere: other words of the name, code,
    // sector, agency) plus the FTS5 bm25 score (negative, better when lower). 0 without text.
    double rank = 0;
};

struct SearchPage {
    std::vector<SearchHit> items;
    std::int64_t total = 0;  // hits regardless of limit and offset
    // No version had every word, so these are the versions with some of them (best first).
    bool partial = false;
};

// An agency with its place in the tree.
struct AgencyNode {
    model::Agency agency;
    std::string parent_code;  // empty for a root (the province)
    int depth = 0;            // 0 for a root
};

class CatalogQueries {
public:
    virtual ~CatalogQueries() = default;

    // Ranked, paginated, diacritic-insensitive search over the versions in force on `query.on`.
    // Each folded word must start a word of the version's name, code, sector or implementing
    // agency; when no version has them all, the versions with any of them (partial = true).
    // Ties by name.
    [[nodiscard]] virtual Result<SearchPage> Search(const SearchQuery& query) = 0;

    // Every agency with its calendar entries, by id (a parent before its children).
    [[nodiscard]] virtual Result<std::vector<model::Agency>> Agencies() = 0;
    // Every agency depth-first from the roots: a parent, then its children by code, each
    // followed by its own subtree.
    [[nodiscard]] virtual Result<std::vector<AgencyNode>> AgencyTree() = 0;

    // The versions in force on `date`, by code.
    [[nodiscard]] virtual Result<std::vector<catalog::ProcedureVersion>> VersionsInForce(
        calendar::LocalDate date) = 0;
    // Every version of `code`, oldest first; empty when the code was never published.
    [[nodiscard]] virtual Result<std::vector<catalog::ProcedureVersion>> History(
        std::string_view code) = 0;

    // Every publication decision, newest first (effective date, then signing date, then the
    // order published), with its items in order; the items' `version` is not filled.
    [[nodiscard]] virtual Result<std::vector<catalog::PublicationDecision>> Decisions() = 0;
    // One decision by number, its items carrying the version each published (new, amended,
    // replaced). kNotFound for an unknown number.
    [[nodiscard]] virtual Result<catalog::PublicationDecision> Decision(
        std::string_view number) = 0;

    // The internal processes of every agency for a procedure, by agency code; empty when none.
    [[nodiscard]] virtual Result<std::vector<workflow::InternalProcess>> Processes(
        std::string_view procedure_code) = 0;
    // One agency's process; kNotFound when it has none.
    [[nodiscard]] virtual Result<workflow::InternalProcess> Process(
        std::string_view procedure_code,
        std::string_view agency_code) = 0;

    // The simplification reviews approved by a decision, in the order saved; an empty number
    // gives every review.
    [[nodiscard]] virtual Result<std::vector<catalog::SimplificationReview>> Reviews(
        std::string_view decision_number) = 0;
};

}  // namespace motcua::core::ports
