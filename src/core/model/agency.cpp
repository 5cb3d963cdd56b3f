#include "core/model/agency.hpp"

#include <array>
#include <cctype>

#include <fmt/format.h>

namespace motcua::core::model {

std::string_view AgencyKindName(AgencyKind kind) {
    switch (kind) {
        case AgencyKind::kProvince:
            return "province";
        case AgencyKind::kDepartment:
            return "department";
        case AgencyKind::kServiceCenter:
            return "service_center";
        case AgencyKind::kDistrict:
            return "district";
        case AgencyKind::kCommune:
            return "commune";
        case AgencyKind::kOther:
            return "other";
    }
    return "other";
}

Result<AgencyKind> ParseAgencyKind(std::string_view name) {
    static constexpr std::array kAll = {AgencyKind::kProvince,
                                        AgencyKind::kDepartment,
                                        AgencyKind::kServiceCenter,
                                        AgencyKind::kDistrict,
                                        AgencyKind::kCommune,
                                        AgencyKind::kOther};
    for (const AgencyKind k : kAll) {
        if (AgencyKindName(k) == name) {
            return k;
        }
    }
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("unknown agency kind '{}'", name),
                fmt::format("loại cơ quan '{}' không hợp lệ", name),
                "kind");
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
