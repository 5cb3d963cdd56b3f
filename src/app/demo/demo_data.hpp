// Parsers for the demo province's reference data in data/demo/: the procedure catalog
// (procedures.tsv) and the agency tree (agencies.tsv) that `motcua seed-demo` loads. Pure
// functions over text; the caller reads the files.
//
// Both files are UTF-8 (an optional byte-order mark is ignored), tab-separated, one record per
// line, with a header line first that names the columns exactly as below and in this order.
// After the header, blank lines and lines starting with '#' are skipped. Cells are taken
// verbatim: a cell with leading or trailing spaces is an error, not trimmed. Parsing is strict:
// the first bad line fails the whole text with kInvalidArgument, and the message names the line
// (1-based, the header is line 1) and, when one cell is at fault, its column (1-based) and name:
//   "line 12, column 9 (online): unknown online service level 'some' (expected one of: …)"
// Error::field holds the column name (or, for ValidateVersion failures, its field path).
//
// procedures.tsv:
//   code  name  sector_code  sector_name  level  implementing_agency  deadline  unit  online
//   postal  fee_vnd  fee_name  result  legal_basis  components
//   - code: mã TTHC d.dddddd, unique in the file.
//   - level: province or commune (local government has had no district level since 01/07/2025).
//   - deadline: whole number ≥ 0; unit: working_days, working_hours or days.
//   - online: none, partial or full; postal: 0 or 1.
//   - fee_vnd: whole number ≥ 0; fee_name: required when fee_vnd > 0, empty when it is 0.
//   - components: 1 or more `CODE|name|required|copies|original` joined by ';'; required and
//     original are 0 or 1, copies ≥ 1.
//   name, sector_code, sector_name, implementing_agency, result and legal_basis are non-empty.
//
// agencies.tsv:
//   code  name  kind  parent_code
//   - code: agency identifier such as 000.00.01.H99 (three, two, two characters of [0-9A-Z], then
//     a letter and two of [0-9A-Z]), unique in the file.
//   - kind: province, department, service_center, commune or other.
//   - parent_code: empty for the one province; for every other agency, the code of an agency on
//     an earlier line, so the list can be inserted in file order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/catalog/procedure.hpp"

namespace motcua::app::demo {

// One agency of the demo province, as listed in agencies.tsv.
struct DemoAgency {
    std::string code;         // "000.00.02.H99"
    std::string name;         // "Sở Tư pháp"; procedures name it as their implementing agency
    std::string kind;         // province, department, service_center, commune or other
    std::string parent_code;  // empty for the province

    bool operator==(const DemoAgency&) const = default;
};

// Parses procedures.tsv into one version-1 ProcedureVersion per line, in file order. Each
// version passes core::catalog::ValidateVersion. Fields without a column keep their defaults:
// id, decision and effective_from (the seeder sets them), competent_agency, steps, subjects,
// requirements and the components' template_url. A fee_vnd of 0 gives no Fee; a positive one
// gives a single Fee{fee_name, fee_vnd}. kInvalidArgument naming the line for any bad input.
[[nodiscard]] Result<std::vector<core::catalog::ProcedureVersion>> ParseDemoProcedures(
    std::string_view tsv);

// Parses agencies.tsv, in file order: exactly one province, every parent defined on an earlier
// line. kInvalidArgument naming the line for any bad input, and line 1 for a text with no agency.
[[nodiscard]] Result<std::vector<DemoAgency>> ParseDemoAgencies(std::string_view tsv);

}  // namespace motcua::app::demo
