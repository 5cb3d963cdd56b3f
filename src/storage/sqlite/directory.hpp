// The SQLite Directory (agencies, catalog, processes, delegations, calendars), its read side
// CatalogQueries (search, agency tree, decisions, processes, reviews) and the catalog
// administration: publishing decisions, importing a catalog, saving internal processes,
// delegations and simplification reviews. Search is FTS5 over folded text. Calendars are built
// once per agency and cached until agencies change. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/catalog/procedure.hpp"
#include "core/model/agency.hpp"
#include "core/ports/catalog_admin.hpp"
#include "core/ports/catalog_queries.hpp"
#include "core/ports/dossier_store.hpp"
#include "storage/sqlite/database.hpp"

namespace motcua::storage::sqlite {

// The search types are the port's; these names keep existing callers compiling.
using SearchQuery = core::ports::SearchQuery;
using SearchHit = core::ports::SearchHit;
using SearchPage = core::ports::SearchPage;

class SqliteDirectory final : public core::ports::Directory,
                              public core::ports::CatalogQueries,
                              public core::ports::CatalogAdmin {
public:
    // `national` are the national holiday schedules every agency calendar starts from.
    SqliteDirectory(Database& db, std::vector<core::calendar::YearSchedule> national)
        : db_(db), national_(std::move(national)) {}

    // ports::Directory (Process is also ports::CatalogQueries::Process)
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
    Result<core::workflow::InternalProcess> ProcessFor(
        std::string_view procedure_code,
        std::string_view agency_code,
        core::calendar::LocalDateTime received_at) override;
    Result<std::shared_ptr<const core::calendar::WorkingCalendar>> CalendarOf(
        std::string_view agency_code) override;

    // ports::CatalogQueries (contracts in core/ports/catalog_queries.hpp)
    Result<SearchPage> Search(const SearchQuery& query) override;
    Result<std::vector<core::model::Agency>> Agencies() override;
    Result<std::vector<core::ports::AgencyNode>> AgencyTree() override;
    Result<std::vector<core::catalog::ProcedureVersion>> VersionsInForce(
        core::calendar::LocalDate date) override;
    Result<std::vector<core::catalog::ProcedureVersion>> History(std::string_view code) override;
    Result<std::vector<core::catalog::PublicationDecision>> Decisions() override;
    Result<core::catalog::PublicationDecision> Decision(std::string_view number) override;
    Result<std::vector<core::workflow::InternalProcess>> Processes(
        std::string_view procedure_code) override;
    Result<std::vector<core::catalog::SimplificationReview>> Reviews(
        std::string_view decision_number) override;

    // ports::CatalogAdmin (contracts in core/ports/catalog_admin.hpp)
    Result<core::model::DecisionId> PublishDecision(
        const core::catalog::PublicationDecision& decision) override;
    Result<core::ports::ProcessVersion> SaveProcessVersion(
        const core::workflow::InternalProcess& process,
        core::calendar::LocalDateTime now,
        std::string_view saved_by) override;
    Result<std::vector<core::ports::ProcessVersion>> ProcessVersions(
        std::string_view procedure_code,
        std::string_view agency_code) override;
    Result<void> SaveAgencyCalendar(
        std::string_view agency_code,
        const std::vector<core::calendar::CalendarEntry>& entries) override;

    // ---- Administration -----------------------------------------------------------------
    // Inserts or updates (by code) an agency with its calendar entries; the parent must exist.
    [[nodiscard]] Result<core::model::AgencyId> SaveAgency(const core::model::Agency& agency);

    // Publishes a decision: inserts it, its new versions and closes replaced ones, atomically.
    // kAlreadyExists for a decision number already used; ApplyDecision's errors.
    [[nodiscard]] Result<core::model::DecisionId> Publish(
        const core::catalog::PublicationDecision& decision);

    // Imports a whole catalog under one decision: codes in force are amended, others new. All
    // or nothing: a failure keeps nothing.
    [[nodiscard]] Result<core::model::DecisionId> ImportCatalog(
        std::vector<core::catalog::ProcedureVersion> versions,
        core::catalog::PublicationDecision decision);

    // Saves a new version of an agency's internal process for a procedure, after
    // ValidateProcess against the deadline of the version in force on `on`; it applies from the
    // start of `on` (seeding and imports).
    [[nodiscard]] Result<void> SaveProcess(const core::workflow::InternalProcess& process,
                                           core::calendar::LocalDate on);

    [[nodiscard]] Result<void> SaveDelegation(const core::catalog::Delegation& delegation);
    [[nodiscard]] Result<void> SaveReview(const core::catalog::SimplificationReview& review);

private:
    // Drops every cache; called after any write that could change what they hold.
    void InvalidateCaches();

    // `cache[key]`, read with `read()` → Result<V> on a miss and kept unless the caches were
    // dropped meanwhile (a read racing with a write keeps nothing); a full cache (4,096 keys) is
    // emptied first. Every cache keyed by a code goes through it.
    template <class V, class F>
    Result<V> Remembered(std::map<std::string, V, std::less<>>& cache,
                         std::string_view key,
                         F&& read) {
        std::uint64_t generation = 0;
        {
            const std::lock_guard lock(mutex_);
            if (const auto it = cache.find(key); it != cache.end()) {
                return it->second;
            }
            generation = catalog_generation_;
        }
        Result<V> value = read();
        if (value) {
            const std::lock_guard lock(mutex_);
            if (generation == catalog_generation_) {
                if (cache.size() >= 4096) {
                    cache.clear();
                }
                cache.emplace(std::string(key), *value);
            }
        }
        return value;
    }

    // Validates and stores a process version (SaveProcess, SaveProcessVersion).
    [[nodiscard]] Result<core::ports::ProcessVersion> StoreProcess(
        const core::workflow::InternalProcess& process,
        core::calendar::LocalDate on,
        core::calendar::LocalDateTime applies_from,
        core::calendar::LocalDateTime saved_at,
        std::string_view saved_by);

    Database& db_;
    std::vector<core::calendar::YearSchedule> national_;
    // Caches of hot, rarely changing reads (the workflow asks for them on every action).
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const core::calendar::WorkingCalendar>, std::less<>>
        calendars_;
    std::map<std::int64_t, core::catalog::ProcedureVersion> versions_;
    // Every version of a procedure code, newest first, for VersionInForce; bounded, dropped with
    // the others.
    std::map<std::string,
             std::shared_ptr<const std::vector<core::catalog::ProcedureVersion>>,
             std::less<>>
        by_code_;
    std::map<std::string, core::model::Agency, std::less<>> agencies_;
    // The delegations of a procedure code.
    std::map<std::string, std::vector<core::catalog::Delegation>, std::less<>> delegations_;
    // Bumped by InvalidateCaches, so a read that raced with a write never caches what it read
    // before the write.
    std::uint64_t catalog_generation_ = 0;
    std::map<std::string, core::workflow::InternalProcess, std::less<>> processes_;
    std::map<std::string, std::vector<core::ports::ProcessVersion>, std::less<>> process_versions_;
    // Bumped by every write that drops process_versions_ entries, so a read that raced with a
    // save never caches what it read before the save.
    std::uint64_t process_generation_ = 0;
    std::map<std::string, std::vector<std::string>, std::less<>> subtrees_;
};

}  // namespace motcua::storage::sqlite
