#include "app/demo/demo_accounts.hpp"

#include <array>

namespace motcua::app::demo {
namespace {

using core::workflow::Role;

constexpr std::array kAccounts = {
    DemoAccount{"congdan", Role::kCitizen, "Nguyễn Thị Mai", ""},
    DemoAccount{"motcua", Role::kOneStopOfficer, "Trần Văn Hùng", kDemoStaffAgency},
    DemoAccount{"chuyenvien", Role::kSpecialist, "Lê Thu Hà", kDemoStaffAgency},
    DemoAccount{"lanhdao", Role::kAgencyLeader, "Phạm Quốc Bảo", kDemoStaffAgency},
    DemoAccount{"kiemsoat", Role::kProvinceController, "Hoàng Minh Tuấn", kDemoProvinceAgency},
    DemoAccount{"quantri", Role::kAdministrator, "Vũ Đức Anh", ""},
    DemoAccount{"kiemtoan", Role::kAuditor, "Đặng Thanh Bình", ""},
};

}  // namespace

core::model::UserId DemoStaffId(core::model::AgencyId agency, Role role) {
    const std::int64_t offset = role == Role::kOneStopOfficer ? 1
                                : role == Role::kSpecialist   ? 2
                                                              : 3;
    return core::model::UserId{agency.value() * 10 + offset};
}

std::span<const DemoAccount> DemoAccounts() {
    return kAccounts;
}

Result<int> SeedDemoAccounts(Backend& backend, const Clock& clock) {
    // Demo accounts are created by the system; the policy only matters for sign-in.
    core::accounts::AccountPolicy policy;
    policy.allow_demo = true;
    MOTCUA_ASSIGN_OR_RETURN(Accounts accounts, OpenAccounts(backend, clock, policy));
    MOTCUA_ASSIGN_OR_RETURN(const core::model::Agency staff_agency,
                            backend.directory->AgencyByCode(kDemoStaffAgency));
    std::int64_t next_other = kFirstDemoCitizen + kDemoCitizens;
    int created = 0;
    for (const DemoAccount& d : kAccounts) {
        core::accounts::NewAccount n;
        n.username = d.username;
        n.display_name = d.display_name;
        n.role = d.role;
        n.agency_code = d.agency_code;
        n.password = kDemoPassword;
        n.demo = true;
        n.id = d.agency_code == kDemoStaffAgency ? DemoStaffId(staff_agency.id, d.role)
                                                 : core::model::UserId{next_other++};
        MOTCUA_TRY(accounts.service->CreateAccount(core::accounts::SystemPrincipal(), n));
        ++created;
    }
    return created;
}

}  // namespace motcua::app::demo
