// Numbers, money, dates and names as Vietnamese administrative documents print them (NĐ 30/2020/
// NĐ-CP Phụ lục I: "Hà Nội, ngày 05 tháng 02 năm 2026"; thousands grouped with dots:
// "1.234.567 đồng"). Pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/calendar/civil_time.hpp"
#include "core/calendar/deadline.hpp"
#include "core/workflow/dossier.hpp"

namespace motcua::render {

// "1.234.567"; negative numbers keep their sign ("-1.234").
std::string FormatIntegerVi(std::int64_t value);

// "1.234.567 đồng"; 0 gives "0 đồng".
std::string FormatMoneyVi(std::int64_t vnd);

// "ngày 05 tháng 02 năm 2026", "ngày 25 tháng 11 năm 2026": days below 10 and the months 1 and 2
// take a leading zero, other months do not (NĐ 30/2020 Phụ lục I, mục II.4).
std::string FormatLongDateVi(core::calendar::LocalDate date);

// "17 giờ 00 phút, ngày 05 tháng 3 năm 2026".
std::string FormatLongDateTimeVi(core::calendar::LocalDateTime time);

// "17:00 05/03/2026", for tables.
std::string FormatShortDateTimeVi(core::calendar::LocalDateTime time);

// The place of the date line: the province name without its administrative prefix ("tỉnh Hòa
// Bình Xanh" → "Hòa Bình Xanh", "thành phố Hà Nội" → "Hà Nội"); other names are kept.
std::string PlaceName(std::string_view province_name);

// "Hòa Bình Xanh, ngày 05 tháng 3 năm 2026".
std::string PlaceDateLineVi(std::string_view province_name, core::calendar::LocalDate date);

// A legal period: "3 ngày làm việc", "4 giờ làm việc", "30 ngày"; 0 gives "trong ngày".
std::string FormatPeriodVi(int amount, core::calendar::DurationUnit unit);

// "Trước hạn", "Đúng hạn", "Quá hạn", "Đang giải quyết" (TT 01/2018 Mẫu 05).
std::string_view VerdictVi(core::workflow::Verdict verdict);

// Upper case of UTF-8 text with Vietnamese letters ("UBND tỉnh Hòa Bình" → "UBND TỈNH HÒA
// BÌNH"), normalized to NFC. Invalid UTF-8 is repaired with U+FFFD.
std::string UpperVi(std::string_view text);

// `text` as valid UTF-8 in NFC (precomposed Vietnamese letters), invalid bytes replaced by
// U+FFFD. Every string printed on a document passes through it, so text typed with combining
// marks prints and extracts exactly like precomposed text.
std::string NormalizeVi(std::string_view text);

}  // namespace motcua::render
