#include "http/dto.hpp"

#include <cstdint>
#include <iterator>
#include <optional>

#include <fmt/format.h>

#include "common/overloaded.hpp"
#include "core/calendar/civil_time.hpp"

namespace motcua::http {

namespace wf = core::workflow;
namespace cal = core::calendar;

namespace {

Json OptTime(const std::optional<cal::LocalDateTime>& t) {
    return t ? Json(cal::FormatDateTime(*t)) : Json(nullptr);
}

Json ReasonsJson(const std::vector<wf::Reason>& reasons) {
    Json out = Json::array();
    for (const wf::Reason& r : reasons) {
        out.push_back({{"component", r.component}, {"problem", r.problem}, {"fix", r.fix}});
    }
    return out;
}

Json StepJson(const wf::StepRecord& s) {
    return {
        {"index", s.index},
        {"name", s.name},
        {"role", wf::RoleName(s.role)},
        {"agency_code", s.agency_code},
        {"assignee", s.assignee ? Json(s.assignee->value()) : Json(nullptr)},
        {"started_at", cal::FormatDateTime(s.started_at)},
        {"due_at", cal::FormatDateTime(s.due_at)},
        {"finished_at", OptTime(s.finished_at)},
        {"verdict", wf::VerdictName(s.verdict)},
        {"consultation", s.consultation},
        {"note", s.note},
    };
}

Json EventDataJson(const wf::EventData& data) {
    return std::visit(
        Overloaded{
            [](const wf::Submitted& e) -> Json {
                return {{"code", e.code},
                        {"agency_code", e.agency_code},
                        {"procedure_code", e.procedure_code},
                        {"channel", wf::ChannelName(e.channel)},
                        {"assisted", e.assisted},
                        {"components", e.components}};
            },
            [](const wf::Received& e) -> Json {
                return {{"handling_agency_code", e.handling_agency_code},
                        {"due_at", cal::FormatDateTime(e.due_at)}};
            },
            [](const wf::SupplementRequested& e) -> Json {
                return {{"reasons", ReasonsJson(e.reasons)}};
            },
            [](const wf::SupplementReceived& e) -> Json {
                return {{"components", e.components}, {"new_due_at", OptTime(e.new_due_at)}};
            },
            [](const wf::Refused& e) -> Json {
                return {{"reasons", ReasonsJson(e.reasons)}};
            },
            [](const wf::StepStarted& e) -> Json {
                return {{"index", e.index},
                        {"name", e.name},
                        {"role", wf::RoleName(e.role)},
                        {"agency_code", e.agency_code},
                        {"assignee", e.assignee ? Json(e.assignee->value()) : Json(nullptr)},
                        {"due_at", cal::FormatDateTime(e.due_at)},
                        {"consultation", e.consultation},
                        {"note", e.note}};
            },
            [](const wf::StepAssigned& e) -> Json {
                return {{"index", e.index}, {"assignee", e.assignee.value()}};
            },
            [](const wf::StepCompleted& e) -> Json {
                return {
                    {"index", e.index}, {"verdict", wf::VerdictName(e.verdict)}, {"note", e.note}};
            },
            [](const wf::PaymentRequested& e) -> Json {
                return {{"amount_vnd", e.amount_vnd},
                        {"description", e.description},
                        {"pauses_clock", e.pauses_clock}};
            },
            [](const wf::PaymentReceived& e) -> Json {
                return {{"amount_vnd", e.amount_vnd},
                        {"method", e.method},
                        {"new_due_at", OptTime(e.new_due_at)}};
            },
            [](const wf::ResultIssued& e) -> Json {
                return {{"result", e.result}, {"verdict", wf::VerdictName(e.verdict)}};
            },
            [](const wf::Returned& e) -> Json {
                return {{"method", wf::ReturnMethodName(e.method)}};
            },
            [](const wf::ApologyIssued& e) -> Json {
                return {{"reason", e.reason},
                        {"new_due_at", cal::FormatDateTime(e.new_due_at)},
                        {"late_notice", e.late_notice}};
            },
            [](const wf::Stopped& e) -> Json {
                return {{"reasons", ReasonsJson(e.reasons)},
                        {"verdict", wf::VerdictName(e.verdict)}};
            },
            [](const wf::Withdrawn& e) -> Json {
                return {{"reason", e.reason}};
            },
            [](const wf::Rated& e) -> Json {
                return {{"score", e.score}, {"comment", e.comment}};
            },
        },
        data);
}

Json AttachmentsJson(const std::vector<wf::AttachmentRef>& refs) {
    Json out = Json::array();
    for (const wf::AttachmentRef& a : refs) {
        out.push_back({{"component", a.component},
                       {"sha256", a.sha256},
                       {"name", a.name},
                       {"size", a.size},
                       {"content_type", a.content_type}});
    }
    return out;
}

// "attachments": [{"component":"TP1","sha256":"…","name":"…"}]; size and type come from the
// store, never from the client.
Result<std::vector<wf::AttachmentRef>> ParseAttachments(const Json& body) {
    MOTCUA_ASSIGN_OR_RETURN(const auto items, ObjectArray(body, "attachments"));
    std::vector<wf::AttachmentRef> refs;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string path = fmt::format("attachments[{}]", i);
        wf::AttachmentRef ref;
        MOTCUA_ASSIGN_OR_RETURN(ref.component, RequiredString(*items[i], "component", path));
        MOTCUA_ASSIGN_OR_RETURN(ref.sha256, RequiredString(*items[i], "sha256", path));
        MOTCUA_ASSIGN_OR_RETURN(const auto name, OptionalString(*items[i], "name", path));
        ref.name = name.value_or("");
        refs.push_back(std::move(ref));
    }
    return refs;
}

Result<std::vector<wf::Reason>> ParseReasons(const Json& body) {
    MOTCUA_ASSIGN_OR_RETURN(const auto items, ObjectArray(body, "reasons"));
    std::vector<wf::Reason> reasons;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string path = fmt::format("reasons[{}]", i);
        wf::Reason r;
        MOTCUA_ASSIGN_OR_RETURN(r.component, RequiredString(*items[i], "component", path));
        MOTCUA_ASSIGN_OR_RETURN(r.problem, RequiredString(*items[i], "problem", path));
        MOTCUA_ASSIGN_OR_RETURN(r.fix, RequiredString(*items[i], "fix", path));
        reasons.push_back(std::move(r));
    }
    return reasons;
}

Result<std::optional<core::model::UserId>> OptionalUser(const Json& body, std::string_view key) {
    MOTCUA_ASSIGN_OR_RETURN(const auto id, OptionalInt(body, key));
    if (!id) {
        return std::optional<core::model::UserId>{};
    }
    return std::optional<core::model::UserId>(core::model::UserId{*id});
}

Result<int> SmallInt(const Json& body, std::string_view key, bool required) {
    MOTCUA_ASSIGN_OR_RETURN(const auto v, OptionalInt(body, key));
    if (!v) {
        if (required) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("field '{}' is required", key),
                        fmt::format("Thiếu trường bắt buộc '{}'", key),
                        std::string(key));
        }
        return 0;
    }
    if (*v < -1'000'000 || *v > 1'000'000) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("field '{}' is out of range", key),
                    fmt::format("Trường '{}' ngoài phạm vi cho phép", key),
                    std::string(key));
    }
    return static_cast<int>(*v);
}

std::string StringOr(const Result<std::optional<std::string>>& r) {
    return r && *r ? **r : std::string();
}

}  // namespace

Json DossierJson(const wf::Dossier& d) {
    Json steps = Json::array();
    for (const wf::StepRecord& s : d.steps) {
        steps.push_back(StepJson(s));
    }
    Json pauses = Json::array();
    for (const auto& p : d.pauses) {
        pauses.push_back(
            {{"from", cal::FormatDateTime(p.from)}, {"to", cal::FormatDateTime(p.to)}});
    }
    const wf::StepRecord* current = d.CurrentStep();
    return {
        {"id", d.id.value()},
        {"version", d.version},
        {"code", d.code},
        {"verification_key", d.verification_key},
        {"agency_code", d.agency_code},
        {"handling_agency_code", d.handling_agency_code},
        {"procedure_code", d.procedure_code},
        {"procedure_version", d.procedure_version.value()},
        {"rule_set", d.rule_set},
        {"channel", wf::ChannelName(d.channel)},
        {"assisted", d.assisted},
        {"applicant",
         {{"name", d.applicant.name},
          {"id_number", d.applicant.id_number},
          {"phone", d.applicant.phone},
          {"email", d.applicant.email},
          {"address", d.applicant.address},
          {"account", d.applicant.account ? Json(d.applicant.account->value()) : Json(nullptr)}}},
        {"components", d.components},
        {"attachments", AttachmentsJson(d.attachments)},
        {"status", wf::StatusName(d.status)},
        {"status_code", static_cast<int>(d.status)},
        {"status_name", wf::StatusNameVi(d.status)},
        {"submitted_at", cal::FormatDateTime(d.submitted_at)},
        {"received_at", OptTime(d.received_at)},
        {"due_at", OptTime(d.due_at)},
        {"original_due_at", OptTime(d.original_due_at)},
        {"apology_issued", d.apology_issued},
        {"finished_at", OptTime(d.finished_at)},
        {"returned_at", OptTime(d.returned_at)},
        {"current_step", current != nullptr ? StepJson(*current) : Json(nullptr)},
        {"steps", steps},
        {"pauses", pauses},
        {"paused_since", OptTime(d.paused_since)},
        {"supplement_requests", d.supplement_requests},
        {"amount_due_vnd", d.amount_due_vnd},
        {"amount_paid_vnd", d.amount_paid_vnd},
        {"rating", d.rating ? Json(*d.rating) : Json(nullptr)},
        {"verdict", wf::VerdictName(d.verdict)},
    };
}

Json PublicViewJson(const wf::PublicView& v) {
    Json timeline = Json::array();
    if (v.timeline_json) {
        timeline = Json::parse(*v.timeline_json, nullptr, false);  // discarded when invalid
        if (!timeline.is_array()) {
            timeline = Json::array();
        }
    }
    for (const wf::PublicTimelineEntry& e : v.timeline) {
        Json line = {{"at", cal::FormatDateTime(e.at)}, {"event", e.event}, {"title", e.title}};
        if (e.reasons.has_value()) {
            line["reasons"] = ReasonsJson(*e.reasons);  // the applicant needs them to act
        }
        if (e.new_due_at.has_value()) {
            line["new_due_at"] = cal::FormatDateTime(*e.new_due_at);
        }
        timeline.push_back(std::move(line));
    }
    return {
        {"code", v.code},
        {"procedure_code", v.procedure_code},
        {"agency_code", v.agency_code},
        {"handling_agency_code", v.handling_agency_code},
        {"channel", wf::ChannelName(v.channel)},
        {"status", wf::StatusName(v.status)},
        {"status_code", static_cast<int>(v.status)},
        {"status_name", wf::StatusNameVi(v.status)},
        {"submitted_at", cal::FormatDateTime(v.submitted_at)},
        {"received_at", OptTime(v.received_at)},
        {"due_at", OptTime(v.due_at)},
        {"appointment", v.due_at ? Json(cal::FormatDateTimeVi(*v.due_at)) : Json(nullptr)},
        {"finished_at", OptTime(v.finished_at)},
        {"returned_at", OptTime(v.returned_at)},
        {"verdict", wf::VerdictName(v.verdict)},
        {"timeline", timeline},
    };
}

Json EventJson(const wf::Event& e) {
    return {
        {"seq", e.seq},
        {"at", cal::FormatDateTime(e.at)},
        {"type", wf::EventTypeName(e.data)},
        {"actor",
         {{"role", wf::RoleName(e.actor.role)},
          {"user", e.actor.user ? Json(e.actor.user->value()) : Json(nullptr)},
          {"agency_code", e.actor.agency_code},
          {"name", e.actor.name}}},
        {"data", EventDataJson(e.data)},
    };
}

Json ProcedureJson(const core::catalog::ProcedureVersion& v) {
    namespace catalog = core::catalog;
    Json components = Json::array();
    for (const catalog::Component& c : v.components) {
        components.push_back({{"code", c.code},
                              {"name", c.name},
                              {"required", c.required},
                              {"copies", c.copies},
                              {"original", c.original},
                              {"template_url", c.template_url}});
    }
    Json fees = Json::array();
    for (const catalog::Fee& f : v.fees) {
        fees.push_back(
            {{"name", f.name}, {"amount_vnd", f.amount_vnd}, {"description", f.description}});
    }
    return {
        {"id", v.id.value()},
        {"code", v.code},
        {"version", v.version},
        {"name", v.name},
        {"sector_code", v.sector_code},
        {"sector_name", v.sector_name},
        {"level", catalog::ProcedureLevelName(v.level)},
        {"implementing_agency", v.implementing_agency},
        {"competent_agency", v.competent_agency},
        {"steps", v.steps},
        {"subjects", v.subjects},
        {"requirements", v.requirements},
        {"components", components},
        {"deadline", v.deadline},
        {"deadline_unit", catalog::DurationUnitName(v.deadline_unit)},
        {"fees", fees},
        {"legal_basis", v.legal_basis},
        {"result", v.result},
        {"online_level", catalog::OnlineLevelName(v.online_level)},
        {"postal", v.postal},
        {"decision_id", v.decision.value()},
        {"effective_from", cal::FormatDate(v.effective_from)},
        {"effective_to", v.effective_to ? Json(cal::FormatDate(*v.effective_to)) : Json(nullptr)},
    };
}

Json AgencyJson(const core::model::Agency& a, std::string_view parent_code) {
    return {
        {"id", a.id.value()},
        {"code", a.code},
        {"name", a.name},
        {"kind", core::model::AgencyKindName(a.kind)},
        {"parent_code", parent_code.empty() ? Json(nullptr) : Json(parent_code)},
    };
}

Json DecisionJson(const core::catalog::PublicationDecision& d) {
    Json items = Json::array();
    for (const auto& item : d.items) {
        items.push_back({{"kind", core::catalog::ChangeKindName(item.kind)},
                         {"code", item.code},
                         {"replaced_code", item.replaced_code}});
    }
    return {
        {"id", d.id.value()},
        {"number", d.number},
        {"title", d.title},
        {"issuer", d.issuer},
        {"signed_on", cal::FormatDate(d.signed_on)},
        {"effective_on", cal::FormatDate(d.effective_on)},
        {"items", items},
    };
}

Result<wf::Submission> ParseSubmission(const Json& body) {
    wf::Submission s;
    MOTCUA_ASSIGN_OR_RETURN(s.procedure_code, RequiredString(body, "procedure_code"));
    MOTCUA_ASSIGN_OR_RETURN(s.agency_code, RequiredString(body, "agency_code"));
    MOTCUA_ASSIGN_OR_RETURN(const auto channel, OptionalString(body, "channel"));
    if (channel) {
        MOTCUA_ASSIGN_OR_RETURN(s.channel, AtField(wf::ParseChannel(*channel), "channel"));
    }
    MOTCUA_ASSIGN_OR_RETURN(const Json* applicant, OptionalObject(body, "applicant"));
    if (applicant == nullptr) {
        return Fail(ErrorCode::kInvalidArgument,
                    "field 'applicant' is required",
                    "Thiếu thông tin người nộp hồ sơ",
                    "applicant");
    }
    MOTCUA_ASSIGN_OR_RETURN(s.applicant.name, RequiredString(*applicant, "name", "applicant"));
    for (const auto& [key, field] : {std::pair{"id_number", &s.applicant.id_number},
                                     std::pair{"phone", &s.applicant.phone},
                                     std::pair{"email", &s.applicant.email},
                                     std::pair{"address", &s.applicant.address}}) {
        MOTCUA_ASSIGN_OR_RETURN(const auto value, OptionalString(*applicant, key, "applicant"));
        *field = value.value_or("");
    }
    MOTCUA_ASSIGN_OR_RETURN(s.components, StringArray(body, "components"));
    MOTCUA_ASSIGN_OR_RETURN(s.attachments, ParseAttachments(body));
    MOTCUA_ASSIGN_OR_RETURN(const auto key, OptionalString(body, "idempotency_key"));
    s.idempotency_key = key.value_or("");
    return s;
}

const std::vector<std::string_view>& ActionNames() {
    static const std::vector<std::string_view> kNames = {"receive",
                                                         "request-supplement",
                                                         "provide-supplement",
                                                         "refuse",
                                                         "forward",
                                                         "assign",
                                                         "complete-step",
                                                         "consult",
                                                         "answer-consultation",
                                                         "request-payment",
                                                         "confirm-payment",
                                                         "issue-result",
                                                         "return-result",
                                                         "apologize",
                                                         "stop",
                                                         "withdraw",
                                                         "rate"};
    return kNames;
}

Result<wf::Command> ParseCommand(std::string_view action, const Json& body) {
    if (action == "receive") {
        return wf::Command{wf::Receive{}};
    }
    if (action == "request-supplement") {
        MOTCUA_ASSIGN_OR_RETURN(auto reasons, ParseReasons(body));
        return wf::Command{wf::RequestSupplement{std::move(reasons)}};
    }
    if (action == "provide-supplement") {
        MOTCUA_ASSIGN_OR_RETURN(auto components, StringArray(body, "components"));
        MOTCUA_ASSIGN_OR_RETURN(auto attachments, ParseAttachments(body));
        return wf::Command{wf::ProvideSupplement{std::move(components), std::move(attachments)}};
    }
    if (action == "refuse") {
        MOTCUA_ASSIGN_OR_RETURN(auto reasons, ParseReasons(body));
        return wf::Command{wf::Refuse{std::move(reasons)}};
    }
    if (action == "stop") {
        MOTCUA_ASSIGN_OR_RETURN(auto reasons, ParseReasons(body));
        return wf::Command{wf::Stop{std::move(reasons)}};
    }
    if (action == "forward") {
        MOTCUA_ASSIGN_OR_RETURN(auto assignee, OptionalUser(body, "assignee"));
        return wf::Command{wf::Forward{assignee, StringOr(OptionalString(body, "note"))}};
    }
    if (action == "assign") {
        MOTCUA_ASSIGN_OR_RETURN(const auto assignee, RequiredInt(body, "assignee"));
        return wf::Command{wf::Assign{core::model::UserId{assignee}}};
    }
    if (action == "complete-step") {
        MOTCUA_ASSIGN_OR_RETURN(auto next, OptionalUser(body, "next_assignee"));
        MOTCUA_ASSIGN_OR_RETURN(const auto note, OptionalString(body, "note"));
        return wf::Command{wf::CompleteStep{note.value_or(""), next}};
    }
    if (action == "consult") {
        wf::Consult c;
        MOTCUA_ASSIGN_OR_RETURN(c.agency_code, RequiredString(body, "agency_code"));
        MOTCUA_ASSIGN_OR_RETURN(c.question, RequiredString(body, "question"));
        MOTCUA_ASSIGN_OR_RETURN(c.budget, SmallInt(body, "budget", true));
        MOTCUA_ASSIGN_OR_RETURN(const auto unit, OptionalString(body, "unit"));
        if (unit) {
            MOTCUA_ASSIGN_OR_RETURN(c.unit,
                                    AtField(core::catalog::ParseDurationUnit(*unit), "unit"));
        }
        return wf::Command{std::move(c)};
    }
    if (action == "answer-consultation") {
        wf::AnswerConsultation a;
        MOTCUA_ASSIGN_OR_RETURN(a.step_index, SmallInt(body, "step_index", true));
        MOTCUA_ASSIGN_OR_RETURN(a.answer, RequiredString(body, "answer"));
        return wf::Command{std::move(a)};
    }
    if (action == "request-payment") {
        wf::RequestPayment p;
        MOTCUA_ASSIGN_OR_RETURN(p.amount_vnd, RequiredInt(body, "amount_vnd"));
        MOTCUA_ASSIGN_OR_RETURN(p.description, RequiredString(body, "description"));
        return wf::Command{std::move(p)};
    }
    if (action == "confirm-payment") {
        wf::ConfirmPayment p;
        MOTCUA_ASSIGN_OR_RETURN(p.amount_vnd, RequiredInt(body, "amount_vnd"));
        MOTCUA_ASSIGN_OR_RETURN(p.method, RequiredString(body, "method"));
        return wf::Command{std::move(p)};
    }
    if (action == "issue-result") {
        MOTCUA_ASSIGN_OR_RETURN(auto result, RequiredString(body, "result"));
        return wf::Command{wf::IssueResult{std::move(result)}};
    }
    if (action == "return-result") {
        wf::ReturnResult r;
        MOTCUA_ASSIGN_OR_RETURN(const auto method, OptionalString(body, "method"));
        if (method) {
            MOTCUA_ASSIGN_OR_RETURN(r.method, AtField(wf::ParseReturnMethod(*method), "method"));
        }
        return wf::Command{r};
    }
    if (action == "apologize") {
        wf::Apologize a;
        MOTCUA_ASSIGN_OR_RETURN(a.reason, RequiredString(body, "reason"));
        MOTCUA_ASSIGN_OR_RETURN(const auto due, RequiredString(body, "new_due_at"));
        MOTCUA_ASSIGN_OR_RETURN(a.new_due_at, AtField(cal::ParseDateTime(due), "new_due_at"));
        return wf::Command{std::move(a)};
    }
    if (action == "withdraw") {
        MOTCUA_ASSIGN_OR_RETURN(auto reason, RequiredString(body, "reason"));
        return wf::Command{wf::Withdraw{std::move(reason)}};
    }
    if (action == "rate") {
        wf::Rate r;
        MOTCUA_ASSIGN_OR_RETURN(r.score, SmallInt(body, "score", true));
        MOTCUA_ASSIGN_OR_RETURN(const auto comment, OptionalString(body, "comment"));
        r.comment = comment.value_or("");
        return wf::Command{std::move(r)};
    }
    return Fail(ErrorCode::kNotFound,
                fmt::format("unknown action '{}'", action),
                fmt::format("Không có thao tác '{}'", action));
}

}  // namespace motcua::http
