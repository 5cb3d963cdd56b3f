// The direct encoders of json_codec.hpp: events and projections written straight into one
// string, byte for byte what nlohmann's dump() gives for the to_json forms of json_codec.cpp (the
// reference the tests compare them with), and the pending forms completed in the writer.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/json_writer.hpp"
#include "core/calendar/civil_time.hpp"
#include "storage/common/json_codec.hpp"

namespace motcua::storage {

using common::InvalidUtf8;
using common::JsonWriter;
using nlohmann::json;
namespace wf = core::workflow;

std::string EncodeTime(core::calendar::LocalDateTime t) {
    return core::calendar::FormatDateTime(t);
}

namespace {

// Throws what nlohmann's dump() throws for the string `s`, which is not UTF-8. Its message names
// the offending byte's index within the string: dumping the string alone throws exactly what
// dumping the whole document would have thrown.
[[noreturn]] void ThrowNotUtf8(std::string_view s) {
    static_cast<void>(json(std::string(s)).dump());
    // Unreachable: both accept exactly RFC 3629 UTF-8.
    throw json::type_error::create(316, "invalid UTF-8 string", nullptr);
}

// The writer's text; when a string was not UTF-8, throws nlohmann::json::type_error 316 for the
// first such string, as dump() does for the whole document.
std::string TakeUtf8(JsonWriter& w) {
    if (!w.AllUtf8()) [[unlikely]] {
        ThrowNotUtf8(w.FirstNotUtf8());
    }
    return w.Take();
}

// The encoders below write, straight into one string, the bytes nlohmann's dump() gives for the
// to_json forms above: every object's keys in byte order, enums by the names of the
// NLOHMANN_JSON_SERIALIZE_ENUM tables (a value outside a table by its first name, as nlohmann
// does), empty optionals as null. The nlohmann forms stay the reference
// (json_codec_reference.hpp) that the tests compare them with.

std::string_view RoleJson(wf::Role role) {
    switch (role) {
        case wf::Role::kCitizen:
            return "citizen";
        case wf::Role::kOneStopOfficer:
            return "one_stop_officer";
        case wf::Role::kSpecialist:
            return "specialist";
        case wf::Role::kAgencyLeader:
            return "agency_leader";
        case wf::Role::kProvinceController:
            return "province_controller";
        case wf::Role::kAdministrator:
            return "administrator";
        case wf::Role::kAuditor:
            return "auditor";
        case wf::Role::kSystem:
            return "system";
    }
    return "citizen";
}

std::string_view ChannelJson(wf::Channel channel) {
    switch (channel) {
        case wf::Channel::kOnline:
            return "online";
        case wf::Channel::kCounter:
            return "counter";
        case wf::Channel::kPostal:
            return "postal";
    }
    return "online";
}

std::string_view VerdictJson(wf::Verdict verdict) {
    switch (verdict) {
        case wf::Verdict::kPending:
            return "pending";
        case wf::Verdict::kEarly:
            return "early";
        case wf::Verdict::kOnTime:
            return "on_time";
        case wf::Verdict::kLate:
            return "late";
    }
    return "pending";
}

std::string_view ReturnMethodJson(wf::ReturnMethod method) {
    switch (method) {
        case wf::ReturnMethod::kCounter:
            return "counter";
        case wf::ReturnMethod::kPostal:
            return "postal";
        case wf::ReturnMethod::kOnline:
            return "online";
    }
    return "counter";
}

void Time(JsonWriter& w, core::calendar::LocalDateTime t) {
    w.String(core::calendar::FormatDateTime(t));
}

void Time(JsonWriter& w, const std::optional<core::calendar::LocalDateTime>& t) {
    if (t.has_value()) {
        Time(w, *t);
    } else {
        w.Null();
    }
}

void Id(JsonWriter& w, const std::optional<core::model::UserId>& id) {
    if (id.has_value()) {
        w.Int(id->value());
    } else {
        w.Null();
    }
}

void Strings(JsonWriter& w, const std::vector<std::string>& strings) {
    w.BeginArray();
    for (const std::string& s : strings) {
        w.Item();
        w.String(s);
    }
    w.EndArray();
}

// Writes `[f(element), …]`.
template <class T, class F>
void Array(JsonWriter& w, const std::vector<T>& elements, F&& write) {
    w.BeginArray();
    for (const T& element : elements) {
        w.Item();
        write(w, element);
    }
    w.EndArray();
}

void Write(JsonWriter& w, const wf::Actor& a) {
    w.BeginObject();
    w.Key("agency_code");
    w.String(a.agency_code);
    w.Key("name");
    w.String(a.name);
    w.Key("role");
    w.String(RoleJson(a.role));
    w.Key("user");
    Id(w, a.user);
    w.EndObject();
}

void Write(JsonWriter& w, const wf::Applicant& a) {
    w.BeginObject();
    w.Key("account");
    Id(w, a.account);
    w.Key("address");
    w.String(a.address);
    w.Key("email");
    w.String(a.email);
    w.Key("id_number");
    w.String(a.id_number);
    w.Key("name");
    w.String(a.name);
    w.Key("phone");
    w.String(a.phone);
    w.EndObject();
}

void Write(JsonWriter& w, const wf::Reason& r) {
    w.BeginObject();
    w.Key("component");
    w.String(r.component);
    w.Key("fix");
    w.String(r.fix);
    w.Key("problem");
    w.String(r.problem);
    w.EndObject();
}

void Write(JsonWriter& w, const wf::AttachmentRef& a) {
    w.BeginObject();
    w.Key("component");
    w.String(a.component);
    w.Key("content_type");
    w.String(a.content_type);
    w.Key("name");
    w.String(a.name);
    w.Key("sha256");
    w.String(a.sha256);
    w.Key("size");
    w.Int(a.size);
    w.EndObject();
}

void Write(JsonWriter& w, const core::calendar::Pause& p) {
    w.BeginObject();
    w.Key("from");
    Time(w, p.from);
    w.Key("to");
    Time(w, p.to);
    w.EndObject();
}

void Write(JsonWriter& w, const wf::StepRecord& s) {
    w.BeginObject();
    w.Key("agency_code");
    w.String(s.agency_code);
    w.Key("assignee");
    Id(w, s.assignee);
    w.Key("consultation");
    w.Bool(s.consultation);
    w.Key("due_at");
    Time(w, s.due_at);
    w.Key("finished_at");
    Time(w, s.finished_at);
    w.Key("index");
    w.Int(s.index);
    w.Key("name");
    w.String(s.name);
    w.Key("note");
    w.String(s.note);
    w.Key("role");
    w.String(RoleJson(s.role));
    w.Key("started_at");
    Time(w, s.started_at);
    w.Key("verdict");
    w.String(VerdictJson(s.verdict));
    w.EndObject();
}

template <class T>
void Objects(JsonWriter& w, const std::vector<T>& elements) {
    Array(w, elements, [](JsonWriter& out, const T& e) { Write(out, e); });
}

// "attachments", written only when there are some (see ToJsonUnlessEmpty).
void AttachmentsUnlessEmpty(JsonWriter& w, const std::vector<wf::AttachmentRef>& attachments) {
    if (!attachments.empty()) {
        w.Key("attachments");
        Objects(w, attachments);
    }
}

// Event payloads: the members of the object under "data".

// Where an encoder wrote the values PendingJson fills in: the id's first byte, the code's first
// byte (inside its quotes); npos when it wrote none.
struct Places {
    std::size_t id = std::string::npos;
    std::size_t code = std::string::npos;
};

void Members(JsonWriter& w, const wf::Submitted& s, Places& places) {
    w.Key("agency_code");
    w.String(s.agency_code);
    w.Key("applicant");
    Write(w, s.applicant);
    w.Key("assisted");
    w.Bool(s.assisted);
    AttachmentsUnlessEmpty(w, s.attachments);
    w.Key("channel");
    w.String(ChannelJson(s.channel));
    w.Key("code");
    places.code = w.Size() + 1;
    w.String(s.code);
    w.Key("components");
    Strings(w, s.components);
    w.Key("idempotency_key");
    w.String(s.idempotency_key);
    w.Key("procedure_code");
    w.String(s.procedure_code);
    w.Key("procedure_version");
    w.Int(s.procedure_version.value());
    w.Key("rule_set");
    w.String(s.rule_set);
    w.Key("verification_key");
    w.String(s.verification_key);
}

void Members(JsonWriter& w, const wf::Received& r) {
    w.Key("due_at");
    Time(w, r.due_at);
    w.Key("handling_agency_code");
    w.String(r.handling_agency_code);
}

void Members(JsonWriter& w, const wf::SupplementRequested& s) {
    w.Key("reasons");
    Objects(w, s.reasons);
}

void Members(JsonWriter& w, const wf::SupplementReceived& s) {
    AttachmentsUnlessEmpty(w, s.attachments);
    w.Key("components");
    Strings(w, s.components);
    w.Key("new_due_at");
    Time(w, s.new_due_at);
}

void Members(JsonWriter& w, const wf::Refused& r) {
    w.Key("reasons");
    Objects(w, r.reasons);
}

void Members(JsonWriter& w, const wf::StepStarted& s) {
    w.Key("agency_code");
    w.String(s.agency_code);
    w.Key("assignee");
    Id(w, s.assignee);
    w.Key("consultation");
    w.Bool(s.consultation);
    w.Key("due_at");
    Time(w, s.due_at);
    w.Key("index");
    w.Int(s.index);
    w.Key("name");
    w.String(s.name);
    w.Key("note");
    w.String(s.note);
    w.Key("role");
    w.String(RoleJson(s.role));
}

void Members(JsonWriter& w, const wf::StepAssigned& s) {
    w.Key("assignee");
    w.Int(s.assignee.value());
    w.Key("index");
    w.Int(s.index);
}

void Members(JsonWriter& w, const wf::StepCompleted& s) {
    w.Key("index");
    w.Int(s.index);
    w.Key("note");
    w.String(s.note);
    w.Key("verdict");
    w.String(VerdictJson(s.verdict));
}

void Members(JsonWriter& w, const wf::PaymentRequested& p) {
    w.Key("amount_vnd");
    w.Int(p.amount_vnd);
    w.Key("description");
    w.String(p.description);
    w.Key("pauses_clock");
    w.Bool(p.pauses_clock);
}

void Members(JsonWriter& w, const wf::PaymentReceived& p) {
    w.Key("amount_vnd");
    w.Int(p.amount_vnd);
    w.Key("method");
    w.String(p.method);
    w.Key("new_due_at");
    Time(w, p.new_due_at);
}

void Members(JsonWriter& w, const wf::ResultIssued& r) {
    w.Key("result");
    w.String(r.result);
    w.Key("verdict");
    w.String(VerdictJson(r.verdict));
}

void Members(JsonWriter& w, const wf::Returned& r) {
    w.Key("method");
    w.String(ReturnMethodJson(r.method));
}

void Members(JsonWriter& w, const wf::ApologyIssued& a) {
    w.Key("late_notice");
    w.Bool(a.late_notice);
    w.Key("new_due_at");
    Time(w, a.new_due_at);
    w.Key("reason");
    w.String(a.reason);
}

void Members(JsonWriter& w, const wf::Stopped& s) {
    w.Key("reasons");
    Objects(w, s.reasons);
    w.Key("verdict");
    w.String(VerdictJson(s.verdict));
}

void Members(JsonWriter& w, const wf::Withdrawn& s) {
    w.Key("reason");
    w.String(s.reason);
}

void Members(JsonWriter& w, const wf::Rated& r) {
    w.Key("comment");
    w.String(r.comment);
    w.Key("score");
    w.Int(r.score);
}

// Sizes to reserve: the fixed part of each form plus what grows with its contents (a little
// more than the bytes usually written, so that the text is allocated once).
constexpr std::size_t kAttachmentBytes = 192;
constexpr std::size_t kReasonBytes = 96;

std::size_t ApplicantBytes(const wf::Applicant& a) {
    return 96 + a.name.size() + a.id_number.size() + a.phone.size() + a.email.size() +
           a.address.size();
}

std::size_t StringsBytes(const std::vector<std::string>& strings) {
    std::size_t n = 2;
    for (const std::string& s : strings) {
        n += s.size() + 3;
    }
    return n;
}

std::size_t PayloadBytes(const wf::EventData& data) {
    return std::visit(
        [](const auto& p) -> std::size_t {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, wf::Submitted>) {
                return 320 + ApplicantBytes(p.applicant) + StringsBytes(p.components) +
                       p.idempotency_key.size() + kAttachmentBytes * p.attachments.size();
            } else if constexpr (std::is_same_v<T, wf::SupplementReceived>) {
                return 96 + StringsBytes(p.components) + kAttachmentBytes * p.attachments.size();
            } else if constexpr (std::is_same_v<T, wf::SupplementRequested> ||
                                 std::is_same_v<T, wf::Refused> || std::is_same_v<T, wf::Stopped>) {
                return 48 + kReasonBytes * p.reasons.size();
            } else {
                return 256;
            }
        },
        data);
}

std::string WriteEvent(const wf::Event& e, Places& places) {
    JsonWriter w(192 + e.actor.name.size() + PayloadBytes(e.data), InvalidUtf8::kFail);
    w.BeginObject();
    w.Key("actor");
    Write(w, e.actor);
    w.Key("at");
    Time(w, e.at);
    w.Key("data");
    w.BeginObject();
    std::visit(
        [&](const auto& payload) {
            if constexpr (std::is_same_v<std::decay_t<decltype(payload)>, wf::Submitted>) {
                Members(w, payload, places);
            } else {
                Members(w, payload);
            }
        },
        e.data);
    w.EndObject();
    w.Key("dossier");
    places.id = w.Size();
    w.Int(e.dossier.value());
    w.Key("seq");
    w.Int(e.seq);
    w.Key("type");
    w.String(wf::EventTypeName(e.data));
    w.EndObject();
    return TakeUtf8(w);
}

}  // namespace

std::string EncodeEvent(const wf::Event& e) {
    Places places;
    return WriteEvent(e, places);
}

namespace {

std::string WriteDossier(const wf::Dossier& d, Places& places) {
    std::size_t capacity = 1024 + d.code.size() + ApplicantBytes(d.applicant) +
                           StringsBytes(d.components) + d.idempotency_key.size() +
                           kAttachmentBytes * d.attachments.size() + 48 * d.pauses.size();
    for (const wf::StepRecord& s : d.steps) {
        capacity += 256 + s.name.size() + s.note.size();
    }
    JsonWriter w(capacity, InvalidUtf8::kFail);
    w.BeginObject();
    w.Key("agency_code");
    w.String(d.agency_code);
    w.Key("amount_due_vnd");
    w.Int(d.amount_due_vnd);
    w.Key("amount_paid_vnd");
    w.Int(d.amount_paid_vnd);
    w.Key("apology_issued");
    w.Bool(d.apology_issued);
    w.Key("applicant");
    Write(w, d.applicant);
    w.Key("assisted");
    w.Bool(d.assisted);
    w.Key("attachments");
    Objects(w, d.attachments);
    w.Key("channel");
    w.String(ChannelJson(d.channel));
    w.Key("code");
    places.code = w.Size() + 1;
    w.String(d.code);
    w.Key("components");
    Strings(w, d.components);
    w.Key("due_at");
    Time(w, d.due_at);
    w.Key("finished_at");
    Time(w, d.finished_at);
    w.Key("handling_agency_code");
    w.String(d.handling_agency_code);
    w.Key("id");
    places.id = w.Size();
    w.Int(d.id.value());
    w.Key("idempotency_key");
    w.String(d.idempotency_key);
    w.Key("original_due_at");
    Time(w, d.original_due_at);
    w.Key("paused_since");
    Time(w, d.paused_since);
    w.Key("pauses");
    Objects(w, d.pauses);
    w.Key("procedure_code");
    w.String(d.procedure_code);
    w.Key("procedure_version");
    w.Int(d.procedure_version.value());
    w.Key("rating");
    if (d.rating.has_value()) {
        w.Int(*d.rating);
    } else {
        w.Null();
    }
    w.Key("received_at");
    Time(w, d.received_at);
    w.Key("returned_at");
    Time(w, d.returned_at);
    w.Key("rule_set");
    w.String(d.rule_set);
    w.Key("status");
    w.Int(static_cast<int>(d.status));
    w.Key("steps");
    Objects(w, d.steps);
    w.Key("submitted_at");
    Time(w, d.submitted_at);
    w.Key("supplement_requests");
    w.Int(d.supplement_requests);
    w.Key("verdict");
    w.String(VerdictJson(d.verdict));
    w.Key("verification_key");
    w.String(d.verification_key);
    w.Key("version");
    w.Int(d.version);
    w.EndObject();
    return TakeUtf8(w);
}

}  // namespace

std::string EncodeDossier(const wf::Dossier& d) {
    Places places;
    return WriteDossier(d, places);
}

namespace {

// The places are where the encoder wrote the id and the code. They are the only occurrences of
// `"id":0,` / `"dossier":0,` and `"code":"",` in the text, which is what CompleteJson needs: an
// object's key is written once, no key but the dossier's "id" is "id" and no event key but the
// top level's is "dossier", only a dossier and a Submitted payload have a "code", none of these
// keys is an object's last, and inside strings every `"` is escaped, so a `"` that follows a
// letter only ends a key. The bytes at the places are checked all the same.
PendingJson Pending(std::string text, const Places& places, bool code_pending) {
    PendingJson p;
    p.json = std::move(text);
    const std::string_view json_text = p.json;
    if (places.id == std::string::npos || json_text.substr(places.id, 2) != "0,") {
        return p;  // an id is already set
    }
    p.id_at = places.id;
    if (code_pending) {
        if (places.code == std::string::npos || json_text.substr(places.code, 2) != "\",") {
            return p;
        }
        p.code_at = places.code;
    }
    p.ok = true;
    return p;
}

}  // namespace

PendingJson PendingDossierJson(const wf::Dossier& d) {
    Places places;
    std::string text = WriteDossier(d, places);
    return Pending(std::move(text), places, d.code.empty());
}

PendingJson PendingEventJson(const wf::Event& e) {
    const auto* submitted = std::get_if<wf::Submitted>(&e.data);
    Places places;
    std::string text = WriteEvent(e, places);
    return Pending(std::move(text), places, submitted != nullptr && submitted->code.empty());
}

std::string CompleteJson(const PendingJson& p, std::int64_t id, std::string_view code) {
    const std::string id_text = std::to_string(id);
    const std::string code_text =
        p.code_at == std::string::npos ? std::string() : json(std::string(code)).dump();
    // The code's JSON without its quotes goes between the empty code's quotes.
    const std::string_view code_inner =
        code_text.empty() ? std::string_view()
                          : std::string_view(code_text).substr(1, code_text.size() - 2);
    std::string out;
    out.reserve(p.json.size() + id_text.size() + code_inner.size());
    const std::string_view json_text = p.json;
    std::size_t from = 0;
    const auto put = [&](std::size_t at, std::string_view value, std::size_t replaced) {
        out.append(json_text.substr(from, at - from));
        out.append(value);
        from = at + replaced;
    };
    if (p.code_at != std::string::npos && p.code_at < p.id_at) {
        put(p.code_at, code_inner, 0);
        put(p.id_at, id_text, 1);
    } else {
        put(p.id_at, id_text, 1);
        if (p.code_at != std::string::npos) {
            put(p.code_at, code_inner, 0);
        }
    }
    out.append(json_text.substr(from));
    return out;
}

}  // namespace motcua::storage
