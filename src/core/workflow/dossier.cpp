#include "core/workflow/dossier.hpp"

#include <array>

#include <fmt/format.h>

#include "common/enum_names.hpp"

namespace motcua::core::workflow {
namespace {

constexpr std::array<NamedValue<Channel>, 3> kChannelNames = {{
    {Channel::kOnline, "online"},
    {Channel::kCounter, "counter"},
    {Channel::kPostal, "postal"},
}};

constexpr std::array<NamedValue<Role>, 8> kRoleNames = {{
    {Role::kCitizen, "citizen"},
    {Role::kOneStopOfficer, "one_stop_officer"},
    {Role::kSpecialist, "specialist"},
    {Role::kAgencyLeader, "agency_leader"},
    {Role::kProvinceController, "province_controller"},
    {Role::kAdministrator, "administrator"},
    {Role::kAuditor, "auditor"},
    {Role::kSystem, "system"},
}};

constexpr std::array<NamedValue<ReturnMethod>, 3> kReturnNames = {{
    {ReturnMethod::kCounter, "counter"},
    {ReturnMethod::kPostal, "postal"},
    {ReturnMethod::kOnline, "online"},
}};

}  // namespace

std::string_view StatusNameVi(DossierStatus status) {
    switch (status) {
        case DossierStatus::kSubmitted:
            return "Mới đăng ký";
        case DossierStatus::kReceived:
            return "Được tiếp nhận";
        case DossierStatus::kRefused:
            return "Không được tiếp nhận";
        case DossierStatus::kProcessing:
            return "Đang xử lý";
        case DossierStatus::kSupplementRequested:
            return "Yêu cầu bổ sung giấy tờ";
        case DossierStatus::kAwaitingPayment:
            return "Yêu cầu thực hiện nghĩa vụ tài chính";
        case DossierStatus::kWithdrawn:
            return "Công dân yêu cầu rút hồ sơ";
        case DossierStatus::kStopped:
            return "Dừng xử lý";
        case DossierStatus::kProcessed:
            return "Đã xử lý xong";
        case DossierStatus::kReturned:
            return "Đã trả kết quả";
    }
    return "";
}

std::string_view StatusName(DossierStatus status) {
    switch (status) {
        case DossierStatus::kSubmitted:
            return "submitted";
        case DossierStatus::kReceived:
            return "received";
        case DossierStatus::kRefused:
            return "refused";
        case DossierStatus::kProcessing:
            return "processing";
        case DossierStatus::kSupplementRequested:
            return "supplement_requested";
        case DossierStatus::kAwaitingPayment:
            return "awaiting_payment";
        case DossierStatus::kWithdrawn:
            return "withdrawn";
        case DossierStatus::kStopped:
            return "stopped";
        case DossierStatus::kProcessed:
            return "processed";
        case DossierStatus::kReturned:
            return "returned";
    }
    return "";
}

bool IsTerminal(DossierStatus status) {
    switch (status) {
        case DossierStatus::kRefused:
        case DossierStatus::kWithdrawn:
        case DossierStatus::kStopped:
        case DossierStatus::kProcessed:
        case DossierStatus::kReturned:
            return true;
        default:
            return false;
    }
}

std::string_view ChannelName(Channel channel) {
    return NameOf(kChannelNames, channel);
}

Result<Channel> ParseChannel(std::string_view name) {
    return ParseName(kChannelNames, name, "channel");
}

calendar::Channel DeadlineChannel(Channel channel) {
    return channel == Channel::kOnline ? calendar::Channel::kOnline : calendar::Channel::kPaper;
}

std::string_view RoleName(Role role) {
    return NameOf(kRoleNames, role);
}

Result<Role> ParseRole(std::string_view name) {
    return ParseName(kRoleNames, name, "role");
}

std::string_view ReturnMethodName(ReturnMethod method) {
    return NameOf(kReturnNames, method);
}

Result<ReturnMethod> ParseReturnMethod(std::string_view name) {
    return ParseName(kReturnNames, name, "return method");
}

std::string_view VerdictName(Verdict verdict) {
    switch (verdict) {
        case Verdict::kPending:
            return "pending";
        case Verdict::kEarly:
            return "early";
        case Verdict::kOnTime:
            return "on_time";
        case Verdict::kLate:
            return "late";
    }
    return "";
}

Verdict Judge(LocalDateTime finished, LocalDateTime due) {
    if (finished > due) {
        return Verdict::kLate;
    }
    if (std::chrono::floor<std::chrono::days>(finished) <
        std::chrono::floor<std::chrono::days>(due)) {
        return Verdict::kEarly;
    }
    return Verdict::kOnTime;
}

Result<void> ValidateReasons(const std::vector<Reason>& reasons) {
    if (reasons.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "at least one structured reason (component, problem, fix) is required",
                    "cần ít nhất một lý do có cấu trúc (thành phần, vấn đề, cách khắc phục)",
                    "reasons");
    }
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        const Reason& r = reasons[i];
        const char* missing = r.component.empty() ? "component"
                              : r.problem.empty() ? "problem"
                              : r.fix.empty()     ? "fix"
                                                  : nullptr;
        if (missing != nullptr) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("reason {} has no {}: say which component, what is wrong "
                                    "and how to fix it",
                                    i + 1,
                                    missing),
                        fmt::format("lý do {} thiếu {}: cần nêu thành phần, vấn đề và cách "
                                    "khắc phục",
                                    i + 1,
                                    missing),
                        fmt::format("reasons[{}].{}", i, missing));
        }
    }
    return {};
}

std::string_view EventTypeName(const EventData& data) {
    static constexpr std::array<std::string_view, std::variant_size_v<EventData>> kNames = {
        "submitted",
        "received",
        "supplement_requested",
        "supplement_received",
        "refused",
        "step_started",
        "step_assigned",
        "step_completed",
        "payment_requested",
        "payment_received",
        "result_issued",
        "returned",
        "apology_issued",
        "stopped",
        "withdrawn",
        "rated"};
    return kNames[data.index()];
}

const StepRecord* Dossier::CurrentStep() const {
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        if (!it->consultation && !it->finished_at.has_value()) {
            return &*it;
        }
    }
    return nullptr;
}

std::vector<const StepRecord*> Dossier::OpenConsultations() const {
    std::vector<const StepRecord*> open;
    for (const StepRecord& s : steps) {
        if (s.consultation && !s.finished_at.has_value()) {
            open.push_back(&s);
        }
    }
    return open;
}

}  // namespace motcua::core::workflow
