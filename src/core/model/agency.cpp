#include "core/model/agency.hpp"

#include <array>
#include <cctype>

#include <fmt/format.h>

#include "common/enum_names.hpp"

namespace motcua::core::model {

namespace {

constexpr std::array<NamedValue<AgencyKind>, 6> kKindNames = {{
    {AgencyKind::kProvince, "province"},
    {AgencyKind::kDepartment, "department"},
    {AgencyKind::kServiceCenter, "service_center"},
    {AgencyKind::kDistrict, "district"},
    {AgencyKind::kCommune, "commune"},
    {AgencyKind::kOther, "other"},
}};

}  // namespace

std::string_view AgencyKindName(AgencyKind kind) {
    return NameOf(kKindNames, kind);
}

Result<AgencyKind> ParseAgencyKind(std::string_view name) {
    return ParseName(kKindNames, name, "kind");
}

Result<void> ValidateAgencyCode(std::string_view code) {
    // [0-9A-Z]{3}.[0-9A-Z]{2}.[0-9A-Z]{2}.[A-Z][0-9A-Z]{2}
    const auto alnum = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    };
    bool ok = code.size() == 13 && code[3] == '.' && code[6] == '.' && code[9] == '.' &&
              code[10] >= 'A' && code[10] <= 'Z';
    for (const std::size_t i : {0U, 1U, 2U, 4U, 5U, 7U, 8U, 11U, 12U}) {
        ok = ok && alnum(code[i]);
    }
    if (!ok) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("agency code '{}' is not of the form 000.00.00.H00", code),
                    fmt::format("mã cơ quan '{}' không đúng dạng 000.00.00.H00", code),
                    "code");
    }
    return {};
}

Result<void> ValidateAgency(const Agency& agency) {
    MOTCUA_TRY(ValidateAgencyCode(agency.code));
    if (agency.name.empty()) {
        return Fail(
            ErrorCode::kInvalidArgument, "the agency needs a name", "cơ quan cần có tên", "name");
    }
    return calendar::ValidateOfficeHours(agency.hours);
}

calendar::AgencyCalendar CalendarOf(const Agency& agency) {
    return calendar::AgencyCalendar{agency.code, agency.calendar_overrides, agency.hours};
}

}  // namespace motcua::core::model
