// Row mapping of procedure versions and the publication of a decision, shared by the directory's
// reads (directory.cpp) and the catalog administration (catalog_admin.cpp). Internal to storage.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/catalog/procedure.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/statement.hpp"

namespace motcua::storage::sqlite::internal {

// The columns of a version row (table alias v), in the order ReadVersion expects.
inline constexpr std::string_view kVersionColumns =
    "v.id, v.code, v.version, v.name, v.sector_code, v.sector_name, v.level, "
    "v.implementing_agency, v.competent_agency, v.steps, v.subjects, v.requirements, v.deadline, "
    "v.deadline_unit, v.legal_basis, v.result, v.online_level, v.postal, v.decision_id, "
    "v.effective_from, v.effective_to, v.body";

// "SELECT <version columns> FROM procedure_versions v <tail>".
std::string VersionSql(std::string_view tail);

// The version in the current row of a statement made with VersionSql.
[[nodiscard]] Result<core::catalog::ProcedureVersion> ReadVersion(Statement& st);

// Every remaining row of such a statement.
[[nodiscard]] Result<std::vector<core::catalog::ProcedureVersion>> ReadVersions(Statement& st);

// Inserts a version and its folded search text; returns its id.
[[nodiscard]] Result<std::int64_t> InsertVersion(Connection& c,
                                                 const std::string& tenant,
                                                 const core::catalog::ProcedureVersion& v);

// Inserts the decision and applies it (new versions in, replaced ones closed) inside the caller's
// transaction.
[[nodiscard]] Result<core::model::DecisionId>
PublishIn(Connection& c, const std::string& tenant, const core::catalog::PublicationDecision& d);

}  // namespace motcua::storage::sqlite::internal
