// Agencies: the tree of bodies that receive and settle dossiers (province → departments, the
// provincial and commune public-administration service centres, communes; generic enough for
// the older three-level tree). Each carries the identifier code used in dossier codes
// (QCVN 102:2016 form, e.g. "000.00.01.H22") and its own calendar and office hours.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/holiday_rules.hpp"
#include "core/calendar/working_calendar.hpp"
#include "core/model/ids.hpp"

namespace motcua::core::model {

enum class AgencyKind {
    kProvince,       // Ủy ban nhân dân tỉnh
    kDepartment,     // Sở, ban, ngành
    kServiceCenter,  // Trung tâm Phục vụ hành chính công
    kDistrict,       // cấp huyện (before 01/07/2025)
    kCommune,        // xã, phường, đặc khu
    kOther,          // cơ quan ngành dọc, đơn vị khác
};

std::string_view AgencyKindName(AgencyKind kind);
[[nodiscard]] Result<AgencyKind> ParseAgencyKind(std::string_view name);

struct Agency {
    AgencyId id;
    std::string code;  // identifier, unique, e.g. "000.00.01.H22"
    std::string name;  // "Sở Tư pháp tỉnh …"
    AgencyKind kind = AgencyKind::kDepartment;
    std::optional<AgencyId> parent;
    calendar::OfficeHours hours;
    std::vector<calendar::CalendarEntry> calendar_overrides;

    bool operator==(const Agency&) const = default;
};

// Checks the code against the identifier form of TT 01/2018 Đ19 / QCVN 102:2016
// (`^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9A-Z]{2}$`). kInvalidArgument otherwise.
[[nodiscard]] Result<void> ValidateAgencyCode(std::string_view code);

// Checks a whole agency (code, non-empty name, office hours).
[[nodiscard]] Result<void> ValidateAgency(const Agency& agency);

// The calendar input for an agency (its code, overrides, hours).
calendar::AgencyCalendar CalendarOf(const Agency& agency);

}  // namespace motcua::core::model
