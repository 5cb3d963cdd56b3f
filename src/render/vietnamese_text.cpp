#include "render/vietnamese_text.hpp"

#include <array>
#include <memory>

#include <fmt/format.h>
#include <glib.h>

namespace motcua::render {
namespace {

using core::calendar::CivilParts;
using core::calendar::LocalDate;
using core::calendar::LocalDateTime;

struct GFreeDeleter {
    void operator()(gchar* p) const { g_free(p); }
};

using GString = std::unique_ptr<gchar, GFreeDeleter>;

std::string Date(LocalDate date) {
    const CivilParts p = core::calendar::Parts(date);
    // NĐ 30/2020: a zero before days 1–9 and months 1–2.
    return fmt::format("ngày {:02} tháng {} năm {}",
                       p.day,
                       p.month <= 2 ? fmt::format("{:02}", p.month) : fmt::format("{}", p.month),
                       p.year);
}

}  // namespace

std::string FormatIntegerVi(std::int64_t value) {
    const bool negative = value < 0;
    // Work on the unsigned magnitude so the minimum int64 does not overflow.
    std::uint64_t magnitude =
        negative ? static_cast<std::uint64_t>(-(value + 1)) + 1 : static_cast<std::uint64_t>(value);
    std::string digits = fmt::format("{}", magnitude);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3 + 1);
    if (negative) {
        out += '-';
    }
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += '.';
        }
        out += digits[i];
    }
    return out;
}

std::string FormatMoneyVi(std::int64_t vnd) {
    return FormatIntegerVi(vnd) + " đồng";
}

std::string FormatLongDateVi(LocalDate date) {
    return Date(date);
}

std::string FormatLongDateTimeVi(LocalDateTime time) {
    const LocalDate day = std::chrono::floor<std::chrono::days>(time);
    const std::chrono::hh_mm_ss hms(time - day);
    return fmt::format(
        "{:02} giờ {:02} phút, {}", hms.hours().count(), hms.minutes().count(), Date(day));
}

std::string FormatShortDateTimeVi(LocalDateTime time) {
    const LocalDate day = std::chrono::floor<std::chrono::days>(time);
    const std::chrono::hh_mm_ss hms(time - day);
    const CivilParts p = core::calendar::Parts(day);
    return fmt::format("{:02}:{:02} {:02}/{:02}/{}",
                       hms.hours().count(),
                       hms.minutes().count(),
                       p.day,
                       p.month,
                       p.year);
}

std::string PlaceName(std::string_view province_name) {
    static constexpr std::array<std::string_view, 4> kPrefixes = {
        "tỉnh ", "Tỉnh ", "thành phố ", "Thành phố "};
    for (const std::string_view prefix : kPrefixes) {
        if (province_name.starts_with(prefix) && province_name.size() > prefix.size()) {
            return std::string(province_name.substr(prefix.size()));
        }
    }
    return std::string(province_name);
}

std::string PlaceDateLineVi(std::string_view province_name, LocalDate date) {
    return fmt::format("{}, {}", PlaceName(province_name), Date(date));
}

std::string FormatPeriodVi(int amount, core::calendar::DurationUnit unit) {
    if (amount == 0) {
        return "trong ngày";
    }
    switch (unit) {
        case core::calendar::DurationUnit::kWorkingDays:
            return fmt::format("{} ngày làm việc", FormatIntegerVi(amount));
        case core::calendar::DurationUnit::kWorkingHours:
            return fmt::format("{} giờ làm việc", FormatIntegerVi(amount));
        case core::calendar::DurationUnit::kCalendarDays:
            return fmt::format("{} ngày", FormatIntegerVi(amount));
    }
    return FormatIntegerVi(amount);
}

std::string_view VerdictVi(core::workflow::Verdict verdict) {
    switch (verdict) {
        case core::workflow::Verdict::kPending:
            return "Đang giải quyết";
        case core::workflow::Verdict::kEarly:
            return "Trước hạn";
        case core::workflow::Verdict::kOnTime:
            return "Đúng hạn";
        case core::workflow::Verdict::kLate:
            return "Quá hạn";
    }
    return "";
}

std::string NormalizeVi(std::string_view text) {
    const GString valid(g_utf8_make_valid(text.data(), static_cast<gssize>(text.size())));
    const GString nfc(g_utf8_normalize(valid.get(), -1, G_NORMALIZE_NFC));
    return nfc ? std::string(nfc.get()) : std::string(valid.get());
}

std::string UpperVi(std::string_view text) {
    const std::string nfc = NormalizeVi(text);
    const GString upper(g_utf8_strup(nfc.c_str(), static_cast<gssize>(nfc.size())));
    return NormalizeVi(upper.get());
}

}  // namespace motcua::render
