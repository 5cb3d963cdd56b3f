// The SQLite Directory (agencies, catalog, processes, delegations, calendars) and the catalog
// administration: publishing decisions, importing a catalog, saving internal processes,
// delegations and simplification reviews, and diacritic-insensitive search (FTS5 over folded
// text). Calendars are built once per agency and cached until agencies change. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog/procedure.hpp"
#include "core/model/agency.hpp"
#include "core/ports/dossier_store.hpp"
#include "storage/sqlite/database.hpp"

namespace motcua::storage::sqlite {

struct SearchQuery {
    std::string text;  // any case, with or without diacritics
    std::string sector_code;
    std::optional<core::catalog::ProcedureLevel> level;
    std::optional<core::catalog::OnlineLevel> online_level;
    std::string agency;            // implementing agency (as published) contains this text
    core::calendar::LocalDate on;  // versions in force on this day
    int limit = 20;
    int offset = 0;
};

struct SearchHit {
    core::catalog::ProcedureVersion version;
    double rank = 0;  // lower is better (bm25)
};

struct SearchPage {
    std::vector<SearchHit> items;
    std::int64_t total = 0;
};

class SqliteDirectory final : public core::ports::Directory {
public:
    // `national` are the national holiday schedules every agency calendar starts from.
    SqliteDirectory(Database& db, std::vector<core::calendar::YearSchedule> national)
        : db_(db), national_(std::move(national)) {}

    // ports::Directory
    Result<core::model::Agency> AgencyByCode(std::string_view code) override;
    Result<std::vector<std::string>> Subtree(std::string_view code) override;
    Result<core::catalog::ProcedureVersion> VersionInForce(std::string_view code,
                                                           core::calendar::LocalDate date) override;
    Result<core::catalog::ProcedureVersion> Version(core::model::ProcedureVersionId id) override;
    Result<std::string> CompetentAgency(std::string_view code,
                                        std::string_view agency,
                                        core::calendar::LocalDate date) override;
    Result<core::workflow::InternalProcess> Process(std::string_view procedure_code,
                                                    std::string_view agency_code) override;
    Result<std::shared_ptr<const core::calendar::WorkingCalendar>> CalendarOf(
        std::string_view agency_code) override;

    // ---- Administration -----------------------------------------------------------------
    // Inserts or updates (by code) an agency with its calendar entries; the parent must exist.
    [[nodiscard]] Result<core::model::AgencyId> SaveAgency(const core::model::Agency& agency);
    [[nodiscard]] Result<std::vector<core::model::Agency>> Agencies();

    // Publishes a decision: inserts it, its new versions and closes replaced ones, atomically.
    // kAlreadyExists for a decision number already used; ApplyDecision's errors.
    [[nodiscard]] Result<core::model::DecisionId> Publish(
        const core::catalog::PublicationDecision& decision);

    // Imports a whole catalog under one decision: codes in force are amended, others new. All
    // or nothing: a failure keeps nothing.
    [[nodiscard]] Result<core::model::DecisionId> ImportCatalog(
        std::vector<core::catalog::ProcedureVersion> versions,
        core::catalog::PublicationDecision decision);

    // Saves (replaces) an agency's internal process for a procedure, after ValidateProcess
    // against the deadline of the version in force on `on`.
    [[nodiscard]] Result<void> SaveProcess(const core::workflow::InternalProcess& process,
                                           core::calendar::LocalDate on);

    [[nodiscard]] Result<void> SaveDelegation(const core::catalog::Delegation& delegation);
    [[nodiscard]] Result<void> SaveReview(const core::catalog::SimplificationReview& review);
    [[nodiscard]] Result<std::vector<core::catalog::SimplificationReview>> Reviews(
        std::string_view decision_number);

    // Versions in force on `date`, by code.
    [[nodiscard]] Result<std::vector<core::catalog::ProcedureVersion>> VersionsInForce(
        core::calendar::LocalDate date);
    // Every version of `code`, oldest first.
    [[nodiscard]] Result<std::vector<core::catalog::ProcedureVersion>> History(
        std::string_view code);

    [[nodiscard]] Result<SearchPage> Search(const SearchQuery& query);

private:
    // Drops every cache; called after any write that could change what they hold.
    void InvalidateCaches();

    Database& db_;
    std::vector<core::calendar::YearSchedule> national_;
    // Caches of hot, rarely changing reads (the workflow asks for them on every action).
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const core::calendar::WorkingCalendar>, std::less<>>
        calendars_;
    std::map<std::int64_t, core::catalog::ProcedureVersion> versions_;
    std::map<std::string, core::workflow::InternalProcess, std::less<>> processes_;
    std::map<std::string, std::vector<std::string>, std::less<>> subtrees_;
};

}  // namespace motcua::storage::sqlite
