#include "core/workflow/dossier.hpp"

#include <array>

#include <fmt/format.h>

namespace motcua::core::workflow {
namespace {

template <class Enum, std::size_t N>
Result<Enum> ParseName(std::string_view name,
                       const std::array<Enum, N>& values,
                       std::string_view (*name_of)(Enum),
                       std::string_view what) {
    for (const Enum v : values) {
        if (name_of(v) == name) {
            return v;
        }
    }
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("unknown {} '{}'", what, name),
                fmt::format("giá trị '{}' không hợp lệ ({})", name, what),
                std::string(what));
}

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
    switch (channel) {
        case Channel::kOnline:
            return "online";
        case Channel::kCounter:
            return "counter";
        case Channel::kPostal:
            return "postal";
    }
    return "";
}

Result<Channel> ParseChannel(std::string_view name) {
    static constexpr std::array kAll = {Channel::kOnline, Channel::kCounter, Channel::kPostal};
    return ParseName(name, kAll, &ChannelName, "channel");
}

calendar::Channel DeadlineChannel(Channel channel) {
    return channel == Channel::kOnline ? calendar::Channel::kOnline : calendar::Channel::kPaper;
}

std::string_view RoleName(Role role) {
    switch (role) {
        case Role::kCitizen:
            return "citizen";
        case Role::kOneStopOfficer:
            return "one_stop_officer";
        case Role::kSpecialist:
            return "specialist";
        case Role::kAgencyLeader:
            return "agency_leader";
        case Role::kProvinceController:
            return "province_controller";
        case Role::kAdministrator:
            return "administrator";
        case Role::kAuditor:
            return "auditor";
        case Role::kSystem:
            return "system";
    }
    return "";
}

Result<Role> ParseRole(std::string_view name) {
    static constexpr std::array kAll = {Role::kCitizen,
                                        Role::kOneStopOfficer,
                                        Role::kSpecialist,
                                        Role::kAgencyLeader,
                                        Role::kProvinceController,
                                        Role::kAdministrator,
                                        Role::kAuditor,
                                        Role::kSystem};
    return ParseName(name, kAll, &RoleName, "role");
}

std::string_view ReturnMethodName(ReturnMethod method) {
    switch (method) {
        case ReturnMethod::kCounter:
            return "counter";
        case ReturnMethod::kPostal:
            return "postal";
        case ReturnMethod::kOnline:
            return "online";
    }
    return "";
}

Result<ReturnMethod> ParseReturnMethod(std::string_view name) {
    static constexpr std::array kAll = {
        ReturnMethod::kCounter, ReturnMethod::kPostal, ReturnMethod::kOnline};
    return ParseName(name, kAll, &ReturnMethodName, "return method");
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
