#include "core/kpi/index766.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <utility>

#include <fmt/format.h>

namespace motcua::core::kpi {
namespace {

constexpr std::array<std::string_view, 5> kGroupNames{
    "Công khai, minh bạch",
    "Tiến độ, kết quả giải quyết",
    "Cung cấp dịch vụ trực tuyến",
    "Số hóa hồ sơ",
    "Mức độ hài lòng",
};

// Every indicator id the engine knows (spec §3.2), in display order.
constexpr std::array<std::string_view, 24> kKnownIds{
    "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "3.x",  "3.1",  "3.2", "3.3", "3.5", "3.5b",
    "3.6", "4.1", "4.2", "4.x", "4.3", "4.4", "4.5a", "4.5b", "5.1", "5.2", "5.3", "5.4",
};

constexpr std::string_view kNoPublicationDates =
    "Hệ thống chưa lưu ngày có hiệu lực của văn bản quy định TTHC, nên chưa tính được thời hạn "
    "công bố";
constexpr std::string_view kNoNationalDatabase =
    "Hệ thống chưa lưu ngày công khai TTHC trên Cơ sở dữ liệu quốc gia về TTHC";
constexpr std::string_view kNoSyncRecord =
    "Chưa ghi nhận kết quả đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia";
constexpr std::string_view kNoPaymentPlatform =
    "Chưa tích hợp nền tảng thanh toán trực tuyến của Cổng Dịch vụ công quốc gia (dữ liệu phí, "
    "lệ phí đồng bộ)";
constexpr std::string_view kNoElectronicResult = "Hồ sơ chưa ghi nhận tệp kết quả điện tử";
constexpr std::string_view kNoDigitization = "Hồ sơ chưa ghi nhận thành phần được số hóa";
constexpr std::string_view kNoCertifiedCopies =
    "Hệ thống chưa cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính";
constexpr std::string_view kNoReuse = "Hồ sơ chưa ghi nhận thành phần tái sử dụng dữ liệu số hóa";
constexpr std::string_view kNoDataStore =
    "Chưa kết nối kho quản lý dữ liệu điện tử của tổ chức, cá nhân trên Cổng Dịch vụ công quốc gia";
constexpr std::string_view kNoPopulationData =
    "Chưa kết nối Cơ sở dữ liệu quốc gia về dân cư và tài khoản VNeID";
constexpr std::string_view kNoFeedback = "Hệ thống chưa tiếp nhận phản ánh, kiến nghị (PAKN)";
constexpr std::string_view kZeroDenominator =
    "Không có hồ sơ hoặc TTHC thuộc phạm vi trong kỳ (mẫu số bằng 0)";
constexpr std::string_view kDisabled = "Chỉ số không được tính theo cấu hình đang áp dụng";

double Round2(double x) {
    return std::round(x * 100.0) / 100.0;
}

std::optional<double> Percent(std::int64_t numerator, std::int64_t denominator) {
    if (denominator == 0) {
        return std::nullopt;
    }
    return Round2(100.0 * static_cast<double>(numerator) / static_cast<double>(denominator));
}

IndicatorConfig Ind(std::string_view id,
                    int group,
                    std::string_view name,
                    double max,
                    std::optional<double> threshold = std::nullopt,
                    bool verified = false) {
    return {std::string(id), group, std::string(name), max, threshold, verified, true};
}

// The result shell of an indicator from its configuration.
IndicatorResult Shell(const IndicatorConfig& c) {
    IndicatorResult r;
    r.id = c.id;
    r.group = c.group;
    r.name = c.name;
    r.max_points = c.max_points;
    r.threshold = c.threshold;
    r.verified = c.verified;
    r.unit = "%";
    return r;
}

void NotAvailable(IndicatorResult& r, std::string_view reason) {
    r.available = false;
    r.unavailable_reason = std::string(reason);
    r.value.reset();
    r.points.reset();
}

// Sets the ratio numerator / denominator and its points, or applies the zero-denominator rule.
void Ratio(IndicatorResult& r,
           const IndicatorConfig& c,
           std::int64_t numerator,
           std::int64_t denominator,
           ZeroDenominator zero) {
    r.numerator = numerator;
    r.denominator = denominator;
    double ratio = 0;
    if (denominator == 0) {
        switch (zero) {
            case ZeroDenominator::kNotAvailable:
                NotAvailable(r, kZeroDenominator);
                return;
            case ZeroDenominator::kZero:
                ratio = 0;
                break;
            case ZeroDenominator::kFull:
                ratio = 1;
                break;
        }
    } else {
        ratio = static_cast<double>(numerator) / static_cast<double>(denominator);
    }
    r.available = true;
    r.value = Round2(ratio * 100.0);
    if (c.max_points > 0) {
        r.points = Round2(PointsFor(ratio, c.max_points, c.threshold));
    }
}

// 2.1: numerator and denominator under the configuration's options.
std::pair<std::int64_t, std::int64_t> OnTime(const IndexInputs& in, const Index766Config& config) {
    const Totals& f = in.flows;
    std::int64_t in_time = f[Metric::kSettledEarly] + f[Metric::kSettledOnTime];
    std::int64_t late = f[Metric::kSettledLate];
    std::int64_t moved = 0;
    if (config.many_supplements_late) {
        moved += f[Metric::kSettledInTimeManySupplements];
    }
    if (config.original_due_after_apology) {
        moved += f[Metric::kSettledInTimeLateByOriginalDue];
    }
    if (config.many_supplements_late && config.original_due_after_apology) {
        moved -= f[Metric::kSettledInTimeBothExceptions];
    }
    in_time -= moved;
    late += moved;
    // Ended without a verdict other than by withdrawal (no due time): in time.
    in_time += f[Metric::kSettledWithoutVerdict] - f[Metric::kWithdrawnAfterReception];
    if (config.count_withdrawals) {
        in_time += f[Metric::kWithdrawnAfterReception] - f[Metric::kWithdrawnPastDue];
        late += f[Metric::kWithdrawnPastDue];
    }
    const std::int64_t pending = in.levels_end[Metric::kPending];
    const std::int64_t pending_in_time = pending - in.levels_end[Metric::kPendingOverdue];
    return {in_time + pending_in_time, in_time + late + pending};
}

void Compute(IndicatorResult& r,
             const IndicatorConfig& c,
             const IndexInputs& in,
             const Index766Config& config) {
    const Totals& f = in.flows;
    const CatalogFigures& cat = in.catalog;
    const ZeroDenominator zero = config.zero_denominator;
    if (r.id == "1.1") {
        r.formula =
            "Số TTHC có quyết định công bố trước ngày có hiệu lực của văn bản quy định ít nhất 5 "
            "ngày làm việc / số TTHC được công bố trong kỳ";
        NotAvailable(r, kNoPublicationDates);
    } else if (r.id == "1.2") {
        r.formula =
            "Số TTHC được công khai trên CSDL quốc gia trong 5 ngày làm việc kể từ ngày ký quyết "
            "định công bố / số TTHC phải công khai";
        NotAvailable(r, kNoNationalDatabase);
    } else if (r.id == "1.3") {
        r.formula =
            "Số TTHC đang có hiệu lực công khai đủ tên, trình tự, cách thức, thành phần hồ sơ, "
            "thời hạn, đối tượng, cơ quan thực hiện / số TTHC thuộc thẩm quyền (tại cuối kỳ)";
        Ratio(r, c, cat.published_in_full, cat.procedures, zero);
    } else if (r.id == "1.4") {
        r.formula = "Số hồ sơ tiếp nhận trong kỳ đã đồng bộ lên Cổng DVCQG / số hồ sơ tiếp nhận";
        NotAvailable(r, kNoSyncRecord);
    } else if (r.id == "2.1") {
        r.formula =
            "(Hồ sơ kết thúc xử lý trong kỳ trước hạn, đúng hạn + hồ sơ đang xử lý trong hạn tại "
            "cuối kỳ) / (hồ sơ kết thúc xử lý trong kỳ + hồ sơ đang xử lý tại cuối kỳ)";
        const auto [numerator, denominator] = OnTime(in, config);
        Ratio(r, c, numerator, denominator, zero);
        r.metrics = {Metric::kSettledEarly,
                     Metric::kSettledOnTime,
                     Metric::kSettledLate,
                     Metric::kWithdrawnAfterReception,
                     Metric::kPending};
        r.shortfall_metrics = {Metric::kSettledLate, Metric::kPendingOverdue};
        if (config.count_withdrawals) {
            r.shortfall_metrics.push_back(Metric::kWithdrawnPastDue);
        }
        if (config.many_supplements_late) {
            r.shortfall_metrics.push_back(Metric::kSettledInTimeManySupplements);
        }
        if (config.original_due_after_apology) {
            r.shortfall_metrics.push_back(Metric::kSettledInTimeLateByOriginalDue);
        }
    } else if (r.id == "2.2") {
        r.formula =
            "Tổng thời gian giải quyết (từ tiếp nhận đến có kết quả, theo lịch) / số hồ sơ có kết "
            "quả, tính theo ngày tiếp nhận trong kỳ";
        r.unit = "ngày";
        r.metrics = {Metric::kSettlementCount};
        const std::int64_t count = f[Metric::kSettlementCount];
        r.numerator = f[Metric::kSettlementMinutes];
        r.denominator = count;
        if (count == 0) {
            NotAvailable(r, kZeroDenominator);
        } else {
            r.available = true;
            r.value = Round2(static_cast<double>(f[Metric::kSettlementMinutes]) /
                             static_cast<double>(count) / 1440.0);
        }
    } else if (r.id == "3.x") {
        r.formula =
            "Số hồ sơ tiếp nhận trực tuyến của TTHC cung cấp dịch vụ công trực tuyến toàn trình / "
            "số hồ sơ tiếp nhận của các TTHC đó";
        r.metrics = {Metric::kReceivedOnlineFullOnlineProcedure,
                     Metric::kReceivedFullOnlineProcedure};
        Ratio(r,
              c,
              f[Metric::kReceivedOnlineFullOnlineProcedure],
              f[Metric::kReceivedFullOnlineProcedure],
              zero);
    } else if (r.id == "3.1") {
        r.formula =
            "Số TTHC có dịch vụ công trực tuyến (một phần, toàn trình) / số TTHC thuộc "
            "thẩm quyền";
        Ratio(r, c, cat.online, cat.procedures, zero);
    } else if (r.id == "3.2") {
        r.formula =
            "Số dịch vụ công trực tuyến có hồ sơ trực tuyến trong kỳ / số dịch vụ công "
            "trực tuyến";
        if (!cat.online_with_dossiers.has_value()) {
            NotAvailable(r, "Chỉ tính khi xem chỉ số của một phạm vi, không tính khi xếp hạng");
        } else {
            Ratio(r, c, *cat.online_with_dossiers, cat.online, zero);
        }
    } else if (r.id == "3.3") {
        r.formula = "Số hồ sơ tiếp nhận trực tuyến / số hồ sơ tiếp nhận trong kỳ";
        const std::int64_t received = f.Received();
        r.metrics = {Metric::kReceivedOnlineSelf,
                     Metric::kReceivedOnlineAssisted,
                     Metric::kReceivedCounter,
                     Metric::kReceivedPostal};
        Ratio(r, c, f.ReceivedOnline(), received, zero);
        r.parts = {{"Trực tuyến, tự nộp",
                    f[Metric::kReceivedOnlineSelf],
                    received,
                    Percent(f[Metric::kReceivedOnlineSelf], received)},
                   {"Trực tuyến, cán bộ hỗ trợ nộp",
                    f[Metric::kReceivedOnlineAssisted],
                    received,
                    Percent(f[Metric::kReceivedOnlineAssisted], received)},
                   {"Trực tiếp",
                    f[Metric::kReceivedCounter],
                    received,
                    Percent(f[Metric::kReceivedCounter], received)},
                   {"Qua dịch vụ bưu chính công ích",
                    f[Metric::kReceivedPostal],
                    received,
                    Percent(f[Metric::kReceivedPostal], received)}};
    } else if (r.id == "3.5") {
        r.formula = "Số TTHC có dữ liệu phí, lệ phí đồng bộ trong kỳ / số TTHC có phí, lệ phí";
        NotAvailable(r, kNoPaymentPlatform);
    } else if (r.id == "3.5b") {
        r.formula = "Số TTHC có hồ sơ thanh toán trực tuyến trong kỳ / số TTHC có phí, lệ phí";
        Ratio(r, c, cat.with_online_payment, cat.with_fee, zero);
    } else if (r.id == "3.6") {
        r.formula =
            "Số hồ sơ tiếp nhận trong kỳ được thanh toán trực tuyến / số hồ sơ tiếp nhận trong kỳ "
            "của TTHC có phí, lệ phí";
        r.metrics = {Metric::kDossierPaidOnline, Metric::kReceivedFeeProcedure};
        Ratio(r, c, f[Metric::kDossierPaidOnline], f[Metric::kReceivedFeeProcedure], zero);
    } else if (r.id == "4.1") {
        r.formula = "Số hồ sơ có kết quả điện tử / số hồ sơ của TTHC có kết quả là giấy tờ";
        NotAvailable(r, kNoElectronicResult);
    } else if (r.id == "4.2") {
        r.formula = "Số hồ sơ có thành phần số hóa và kết quả điện tử / số hồ sơ";
        NotAvailable(r, kNoDigitization);
    } else if (r.id == "4.x") {
        r.formula = "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính";
        NotAvailable(r, kNoCertifiedCopies);
    } else if (r.id == "4.3") {
        r.formula = "Số hồ sơ có thành phần tái sử dụng dữ liệu số hóa / số hồ sơ tiếp nhận";
        NotAvailable(r, kNoReuse);
    } else if (r.id == "4.4") {
        r.formula =
            "Số hồ sơ có thành phần lấy từ kho dữ liệu cá nhân hoặc đẩy kết quả vào kho / số hồ "
            "sơ tiếp nhận";
        NotAvailable(r, kNoDataStore);
    } else if (r.id == "4.5a" || r.id == "4.5b") {
        r.formula = r.id == "4.5a"
                        ? "Số TTHC có hồ sơ khai thác dữ liệu dân cư / số TTHC cho công dân"
                        : "Số hồ sơ sử dụng dữ liệu từ CSDLQG về dân cư / số hồ sơ";
        NotAvailable(r, kNoPopulationData);
    } else if (r.id == "5.1" || r.id == "5.2" || r.id == "5.3") {
        r.formula = "Phản ánh, kiến nghị về quy định hành chính và việc giải quyết TTHC";
        NotAvailable(r, kNoFeedback);
    } else if (r.id == "5.4") {
        r.formula =
            "100% − (tỷ lệ hồ sơ quá hạn theo chỉ số 2.1 + tỷ lệ hồ sơ bị đánh giá không hài lòng "
            "trên số hồ sơ kết thúc xử lý trong kỳ)";
        r.metrics = {Metric::kRatedUnhappy, Metric::kSettledLate, Metric::kPendingOverdue};
        r.shortfall_metrics = {
            Metric::kRatedUnhappy, Metric::kSettledLate, Metric::kPendingOverdue};
        const auto [in_time, population] = OnTime(in, config);
        const std::int64_t settled = f.Settled();
        const std::int64_t unhappy = f[Metric::kRatedUnhappy];
        r.parts = {
            {"Hồ sơ quá hạn",
             population - in_time,
             population,
             Percent(population - in_time, population)},
            {"Hồ sơ bị đánh giá không hài lòng", unhappy, settled, Percent(unhappy, settled)}};
        if (population == 0) {
            Ratio(r, c, 0, 0, zero);
            r.numerator.reset();
            r.denominator.reset();
            return;
        }
        const double late_ratio =
            static_cast<double>(population - in_time) / static_cast<double>(population);
        const double unhappy_ratio =
            settled == 0 ? 0.0 : static_cast<double>(unhappy) / static_cast<double>(settled);
        const double ratio = std::max(0.0, 1.0 - late_ratio - unhappy_ratio);
        r.available = true;
        r.value = Round2(ratio * 100.0);
        if (c.max_points > 0) {
            r.points = Round2(PointsFor(ratio, c.max_points, c.threshold));
        }
    }
}

}  // namespace

std::string_view BandName(Band band) {
    switch (band) {
        case Band::kExcellent:
            return "excellent";
        case Band::kGood:
            return "good";
        case Band::kFair:
            return "fair";
        case Band::kAverage:
            return "average";
        case Band::kWeak:
            return "weak";
    }
    return "weak";
}

std::string_view BandNameVi(Band band) {
    switch (band) {
        case Band::kExcellent:
            return "Xuất sắc";
        case Band::kGood:
            return "Tốt";
        case Band::kFair:
            return "Khá";
        case Band::kAverage:
            return "Trung bình";
        case Band::kWeak:
            return "Yếu";
    }
    return "Yếu";
}

std::vector<Index766Config> BuiltinIndex766Configs() {
    Index766Config c;
    c.version = "766-dvcqg-2025";
    c.effective_from = calendar::LocalDate{std::chrono::year{2022} / 8 / 1};
    c.indicators = {
        Ind("1.1", 1, "TTHC công bố đúng hạn", 6),
        Ind("1.2", 1, "TTHC cập nhật, công khai đúng hạn", 4, std::nullopt, true),
        Ind("1.3", 1, "TTHC công khai đầy đủ các bộ phận tạo thành", 2),
        Ind("1.4", 1, "Hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia", 6),
        Ind("2.1", 2, "Hồ sơ xử lý trước hạn, đúng hạn", 20, std::nullopt, true),
        Ind("2.2", 2, "Thời gian giải quyết trung bình theo TTHC", 0),
        Ind("3.x", 3, "Hồ sơ dịch vụ công trực tuyến toàn trình", 12),
        Ind("3.1", 3, "TTHC có dịch vụ công trực tuyến", 0, 0.8),
        Ind("3.2", 3, "Dịch vụ công trực tuyến có phát sinh hồ sơ", 0),
        Ind("3.3", 3, "Hồ sơ tiếp nhận trực tuyến", 0, 0.5),
        Ind("3.5", 3, "TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến", 2, 0.8),
        Ind("3.5b", 3, "TTHC có giao dịch thanh toán trực tuyến", 2),
        Ind("3.6", 3, "Hồ sơ thanh toán trực tuyến", 6),
        Ind("4.1", 4, "Hồ sơ có kết quả điện tử", 6),
        Ind("4.2", 4, "Hồ sơ thực hiện số hóa", 4, 0.8),
        Ind("4.x", 4, "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính", 2),
        Ind("4.3", 4, "Khai thác, sử dụng lại dữ liệu số hóa", 2, 0.8),
        Ind("4.4", 4, "Hồ sơ số hóa có kết nối, chia sẻ dữ liệu", 4),
        Ind("4.5a", 4, "TTHC kết nối, chia sẻ dữ liệu dân cư", 2),
        Ind("4.5b", 4, "Hồ sơ sử dụng dữ liệu từ CSDLQG về dân cư", 2),
        Ind("5.1", 5, "Phản ánh, kiến nghị theo phân loại", 0),
        Ind("5.2", 5, "Phản ánh, kiến nghị xử lý đúng hạn", 6),
        Ind("5.3", 5, "Hài lòng trong xử lý phản ánh, kiến nghị", 6),
        Ind("5.4", 5, "Hài lòng trong tiếp nhận, giải quyết TTHC", 6, 0.9, true),
    };
    c.bands = {{90, Band::kExcellent},
               {80, Band::kGood},
               {70, Band::kFair},
               {50, Band::kAverage},
               {0, Band::kWeak}};
    return {c};
}

Result<Index766Config> ConfigInForce(std::span<const Index766Config> configs,
                                     calendar::LocalDate day) {
    const Index766Config* best = nullptr;
    for (const Index766Config& c : configs) {
        if (c.effective_from <= day &&
            (best == nullptr || c.effective_from >= best->effective_from)) {
            best = &c;
        }
    }
    if (best == nullptr) {
        return Fail(
            ErrorCode::kNotFound,
            fmt::format("no QĐ 766 configuration in force on {}", calendar::FormatDate(day)),
            fmt::format("không có cấu hình Bộ chỉ số 766 áp dụng ngày {}",
                        calendar::FormatDateVi(day)));
    }
    return *best;
}

Result<void> ValidateConfig(const Index766Config& config) {
    const auto bad = [](std::string field, std::string what) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("{}: {}", field, what),
                    fmt::format("cấu hình chỉ số 766 không hợp lệ ({}): {}", field, what),
                    std::move(field));
    };
    if (config.version.empty()) {
        return bad("version", "empty");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < config.indicators.size(); ++i) {
        const IndicatorConfig& c = config.indicators[i];
        const std::string field = fmt::format("indicators[{}]", i);
        if (std::find(kKnownIds.begin(), kKnownIds.end(), c.id) == kKnownIds.end()) {
            return bad(field + ".id", fmt::format("unknown indicator '{}'", c.id));
        }
        if (!seen.insert(c.id).second) {
            return bad(field + ".id", fmt::format("indicator '{}' listed twice", c.id));
        }
        if (c.group < 1 || c.group > 5 || c.id.front() != static_cast<char>('0' + c.group)) {
            return bad(field + ".group", "must be the indicator's group (1..5)");
        }
        if (!(c.max_points >= 0)) {
            return bad(field + ".max_points", "must be ≥ 0");
        }
        if (c.threshold.has_value() && !(*c.threshold > 0 && *c.threshold <= 1)) {
            return bad(field + ".threshold", "must be in (0, 1]");
        }
    }
    if (config.bands.empty() || config.bands.back().lower_bound != 0) {
        return bad("bands", "must end with a band from 0");
    }
    for (std::size_t i = 1; i < config.bands.size(); ++i) {
        if (!(config.bands[i].lower_bound < config.bands[i - 1].lower_bound)) {
            return bad(fmt::format("bands[{}].lower_bound", i), "must be descending");
        }
    }
    if (config.flag.bottom < 1) {
        return bad("flag.bottom", "must be ≥ 1");
    }
    if (config.flag.consecutive_periods < 1) {
        return bad("flag.consecutive_periods", "must be ≥ 1");
    }
    return {};
}

double PointsFor(double ratio, double max, std::optional<double> threshold) {
    ratio = std::clamp(ratio, 0.0, 1.0);
    if (threshold.has_value()) {
        return ratio >= *threshold ? max : ratio * max / *threshold;
    }
    return ratio * max;
}

Band BandOf(double score, std::span<const BandConfig> bands) {
    for (const BandConfig& b : bands) {
        if (score >= b.lower_bound) {
            return b.band;
        }
    }
    return bands.empty() ? Band::kWeak : bands.back().band;
}

Index766 ComputeIndex766(const IndexInputs& inputs, const Index766Config& config) {
    Index766 out;
    out.config_version = config.version;
    std::array<GroupResult, 5> groups{};
    for (std::size_t g = 0; g < groups.size(); ++g) {
        groups[g].group = static_cast<int>(g) + 1;
        groups[g].name = std::string(kGroupNames[g]);
    }
    // Display order: the spec's, whatever the configuration's order.
    for (const std::string_view id : kKnownIds) {
        const auto c = std::find_if(config.indicators.begin(),
                                    config.indicators.end(),
                                    [&](const IndicatorConfig& i) { return i.id == id; });
        if (c == config.indicators.end()) {
            continue;
        }
        IndicatorResult r = Shell(*c);
        Compute(r, *c, inputs, config);
        if (!c->enabled) {
            NotAvailable(r, kDisabled);
        }
        GroupResult& g = groups[static_cast<std::size_t>(c->group - 1)];
        g.max_points += c->max_points;
        if (r.available && c->max_points > 0) {
            g.computable_points += c->max_points;
            g.points += r.points.value_or(0);
        }
        if (r.id == "2.1") {
            out.on_time_percent = r.value;
        }
        out.indicators.push_back(std::move(r));
    }
    for (GroupResult& g : groups) {
        g.points = Round2(g.points);
        out.max_points += g.max_points;
        out.computable_points += g.computable_points;
        out.score += g.points;
        out.groups.push_back(g);
    }
    out.score = Round2(out.score);
    if (out.computable_points > 0) {
        out.score_of_computable = Round2(out.score * 100.0 / out.computable_points);
        const double basis = config.band_basis == BandBasis::kComputable
                                 ? *out.score_of_computable
                                 : out.score * 100.0 / std::max(out.max_points, 1e-9);
        out.band = BandOf(basis, config.bands);
    }
    return out;
}

std::vector<RankedAgency> Rank(std::vector<RankedAgency> agencies, BandBasis basis) {
    std::erase_if(agencies, [](const RankedAgency& a) { return a.index.computable_points <= 0; });
    for (RankedAgency& a : agencies) {
        a.score = basis == BandBasis::kComputable ? a.index.score_of_computable.value_or(0)
                                                  : a.index.score;
    }
    const auto on_time = [](const RankedAgency& a) {
        return a.index.on_time_percent.value_or(-1);
    };
    std::sort(agencies.begin(), agencies.end(), [&](const RankedAgency& a, const RankedAgency& b) {
        if (a.score != b.score) {
            return a.score > b.score;
        }
        if (on_time(a) != on_time(b)) {
            return on_time(a) > on_time(b);
        }
        return a.code < b.code;
    });
    for (std::size_t i = 0; i < agencies.size(); ++i) {
        const bool tie = i > 0 && agencies[i].score == agencies[i - 1].score &&
                         on_time(agencies[i]) == on_time(agencies[i - 1]);
        agencies[i].rank = tie ? agencies[i - 1].rank : static_cast<int>(i) + 1;
    }
    return agencies;
}

std::vector<std::string> BottomCodes(std::span<const RankedAgency> ranking, int bottom) {
    std::vector<std::string> out;
    const int count = static_cast<int>(ranking.size());
    if (bottom < 1 || count <= bottom) {
        return out;
    }
    // The rank held by the agency `bottom` places from the end: everyone at or below it.
    const int cut = ranking[static_cast<std::size_t>(count - bottom)].rank;
    if (cut == 1) {
        return out;
    }
    for (const RankedAgency& a : ranking) {
        if (a.rank >= cut) {
            out.push_back(a.code);
        }
    }
    return out;
}

}  // namespace motcua::core::kpi
