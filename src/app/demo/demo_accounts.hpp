// The published demo accounts: one per role, all with the password kDemoPassword, flagged demo
// so that `motcua serve` refuses them unless started with --demo. Listed in the README.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "app/wiring.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/model/ids.hpp"
#include "core/workflow/dossier.hpp"

namespace motcua::app::demo {

inline constexpr std::string_view kDemoPassword = "demo@2026";

// Sở Nông nghiệp và Môi trường: the agency that receives the most demo dossiers; the demo
// one-stop officer, specialist and leader work there.
inline constexpr std::string_view kDemoStaffAgency = "000.00.05.H99";
// UBND tỉnh: the demo province controller's agency.
inline constexpr std::string_view kDemoProvinceAgency = "000.00.00.H99";

// Generated citizens act as users kFirstDemoCitizen … kFirstDemoCitizen + kDemoCitizens - 1.
inline constexpr std::int64_t kFirstDemoCitizen = 1'000'000;
inline constexpr std::int64_t kDemoCitizens = 40'000;

// The user the generated history records for an agency's one-stop officer, specialist or leader
// (agency id × 10 + 1, 2, 3).
core::model::UserId DemoStaffId(core::model::AgencyId agency, core::workflow::Role role);

struct DemoAccount {
    std::string_view username;  // Vietnamese without diacritics
    core::workflow::Role role;
    std::string_view display_name;
    std::string_view agency_code;  // empty for the citizen, the administrator and the auditor
};

// The seven demo accounts, in README order: congdan, motcua, chuyenvien, lanhdao, kiemsoat,
// quantri, kiemtoan.
std::span<const DemoAccount> DemoAccounts();

// Creates the demo accounts as the system, stamped with `clock`'s time. The staff of
// kDemoStaffAgency get the user ids its generated history uses (DemoStaffId), so their queues
// and past steps are theirs; the others get ids just above the generated citizens. Needs the
// agencies to be saved first. Returns how many were created.
[[nodiscard]] Result<int> SeedDemoAccounts(Backend& backend, const Clock& clock);

}  // namespace motcua::app::demo
