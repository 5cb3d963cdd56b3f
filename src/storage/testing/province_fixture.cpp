#include "storage/testing/province_fixture.hpp"

#include <utility>

#include <fmt/format.h>

#include "core/calendar/civil_time.hpp"

namespace motcua::storage::testing {

namespace wf = core::workflow;
namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;

std::string CountingKeys::NewVerificationKey() {
    return fmt::format("K{:07}", ++next_);
}

model::Agency MakeAgency(const char* code,
                         const char* name,
                         model::AgencyKind kind,
                         std::optional<model::AgencyId> parent) {
    model::Agency a;
    a.code = code;
    a.name = name;
    a.kind = kind;
    a.parent = parent;
    return a;
}

Result<model::AgencyId> SeedProvince(sqlite::SqliteDirectory& directory,
                                     const std::vector<AgencySeed>& children) {
    MOTCUA_ASSIGN_OR_RETURN(
        const model::AgencyId province,
        directory.SaveAgency(
            MakeAgency(kProvince, "UBND tỉnh", model::AgencyKind::kProvince, std::nullopt)));
    for (const AgencySeed& child : children) {
        MOTCUA_TRY(directory.SaveAgency(MakeAgency(child.code, child.name, child.kind, province)));
    }
    return province;
}

cat::ProcedureVersion MakeVersion(std::string code,
                                  std::string name,
                                  std::string sector_code,
                                  std::string sector_name,
                                  cat::ProcedureLevel level,
                                  cat::OnlineLevel online) {
    cat::ProcedureVersion v;
    v.code = std::move(code);
    v.name = std::move(name);
    v.sector_code = std::move(sector_code);
    v.sector_name = std::move(sector_name);
    v.level = level;
    v.online_level = online;
    v.implementing_agency = "Ủy ban nhân dân cấp xã";
    v.components = {{"TP1", "Tờ khai", true, 1, true, ""}};
    v.deadline = 5;
    v.deadline_unit = cal::DurationUnit::kWorkingDays;
    v.result = "Kết quả";
    return v;
}

cat::ProcedureVersion BirthVersion() {
    cat::ProcedureVersion v = MakeVersion(kBirth, "Đăng ký khai sinh");
    v.components = {{"TP1", "Tờ khai đăng ký khai sinh", true, 1, true, ""},
                    {"TP2", "Giấy chứng sinh", true, 1, true, ""}};
    v.deadline = 3;
    v.fees = {{"Lệ phí đăng ký khai sinh", 8000, ""}};
    v.result = "Giấy khai sinh (bản chính)";
    return v;
}

cat::PublicationDecision MakeDecision(std::string number,
                                      std::string_view signed_on,
                                      std::string_view effective_on,
                                      std::vector<cat::DecisionItem> items) {
    cat::PublicationDecision d;
    d.number = std::move(number);
    d.title = "Công bố thủ tục hành chính";
    d.issuer = "Chủ tịch UBND tỉnh";
    d.signed_on = *cal::ParseDate(signed_on);
    d.effective_on = *cal::ParseDate(effective_on);
    d.items = std::move(items);
    return d;
}

cat::PublicationDecision FirstDecision(std::vector<cat::DecisionItem> items) {
    return MakeDecision(kFirstDecision, "2025-06-20", "2025-07-01", std::move(items));
}

wf::InternalProcess TwoStepProcess(const char* procedure, const char* agency) {
    wf::InternalProcess p;
    p.procedure_code = procedure;
    p.agency_code = agency;
    p.steps = {{"Thẩm định hồ sơ", wf::Role::kSpecialist, "", 12, cal::DurationUnit::kWorkingHours},
               {"Phê duyệt", wf::Role::kAgencyLeader, "", 4, cal::DurationUnit::kWorkingHours}};
    return p;
}

wf::Submission BirthSubmission(wf::Channel channel, std::string key, const char* agency) {
    wf::Submission s;
    s.procedure_code = kBirth;
    s.agency_code = agency;
    s.channel = channel;
    s.applicant = {"Nguyễn Văn A", "001090000001", "0912345678", "", "Xã A", std::nullopt};
    s.components = {"TP1", "TP2"};
    s.idempotency_key = std::move(key);
    return s;
}

}  // namespace motcua::storage::testing
