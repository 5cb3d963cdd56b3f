#include "integrations/reports/settlement_columns.hpp"

#include <array>

#include <fmt/format.h>

namespace motcua::integrations::reports::internal {
namespace {

using core::kpi::Rate;
using core::kpi::SettlementRow;

Cell Percent(const Rate& r) {
    if (!r.percent.has_value()) {
        return std::monostate{};
    }
    return *r.percent;
}

using core::kpi::SettlementFigures;

template <std::int64_t SettlementFigures::*Field>
Cell Count(const SettlementRow& r) {
    return r.figures.*Field;
}

template <Rate SettlementFigures::*Field>
Cell RateOf(const SettlementRow& r) {
    return Percent(r.figures.*Field);
}

constexpr double kCountWidth = 11;
constexpr double kRateWidth = 12;

const std::array<Column, 33> kColumns{{
    {"Mã",
     ColumnKind::kText,
     16,
     [](const SettlementRow& r) -> Cell {
         return r.code;
     }},
    {"Tên",
     ColumnKind::kText,
     36,
     [](const SettlementRow& r) -> Cell {
         return r.name;
     }},
    {"Đơn vị cấp trên",
     ColumnKind::kText,
     16,
     [](const SettlementRow& r) -> Cell {
         return r.parent_code;
     }},
    {"Tổng số hồ sơ nhận giải quyết",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::to_settle>},
    {"Từ kỳ trước chuyển sang",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::carried_over>},
    {"Mới tiếp nhận trực tuyến",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::received_online>},
    {"Mới tiếp nhận trực tiếp",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::received_direct>},
    {"Mới tiếp nhận qua bưu chính",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::received_postal>},
    {"Đã giải quyết", ColumnKind::kCount, kCountWidth, Count<&SettlementFigures::settled>},
    {"Đã giải quyết trước hạn",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::settled_early>},
    {"Đã giải quyết đúng hạn",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::settled_on_time>},
    {"Đã giải quyết quá hạn",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::settled_late>},
    {"Kết thúc không đánh giá hạn (rút hồ sơ)",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::settled_without_verdict>},
    {"Đang giải quyết", ColumnKind::kCount, kCountWidth, Count<&SettlementFigures::pending>},
    {"Đang giải quyết trong hạn",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::pending_in_time>},
    {"Đang giải quyết quá hạn",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::pending_overdue>},
    {"Đang chờ bổ sung",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::pending_waiting>},
    {"Yêu cầu bổ sung",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::supplement_requests>},
    {"Từ chối", ColumnKind::kCount, kCountWidth, Count<&SettlementFigures::refusals>},
    {"Dừng xử lý", ColumnKind::kCount, kCountWidth, Count<&SettlementFigures::stopped>},
    {"Xin lỗi, hẹn lại", ColumnKind::kCount, kCountWidth, Count<&SettlementFigures::apologies>},
    {"Rút hồ sơ", ColumnKind::kCount, kCountWidth, Count<&SettlementFigures::withdrawals>},
    {"Đã trả kết quả",
     ColumnKind::kCount,
     kCountWidth,
     Count<&SettlementFigures::results_returned>},
    {"Tỷ lệ đúng hạn (%)", ColumnKind::kPercent, kRateWidth, RateOf<&SettlementFigures::on_time>},
    {"Tỷ lệ tiếp nhận trực tuyến (%)",
     ColumnKind::kPercent,
     kRateWidth,
     RateOf<&SettlementFigures::digital_take_up>},
    {"Trực tuyến tự nộp (%)",
     ColumnKind::kPercent,
     kRateWidth,
     RateOf<&SettlementFigures::self_service>},
    {"Trực tuyến có cán bộ hỗ trợ (%)",
     ColumnKind::kPercent,
     kRateWidth,
     RateOf<&SettlementFigures::assisted>},
    {"Thanh toán trực tuyến (%)",
     ColumnKind::kPercent,
     kRateWidth,
     RateOf<&SettlementFigures::online_payment>},
    {"Số hóa (%)", ColumnKind::kPercent, kRateWidth, RateOf<&SettlementFigures::digitization>},
    {"Tái sử dụng dữ liệu số hóa (%)",
     ColumnKind::kPercent,
     kRateWidth,
     RateOf<&SettlementFigures::reuse>},
    {"Hoàn thành hồ sơ trực tuyến đang soạn (%)",
     ColumnKind::kPercent,
     kRateWidth,
     RateOf<&SettlementFigures::draft_completion>},
    {"Thời gian trung vị từ khi soạn đến khi nộp trực tuyến (phút)",
     ColumnKind::kMinutes,
     kRateWidth,
     [](const SettlementRow& r) -> Cell {
         if (!r.figures.median_minutes_to_submit.has_value()) {
             return std::monostate{};
         }
         return *r.figures.median_minutes_to_submit;
     }},
    {"Thời gian giải quyết trung bình (ngày)",
     ColumnKind::kDays,
     kRateWidth,
     [](const SettlementRow& r) -> Cell {
         if (!r.figures.average_settlement_days.has_value()) {
             return std::monostate{};
         }
         return *r.figures.average_settlement_days;
     }},
}};

}  // namespace

std::span<const Column> SettlementColumns() {
    return kColumns;
}

std::vector<std::string> UnavailableNotes(const core::kpi::SettlementFigures& f) {
    std::vector<std::string> out;
    const auto note = [&](std::string_view name, const std::string& reason) {
        if (!reason.empty()) {
            out.push_back(fmt::format("{}: {}", name, reason));
        }
    };
    note("Số hóa", f.digitization.unavailable);
    note("Tái sử dụng dữ liệu số hóa", f.reuse.unavailable);
    note("Hoàn thành hồ sơ trực tuyến đang soạn", f.draft_completion.unavailable);
    note("Thời gian trung vị để nộp hồ sơ trực tuyến", f.median_minutes_to_submit_unavailable);
    return out;
}

std::string PeriodText(const core::kpi::Period& period) {
    return fmt::format("{} ({} – {})",
                       period.label,
                       core::calendar::FormatDateVi(period.from),
                       core::calendar::FormatDateVi(period.to));
}

}  // namespace motcua::integrations::reports::internal
