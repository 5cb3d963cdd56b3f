#include "core/workflow/public_view.hpp"

#include <algorithm>

#include "common/overloaded.hpp"

namespace motcua::core::workflow {

std::string_view PublicTitle(const EventData& data) {
    return std::visit(
        Overloaded{
            [](const Submitted&) { return std::string_view("Nộp hồ sơ"); },
            [](const Received&) { return std::string_view("Tiếp nhận hồ sơ"); },
            [](const SupplementRequested&) { return std::string_view("Yêu cầu bổ sung hồ sơ"); },
            [](const SupplementReceived&) { return std::string_view("Nhận hồ sơ bổ sung"); },
            [](const Refused&) { return std::string_view("Từ chối hồ sơ"); },
            [](const StepStarted& s) {
                return s.consultation ? std::string_view("Lấy ý kiến cơ quan liên quan")
                                      : std::string_view("Chuyển xử lý");
            },
            [](const StepAssigned&) { return std::string_view("Phân công xử lý"); },
            [](const StepCompleted&) { return std::string_view("Hoàn thành bước xử lý"); },
            [](const PaymentRequested&) {
                return std::string_view("Yêu cầu thực hiện nghĩa vụ tài chính");
            },
            [](const PaymentReceived&) { return std::string_view("Đã thanh toán"); },
            [](const ResultIssued&) { return std::string_view("Có kết quả giải quyết"); },
            [](const Returned&) { return std::string_view("Trả kết quả"); },
            [](const ApologyIssued&) {
                return std::string_view("Xin lỗi và hẹn lại ngày trả kết quả");
            },
            [](const Stopped&) { return std::string_view("Dừng xử lý"); },
            [](const Withdrawn&) { return std::string_view("Rút hồ sơ"); },
            [](const Rated&) { return std::string_view("Đánh giá"); },
        },
        data);
}

std::optional<PublicTimelineEntry> PublicEntry(const Event& event, const Dossier& dossier) {
    if (std::holds_alternative<StepAssigned>(event.data)) {
        return std::nullopt;  // who handles a file is internal
    }
    PublicTimelineEntry entry;
    entry.at = event.at;
    entry.event = std::string(EventTypeName(event.data));
    entry.title = std::string(PublicTitle(event.data));
    if (const auto* started = std::get_if<StepStarted>(&event.data);
        started != nullptr && started->consultation) {
        entry.event = "consultation_started";
    } else if (const auto* completed = std::get_if<StepCompleted>(&event.data)) {
        const auto step =
            std::find_if(dossier.steps.begin(), dossier.steps.end(), [&](const StepRecord& r) {
                return r.index == completed->index;
            });
        if (step != dossier.steps.end() && step->consultation) {
            entry.event = "consultation_answered";
            entry.title = "Cơ quan liên quan đã cho ý kiến";
        }
    }
    if (const auto* s = std::get_if<SupplementRequested>(&event.data)) {
        entry.reasons = s->reasons;
    } else if (const auto* r = std::get_if<Refused>(&event.data)) {
        entry.reasons = r->reasons;
    } else if (const auto* a = std::get_if<ApologyIssued>(&event.data)) {
        entry.new_due_at = a->new_due_at;
    }
    return entry;
}

PublicView PublicHeader(const Dossier& d) {
    PublicView v;
    v.id = d.id;
    v.version = d.version;
    v.code = d.code;
    v.verification_key = d.verification_key;
    v.procedure_code = d.procedure_code;
    v.agency_code = d.agency_code;
    v.handling_agency_code = d.handling_agency_code;
    v.channel = d.channel;
    v.status = d.status;
    v.submitted_at = d.submitted_at;
    v.received_at = d.received_at;
    v.due_at = d.due_at;
    v.finished_at = d.finished_at;
    v.returned_at = d.returned_at;
    v.verdict = d.verdict;
    return v;
}

PublicView PublicViewOf(const Dossier& dossier, std::span<const Event> events) {
    PublicView v = PublicHeader(dossier);
    v.timeline.reserve(events.size());
    for (const Event& e : events) {
        if (auto entry = PublicEntry(e, dossier)) {
            v.timeline.push_back(std::move(*entry));
        }
    }
    return v;
}

}  // namespace motcua::core::workflow
