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

namespace {

// Whether `s` is UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing above
// U+10FFFF): the strings Dump copies as they are.
bool ValidUtf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t n = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;  // the range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return false;
        }
        if (i + n >= s.size()) {
            return false;
        }
        const auto second = static_cast<unsigned char>(s[i + 1]);
        if (second < lo || second > hi) {
            return false;
        }
        for (std::size_t k = 2; k <= n; ++k) {
            const auto next = static_cast<unsigned char>(s[i + k]);
            if (next < 0x80 || next > 0xBF) {
                return false;
            }
        }
        i += n + 1;
    }
    return true;
}

// Writes JSON text the way Dump does (keys in the order given, which must be sorted; no spaces).
class JsonWriter {
public:
    explicit JsonWriter(std::size_t capacity) { out_.reserve(capacity); }

    // False once a string was not valid UTF-8 (Dump would have replaced bytes in it).
    bool ok() const { return ok_; }

    std::string Take() { return std::move(out_); }

    JsonWriter& Raw(std::string_view text) {
        out_ += text;
        return *this;
    }

    // `"key":` after a comma unless it opens the object. `key` is a name of the API: plain ASCII
    // that needs no escaping.
    JsonWriter& Key(std::string_view key) {
        if (out_.back() != '{') {
            out_ += ',';
        }
        out_ += '"';
        out_ += key;
        out_ += "\":";
        return *this;
    }

    JsonWriter& String(std::string_view s) {
        out_ += '"';
        bool ascii = true;
        std::size_t from = 0;  // the start of the run not yet copied
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c >= 0x80) {
                ascii = false;
                continue;
            }
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out_.append(s.substr(from, i - from));
            from = i + 1;
            switch (c) {
                case '"':
                    out_ += "\\\"";
                    break;
                case '\\':
                    out_ += "\\\\";
                    break;
                case '\b':
                    out_ += "\\b";
                    break;
                case '\f':
                    out_ += "\\f";
                    break;
                case '\n':
                    out_ += "\\n";
                    break;
                case '\r':
                    out_ += "\\r";
                    break;
                case '\t':
                    out_ += "\\t";
                    break;
                default:
                    fmt::format_to(std::back_inserter(out_), "\\u{:04x}", static_cast<unsigned>(c));
            }
        }
        out_.append(s.substr(from));
        out_ += '"';
        ok_ = ok_ && (ascii || ValidUtf8(s));
        return *this;
    }

    // An integer as Dump writes it: plain decimal, '-' when negative.
    JsonWriter& Int(std::int64_t n) {
        fmt::format_to(std::back_inserter(out_), "{}", n);
        return *this;
    }

    JsonWriter& Bool(bool b) { return Raw(b ? "true" : "false"); }

    // An optional id: its value, or null.
    template <typename Id>
    JsonWriter& OptId(const std::optional<Id>& id) {
        return id ? Int(id->value()) : Raw("null");
    }

    // A civil time: digits and separators only, nothing to escape.
    JsonWriter& Time(const std::optional<cal::LocalDateTime>& t) {
        if (!t) {
            return Raw("null");
        }
        out_ += '"';
        out_ += cal::FormatDateTime(*t);
        out_ += '"';
        return *this;
    }

private:
    std::string out_;
    bool ok_ = true;
};

}  // namespace

std::string PublicViewBody(const wf::PublicView& v) {
    // About 560 bytes without the timeline, a timeline line about 80–200.
    JsonWriter w(640 + (v.timeline_json ? v.timeline_json->size() : 160 * v.timeline.size()));
    w.Raw("{").Key("agency_code").String(v.agency_code).Key("appointment");
    if (v.due_at) {
        w.String(cal::FormatDateTimeVi(*v.due_at));
    } else {
        w.Raw("null");
    }
    w.Key("channel").String(wf::ChannelName(v.channel));
    w.Key("code").String(v.code);
    w.Key("due_at").Time(v.due_at);
    w.Key("finished_at").Time(v.finished_at);
    w.Key("handling_agency_code").String(v.handling_agency_code);
    w.Key("procedure_code").String(v.procedure_code);
    w.Key("received_at").Time(v.received_at);
    w.Key("returned_at").Time(v.returned_at);
    w.Key("status").String(wf::StatusName(v.status));
    w.Key("status_code").Raw(std::to_string(static_cast<int>(v.status)));
    w.Key("status_name").String(wf::StatusNameVi(v.status));
    w.Key("submitted_at").Time(v.submitted_at);
    w.Key("timeline");
    if (v.timeline_json) {
        w.Raw(*v.timeline_json);  // stored in the answer's own form (storage's EncodePublicEntry)
    } else {
        w.Raw("[");
        for (std::size_t i = 0; i < v.timeline.size(); ++i) {
            const wf::PublicTimelineEntry& e = v.timeline[i];
            w.Raw(i == 0 ? "{" : ",{").Key("at").Time(e.at);
            w.Key("event").String(e.event);
            if (e.new_due_at) {
                w.Key("new_due_at").Time(e.new_due_at);
            }
            if (e.reasons) {
                w.Key("reasons").Raw("[");
                for (std::size_t k = 0; k < e.reasons->size(); ++k) {
                    const wf::Reason& r = (*e.reasons)[k];
                    w.Raw(k == 0 ? "{" : ",{").Key("component").String(r.component);
                    w.Key("fix").String(r.fix).Key("problem").String(r.problem).Raw("}");
                }
                w.Raw("]");
            }
            w.Key("title").String(e.title).Raw("}");
        }
        w.Raw("]");
    }
    w.Key("verdict").String(wf::VerdictName(v.verdict)).Raw("}");
    if (!w.ok()) {
        return Dump(PublicViewJson(v));  // Dump replaces what is not UTF-8; keep its bytes
    }
    return w.Take();
}

namespace {

// StepJson's object, its keys in byte order.
void WriteStep(JsonWriter& w, const wf::StepRecord& s) {
    w.Raw("{").Key("agency_code").String(s.agency_code);
    w.Key("assignee").OptId(s.assignee);
    w.Key("consultation").Bool(s.consultation);
    w.Key("due_at").Time(s.due_at);
    w.Key("finished_at").Time(s.finished_at);
    w.Key("index").Int(s.index);
    w.Key("name").String(s.name);
    w.Key("note").String(s.note);
    w.Key("role").String(wf::RoleName(s.role));
    w.Key("started_at").Time(s.started_at);
    w.Key("verdict").String(wf::VerdictName(s.verdict)).Raw("}");
}

}  // namespace

std::string DossierBody(const wf::Dossier& d) {
    // About 1,300 bytes for a fresh dossier; a step about 250, an attachment about 200.
    JsonWriter w(1536 + 256 * (d.steps.size() + 1) + 224 * d.attachments.size() +
                 48 * d.pauses.size());
    w.Raw("{").Key("agency_code").String(d.agency_code);
    w.Key("amount_due_vnd").Int(d.amount_due_vnd);
    w.Key("amount_paid_vnd").Int(d.amount_paid_vnd);
    w.Key("apology_issued").Bool(d.apology_issued);
    const wf::Applicant& a = d.applicant;
    w.Key("applicant").Raw("{").Key("account").OptId(a.account);
    w.Key("address").String(a.address);
    w.Key("email").String(a.email);
    w.Key("id_number").String(a.id_number);
    w.Key("name").String(a.name);
    w.Key("phone").String(a.phone).Raw("}");
    w.Key("assisted").Bool(d.assisted);
    w.Key("attachments").Raw("[");
    for (std::size_t i = 0; i < d.attachments.size(); ++i) {
        const wf::AttachmentRef& f = d.attachments[i];
        w.Raw(i == 0 ? "{" : ",{").Key("component").String(f.component);
        w.Key("content_type").String(f.content_type);
        w.Key("name").String(f.name);
        w.Key("sha256").String(f.sha256);
        w.Key("size").Int(f.size).Raw("}");
    }
    w.Raw("]");
    w.Key("channel").String(wf::ChannelName(d.channel));
    w.Key("code").String(d.code);
    w.Key("components").Raw("[");
    for (std::size_t i = 0; i < d.components.size(); ++i) {
        w.Raw(i == 0 ? "" : ",").String(d.components[i]);
    }
    w.Raw("]");
    w.Key("current_step");
    if (const wf::StepRecord* current = d.CurrentStep(); current != nullptr) {
        WriteStep(w, *current);
    } else {
        w.Raw("null");
    }
    w.Key("due_at").Time(d.due_at);
    w.Key("finished_at").Time(d.finished_at);
    w.Key("handling_agency_code").String(d.handling_agency_code);
    w.Key("id").Int(d.id.value());
    w.Key("original_due_at").Time(d.original_due_at);
    w.Key("paused_since").Time(d.paused_since);
    w.Key("pauses").Raw("[");
    for (std::size_t i = 0; i < d.pauses.size(); ++i) {
        w.Raw(i == 0 ? "{" : ",{").Key("from").Time(d.pauses[i].from);
        w.Key("to").Time(d.pauses[i].to).Raw("}");
    }
    w.Raw("]");
    w.Key("procedure_code").String(d.procedure_code);
    w.Key("procedure_version").Int(d.procedure_version.value());
    w.Key("rating");
    if (d.rating) {
        w.Int(*d.rating);
    } else {
        w.Raw("null");
    }
    w.Key("received_at").Time(d.received_at);
    w.Key("returned_at").Time(d.returned_at);
    w.Key("rule_set").String(d.rule_set);
    w.Key("status").String(wf::StatusName(d.status));
    w.Key("status_code").Int(static_cast<int>(d.status));
    w.Key("status_name").String(wf::StatusNameVi(d.status));
    w.Key("steps").Raw("[");
    for (std::size_t i = 0; i < d.steps.size(); ++i) {
        if (i != 0) {
            w.Raw(",");
        }
        WriteStep(w, d.steps[i]);
    }
    w.Raw("]");
    w.Key("submitted_at").Time(d.submitted_at);
    w.Key("supplement_requests").Int(d.supplement_requests);
    w.Key("verdict").String(wf::VerdictName(d.verdict));
    w.Key("verification_key").String(d.verification_key);
    w.Key("version").Int(d.version).Raw("}");
    if (!w.ok()) {
        return Dump(DossierJson(d));  // Dump replaces what is not UTF-8; keep its bytes
    }
    return w.Take();
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
