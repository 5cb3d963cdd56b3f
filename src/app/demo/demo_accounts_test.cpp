#include "app/demo/demo_accounts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/demo/seeder.hpp"
#include "common/testing/result_matchers.hpp"

namespace motcua::app::demo {
namespace {

using core::workflow::Role;

TEST(DemoAccounts, OnePerRoleWithVietnameseUsernames) {
    std::vector<std::string_view> names;
    std::vector<Role> roles;
    for (const DemoAccount& d : DemoAccounts()) {
        names.push_back(d.username);
        roles.push_back(d.role);
        const bool staff =
            d.role != Role::kCitizen && d.role != Role::kAdministrator && d.role != Role::kAuditor;
        EXPECT_EQ(!d.agency_code.empty(), staff) << d.username;
    }
    EXPECT_THAT(
        names,
        ::testing::ElementsAre(
            "congdan", "motcua", "chuyenvien", "lanhdao", "kiemsoat", "quantri", "kiemtoan"));
    EXPECT_THAT(roles,
                ::testing::UnorderedElementsAre(Role::kCitizen,
                                                Role::kOneStopOfficer,
                                                Role::kSpecialist,
                                                Role::kAgencyLeader,
                                                Role::kProvinceController,
                                                Role::kAdministrator,
                                                Role::kAuditor));
}

TEST(DemoAccounts, SeedDemoCreatesThemAndOnlyADemoServerAcceptsThem) {
    auto backend = OpenBackend(":memory:");
    ASSERT_THAT(backend, IsOk());
    SeedOptions options;
    options.dossiers = 0;
    const auto report = SeedDemo(*backend, options);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->accounts, 7);

    FakeClock clock(Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20}});
    core::accounts::AccountPolicy demo;
    demo.allow_demo = true;
    auto accounts = OpenAccounts(*backend, clock, demo);
    ASSERT_THAT(accounts, IsOk());
    const auto listed = accounts->service->ListAccounts(core::accounts::SystemPrincipal(), {});
    ASSERT_THAT(listed, IsOk());
    ASSERT_EQ(listed->size(), 7U);
    const auto agency = backend->directory->AgencyByCode(kDemoStaffAgency);
    ASSERT_THAT(agency, IsOk());
    for (const core::accounts::AccountInfo& a : *listed) {
        EXPECT_TRUE(a.principal.demo) << a.principal.username;
        if (a.principal.agency_code == kDemoStaffAgency) {
            EXPECT_EQ(a.principal.user, DemoStaffId(agency->id, a.principal.role));
        } else {
            EXPECT_GE(a.principal.user.value(), kFirstDemoCitizen + kDemoCitizens);
        }
    }

    const auto officer = accounts->service->Login("motcua", kDemoPassword);
    ASSERT_THAT(officer, IsOk());
    EXPECT_EQ(officer->principal.role, Role::kOneStopOfficer);
    EXPECT_EQ(officer->principal.agency_code, kDemoStaffAgency);

    auto production = OpenAccounts(*backend, clock);
    ASSERT_THAT(production, IsOk());
    EXPECT_THAT(production->service->Login("motcua", kDemoPassword),
                HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(production->service->Authenticate(officer->session_token),
                HasError(ErrorCode::kPermissionDenied));
}

}  // namespace
}  // namespace motcua::app::demo
