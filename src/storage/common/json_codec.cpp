#include "storage/common/json_codec.hpp"

#include <optional>
#include <type_traits>
#include <variant>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar/civil_time.hpp"
#include "storage/common/json_codec_reference.hpp"

// Serializers for the domain's vocabulary types (ADL cannot find them in namespace std/chrono).
namespace nlohmann {

template <>
struct adl_serializer<motcua::core::calendar::LocalDateTime> {
    static void to_json(json& j, const motcua::core::calendar::LocalDateTime& t) {
        j = motcua::core::calendar::FormatDateTime(t);
    }

    static void from_json(const json& j, motcua::core::calendar::LocalDateTime& t) {
        auto parsed = motcua::core::calendar::ParseDateTime(j.get<std::string>());
        if (!parsed) {
            throw json::other_error::create(501, parsed.error().message, &j);
        }
        t = *parsed;
    }
};

template <class Tag, class T>
struct adl_serializer<motcua::StrongId<Tag, T>> {
    static void to_json(json& j, const motcua::StrongId<Tag, T>& id) { j = id.value(); }

    static void from_json(const json& j, motcua::StrongId<Tag, T>& id) {
        id = motcua::StrongId<Tag, T>{j.get<T>()};
    }
};

template <class T>
struct adl_serializer<std::optional<T>> {
    static void to_json(json& j, const std::optional<T>& v) {
        if (v.has_value()) {
            j = *v;
        } else {
            j = nullptr;
        }
    }

    static void from_json(const json& j, std::optional<T>& v) {
        if (j.is_null()) {
            v.reset();
        } else {
            v = j.get<T>();
        }
    }
};

}  // namespace nlohmann

namespace motcua::core::calendar {
NLOHMANN_JSON_SERIALIZE_ENUM(DurationUnit,
                             {{DurationUnit::kWorkingDays, "working_days"},
                              {DurationUnit::kWorkingHours, "working_hours"},
                              {DurationUnit::kCalendarDays, "days"}})

void to_json(nlohmann::json& j, const Pause& p) {
    j = {{"from", p.from}, {"to", p.to}};
}

void from_json(const nlohmann::json& j, Pause& p) {
    j.at("from").get_to(p.from);
    j.at("to").get_to(p.to);
}
}  // namespace motcua::core::calendar

namespace motcua::core::catalog {
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Component, code, name, required, copies, original, template_url)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Fee, name, amount_vnd, description)
}  // namespace motcua::core::catalog

namespace motcua::core::workflow {

NLOHMANN_JSON_SERIALIZE_ENUM(Role,
                             {{Role::kCitizen, "citizen"},
                              {Role::kOneStopOfficer, "one_stop_officer"},
                              {Role::kSpecialist, "specialist"},
                              {Role::kAgencyLeader, "agency_leader"},
                              {Role::kProvinceController, "province_controller"},
                              {Role::kAdministrator, "administrator"},
                              {Role::kAuditor, "auditor"},
                              {Role::kSystem, "system"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Channel,
                             {{Channel::kOnline, "online"},
                              {Channel::kCounter, "counter"},
                              {Channel::kPostal, "postal"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Verdict,
                             {{Verdict::kPending, "pending"},
                              {Verdict::kEarly, "early"},
                              {Verdict::kOnTime, "on_time"},
                              {Verdict::kLate, "late"}})
NLOHMANN_JSON_SERIALIZE_ENUM(ReturnMethod,
                             {{ReturnMethod::kCounter, "counter"},
                              {ReturnMethod::kPostal, "postal"},
                              {ReturnMethod::kOnline, "online"}})

void to_json(nlohmann::json& j, const DossierStatus& s) {
    j = static_cast<int>(s);
}

void from_json(const nlohmann::json& j, DossierStatus& s) {
    const int v = j.get<int>();
    if (v < 1 || v > 10) {
        throw nlohmann::json::other_error::create(501, "status outside 1..10", &j);
    }
    s = static_cast<DossierStatus>(v);
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Actor, role, user, agency_code, name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Applicant, name, id_number, phone, email, address, account)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Reason, component, problem, fix)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AttachmentRef, component, sha256, name, size, content_type)

namespace {

// Fields added to an event after events were first recorded are written only when they hold
// something: the canonical bytes of every older event, and so its audit-chain hash, stay
// exactly as they were. Reading accepts their absence.
void ToJsonUnlessEmpty(nlohmann::json& j,
                       const char* key,
                       const std::vector<AttachmentRef>& attachments) {
    if (!attachments.empty()) {
        j[key] = attachments;
    }
}

void FromJsonIfPresent(const nlohmann::json& j,
                       const char* key,
                       std::vector<AttachmentRef>& attachments) {
    attachments.clear();
    if (const auto it = j.find(key); it != j.end()) {
        it->get_to(attachments);
    }
}

}  // namespace

void to_json(nlohmann::json& j, const Submitted& s) {
    j = nlohmann::json{{"code", s.code},
                       {"verification_key", s.verification_key},
                       {"agency_code", s.agency_code},
                       {"procedure_code", s.procedure_code},
                       {"procedure_version", s.procedure_version},
                       {"rule_set", s.rule_set},
                       {"channel", s.channel},
                       {"assisted", s.assisted},
                       {"applicant", s.applicant},
                       {"components", s.components},
                       {"idempotency_key", s.idempotency_key}};
    ToJsonUnlessEmpty(j, "attachments", s.attachments);
}

void from_json(const nlohmann::json& j, Submitted& s) {
    j.at("code").get_to(s.code);
    j.at("verification_key").get_to(s.verification_key);
    j.at("agency_code").get_to(s.agency_code);
    j.at("procedure_code").get_to(s.procedure_code);
    j.at("procedure_version").get_to(s.procedure_version);
    j.at("rule_set").get_to(s.rule_set);
    j.at("channel").get_to(s.channel);
    j.at("assisted").get_to(s.assisted);
    j.at("applicant").get_to(s.applicant);
    j.at("components").get_to(s.components);
    j.at("idempotency_key").get_to(s.idempotency_key);
    FromJsonIfPresent(j, "attachments", s.attachments);
}

void to_json(nlohmann::json& j, const SupplementReceived& s) {
    j = nlohmann::json{{"components", s.components}, {"new_due_at", s.new_due_at}};
    ToJsonUnlessEmpty(j, "attachments", s.attachments);
}

void from_json(const nlohmann::json& j, SupplementReceived& s) {
    j.at("components").get_to(s.components);
    j.at("new_due_at").get_to(s.new_due_at);
    FromJsonIfPresent(j, "attachments", s.attachments);
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Received, handling_agency_code, due_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SupplementRequested, reasons)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Refused, reasons)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(StepStarted,
                                   index,
                                   name,
                                   role,
                                   agency_code,
                                   assignee,
                                   due_at,
                                   consultation,
                                   note)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(StepAssigned, index, assignee)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(StepCompleted, index, verdict, note)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PaymentRequested, amount_vnd, description, pauses_clock)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PaymentReceived, amount_vnd, method, new_due_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ResultIssued, result, verdict)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Returned, method)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ApologyIssued, reason, new_due_at, late_notice)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Stopped, reasons, verdict)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Withdrawn, reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Rated, score, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(StepRecord,
                                   index,
                                   name,
                                   role,
                                   agency_code,
                                   assignee,
                                   started_at,
                                   due_at,
                                   finished_at,
                                   verdict,
                                   consultation,
                                   note)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Dossier,
                                   id,
                                   version,
                                   code,
                                   verification_key,
                                   agency_code,
                                   handling_agency_code,
                                   procedure_code,
                                   procedure_version,
                                   rule_set,
                                   channel,
                                   assisted,
                                   applicant,
                                   components,
                                   attachments,
                                   idempotency_key,
                                   status,
                                   submitted_at,
                                   received_at,
                                   due_at,
                                   original_due_at,
                                   apology_issued,
                                   finished_at,
                                   returned_at,
                                   steps,
                                   pauses,
                                   paused_since,
                                   supplement_requests,
                                   amount_due_vnd,
                                   amount_paid_vnd,
                                   rating,
                                   verdict)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ProcessStep, name, role, agency_code, budget, unit)

}  // namespace motcua::core::workflow

namespace motcua::storage {
namespace {

using nlohmann::json;
namespace wf = core::workflow;

// Builds the payload variant from its type name.
template <std::size_t I = 0>
Result<wf::EventData> PayloadFrom(std::string_view type, const json& j) {
    if constexpr (I == std::variant_size_v<wf::EventData>) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("unknown event type '{}'", type));
    } else {
        using Alternative = std::variant_alternative_t<I, wf::EventData>;
        const wf::EventData probe{std::in_place_index<I>};
        if (wf::EventTypeName(probe) == type) {
            return wf::EventData{std::in_place_index<I>, j.get<Alternative>()};
        }
        return PayloadFrom<I + 1>(type, j);
    }
}

template <class F>
auto Guard(std::string_view what, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const json::exception& e) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("stored {} is invalid: {}", what, e.what()));
    }
}

}  // namespace

Result<wf::Event> DecodeEvent(std::string_view text) {
    return Guard("event", [&]() -> Result<wf::Event> {
        const json j = json::parse(text);
        wf::Event e;
        e.dossier = core::model::DossierId{j.at("dossier").get<std::int64_t>()};
        e.seq = j.at("seq").get<std::int64_t>();
        j.at("at").get_to(e.at);
        j.at("actor").get_to(e.actor);
        MOTCUA_ASSIGN_OR_RETURN(e.data, PayloadFrom(j.at("type").get<std::string>(), j.at("data")));
        return e;
    });
}

namespace testing {

std::string NlohmannEncodeEvent(const wf::Event& e) {
    json data;
    std::visit([&](const auto& payload) { data = payload; }, e.data);
    const json j = {{"dossier", e.dossier.value()},
                    {"seq", e.seq},
                    {"at", e.at},
                    {"actor", e.actor},
                    {"type", wf::EventTypeName(e.data)},
                    {"data", data}};
    return j.dump();
}

std::string NlohmannEncodeDossier(const wf::Dossier& d) {
    return json(d).dump();
}

}  // namespace testing

Result<wf::Dossier> DecodeDossier(std::string_view text) {
    return Guard("dossier", [&]() -> Result<wf::Dossier> {
        json j = json::parse(text);
        // Projections written before attachments existed have no such key.
        if (j.is_object() && !j.contains("attachments")) {
            j["attachments"] = json::array();
        }
        return j.get<wf::Dossier>();
    });
}

std::string EncodePublicEntry(const wf::PublicTimelineEntry& e) {
    json j = {{"at", e.at}, {"event", e.event}, {"title", e.title}};
    if (e.reasons.has_value()) {
        j["reasons"] = *e.reasons;
    }
    if (e.new_due_at.has_value()) {
        j["new_due_at"] = *e.new_due_at;
    }
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string EncodePublicTimeline(std::span<const wf::PublicTimelineEntry> timeline) {
    std::string text = "[";
    for (const wf::PublicTimelineEntry& e : timeline) {
        if (text.size() > 1) {
            text += ',';
        }
        text += EncodePublicEntry(e);
    }
    text += ']';
    return text;
}

namespace {

// Fills the timeline straight from the parser's events, without a JSON tree (the public
// lookup's hot path). Accepts exactly EncodePublicEntry's objects in an array, in any key order;
// a null "reasons" or "new_due_at" is absent; other keys with plain values are skipped.
class TimelineReader {
public:
    explicit TimelineReader(std::vector<wf::PublicTimelineEntry>& out) : out_(out) {}

    const std::string& error() const { return error_; }

    bool null() { return Scalar(nullptr); }

    bool boolean(bool) { return Scalar(nullptr, false); }

    bool number_integer(json::number_integer_t) { return Scalar(nullptr, false); }

    bool number_unsigned(json::number_unsigned_t) { return Scalar(nullptr, false); }

    bool number_float(json::number_float_t, const json::string_t&) {
        return Scalar(nullptr, false);
    }

    bool binary(json::binary_t&) { return Wrong("binary value"); }

    bool string(json::string_t& value) { return Scalar(&value); }

    bool start_object(std::size_t) {
        switch (where_) {
            case Where::kTimeline:
                out_.emplace_back();
                where_ = Where::kEntry;
                return true;
            case Where::kReasons:
                out_.back().reasons->emplace_back();
                where_ = Where::kReason;
                return true;
            default:
                return Wrong("object");
        }
    }

    bool end_object() {
        if (where_ == Where::kEntry) {
            if (!has_at_ || !has_event_ || !has_title_) {
                return Wrong("line without at, event or title");
            }
            has_at_ = has_event_ = has_title_ = false;
            where_ = Where::kTimeline;
        } else {
            where_ = Where::kReasons;
        }
        return true;
    }

    bool start_array(std::size_t) {
        if (where_ == Where::kStart) {
            where_ = Where::kTimeline;
            return true;
        }
        if (where_ == Where::kEntry && key_ == "reasons") {
            out_.back().reasons.emplace();
            where_ = Where::kReasons;
            return true;
        }
        return Wrong("array");
    }

    bool end_array() {
        where_ = where_ == Where::kReasons ? Where::kEntry : Where::kDone;
        return true;
    }

    bool key(json::string_t& k) {
        key_ = std::move(k);
        return true;
    }

    bool parse_error(std::size_t, const std::string&, const json::exception& e) {
        error_ = e.what();
        return false;
    }

private:
    enum class Where { kStart, kTimeline, kEntry, kReasons, kReason, kDone };

    bool Wrong(std::string_view what) {
        error_ = fmt::format("unexpected {} (key '{}')", what, key_);
        return false;
    }

    // A plain value: a string, or null (`text` null), or another value (`known` false).
    bool Scalar(json::string_t* text, bool known = true) {
        if (where_ == Where::kReason) {
            wf::Reason& r = out_.back().reasons->back();
            std::string* field = key_ == "component" ? &r.component
                                 : key_ == "problem" ? &r.problem
                                 : key_ == "fix"     ? &r.fix
                                                     : nullptr;
            if (field == nullptr) {
                return true;
            }
            if (text == nullptr) {
                return Wrong("value");
            }
            *field = std::move(*text);
            return true;
        }
        if (where_ != Where::kEntry) {
            return Wrong("value");
        }
        wf::PublicTimelineEntry& e = out_.back();
        if (key_ == "event" || key_ == "title") {
            if (text == nullptr) {
                return Wrong("value");
            }
            (key_ == "event" ? e.event : e.title) = std::move(*text);
            (key_ == "event" ? has_event_ : has_title_) = true;
            return true;
        }
        if (key_ == "at" || key_ == "new_due_at") {
            if (text == nullptr) {
                return known && key_ == "new_due_at" ? true : Wrong("value");
            }
            auto t = core::calendar::ParseDateTime(*text);
            if (!t) {
                return Wrong("time");
            }
            if (key_ == "at") {
                e.at = *t;
                has_at_ = true;
            } else {
                e.new_due_at = *t;
            }
            return true;
        }
        if (key_ == "reasons" && text == nullptr && known) {
            return true;  // null: no reasons
        }
        return key_ != "reasons" || Wrong("value");
    }

    std::vector<wf::PublicTimelineEntry>& out_;
    Where where_ = Where::kStart;
    std::string key_;
    std::string error_;
    bool has_at_ = false;
    bool has_event_ = false;
    bool has_title_ = false;
};

}  // namespace

Result<std::vector<wf::PublicTimelineEntry>> DecodePublicTimeline(std::string_view text) {
    std::vector<wf::PublicTimelineEntry> out;
    TimelineReader reader(out);
    const bool parsed = json::sax_parse(text, &reader);
    if (!parsed) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("stored public timeline is invalid: {}", reader.error()));
    }
    return out;
}

std::string EncodeVersionBody(const core::catalog::ProcedureVersion& v) {
    return json{{"components", v.components}, {"fees", v.fees}}.dump();
}

Result<void> DecodeVersionBody(std::string_view text, core::catalog::ProcedureVersion& v) {
    return Guard("procedure body", [&]() -> Result<void> {
        const json j = json::parse(text);
        j.at("components").get_to(v.components);
        j.at("fees").get_to(v.fees);
        return {};
    });
}

std::string EncodeSteps(const std::vector<wf::ProcessStep>& steps) {
    return json(steps).dump();
}

Result<std::vector<wf::ProcessStep>> DecodeSteps(std::string_view text) {
    return Guard("process steps", [&]() -> Result<std::vector<wf::ProcessStep>> {
        return json::parse(text).get<std::vector<wf::ProcessStep>>();
    });
}

}  // namespace motcua::storage
