// The answers written straight into one string (DossierBody, PublicViewBody; dto.hpp): the
// bytes Dump gives for DossierJson / PublicViewJson, without building the JSON document.
#include <cstdint>
#include <optional>
#include <string>

#include "common/json_writer.hpp"
#include "core/calendar/civil_time.hpp"
#include "http/dto.hpp"
#include "http/json_body.hpp"

namespace motcua::http {

namespace wf = core::workflow;
namespace cal = core::calendar;

using common::InvalidUtf8;
using common::JsonWriter;

namespace {

// An optional id: its value, or null.
template <typename Id>
JsonWriter& OptId(JsonWriter& w, const std::optional<Id>& id) {
    return id ? w.Int(id->value()) : w.Null();
}

// A civil time ("2026-03-02T09:00"), or null.
JsonWriter& Time(JsonWriter& w, const std::optional<cal::LocalDateTime>& t) {
    return t ? w.String(cal::FormatDateTime(*t)) : w.Null();
}

}  // namespace

std::string PublicViewBody(const wf::PublicView& v) {
    // About 560 bytes without the timeline, a timeline line about 80–200.
    JsonWriter w(640 + (v.timeline_json ? v.timeline_json->size() : 160 * v.timeline.size()),
                 InvalidUtf8::kFail);
    w.Raw("{").Key("agency_code").String(v.agency_code).Key("appointment");
    if (v.due_at) {
        w.String(cal::FormatDateTimeVi(*v.due_at));
    } else {
        w.Null();
    }
    w.Key("channel").String(wf::ChannelName(v.channel));
    w.Key("code").String(v.code);
    Time(w.Key("due_at"), v.due_at);
    Time(w.Key("finished_at"), v.finished_at);
    w.Key("handling_agency_code").String(v.handling_agency_code);
    w.Key("procedure_code").String(v.procedure_code);
    Time(w.Key("received_at"), v.received_at);
    Time(w.Key("returned_at"), v.returned_at);
    w.Key("status").String(wf::StatusName(v.status));
    w.Key("status_code").Int(static_cast<int>(v.status));
    w.Key("status_name").String(wf::StatusNameVi(v.status));
    Time(w.Key("submitted_at"), v.submitted_at);
    w.Key("timeline");
    if (v.timeline_json) {
        w.Raw(*v.timeline_json);  // stored in the answer's own form (storage's EncodePublicEntry)
    } else {
        w.Raw("[");
        for (std::size_t i = 0; i < v.timeline.size(); ++i) {
            const wf::PublicTimelineEntry& e = v.timeline[i];
            w.Raw(i == 0 ? "{" : ",{");
            Time(w.Key("at"), e.at);
            w.Key("event").String(e.event);
            if (e.new_due_at) {
                Time(w.Key("new_due_at"), e.new_due_at);
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
    if (!w.AllUtf8()) {
        // The tree's bytes are the answer's. PublicViewJson parses the stored timeline that is
        // copied above as it is, so only the tree gives them when a string must be replaced.
        return Dump(PublicViewJson(v));
    }
    return w.Take();
}

namespace {

// StepJson's object, its keys in byte order.
void WriteStep(JsonWriter& w, const wf::StepRecord& s) {
    w.Raw("{").Key("agency_code").String(s.agency_code);
    OptId(w.Key("assignee"), s.assignee);
    w.Key("consultation").Bool(s.consultation);
    Time(w.Key("due_at"), s.due_at);
    Time(w.Key("finished_at"), s.finished_at);
    w.Key("index").Int(s.index);
    w.Key("name").String(s.name);
    w.Key("note").String(s.note);
    w.Key("role").String(wf::RoleName(s.role));
    Time(w.Key("started_at"), s.started_at);
    w.Key("verdict").String(wf::VerdictName(s.verdict)).Raw("}");
}

}  // namespace

std::string DossierBody(const wf::Dossier& d) {
    // About 1,300 bytes for a fresh dossier; a step about 250, an attachment about 200.
    JsonWriter w(
        1536 + 256 * (d.steps.size() + 1) + 224 * d.attachments.size() + 48 * d.pauses.size(),
        InvalidUtf8::kReplace);  // Dump's replacement of what is not UTF-8
    w.Raw("{").Key("agency_code").String(d.agency_code);
    w.Key("amount_due_vnd").Int(d.amount_due_vnd);
    w.Key("amount_paid_vnd").Int(d.amount_paid_vnd);
    w.Key("apology_issued").Bool(d.apology_issued);
    const wf::Applicant& a = d.applicant;
    w.Key("applicant").Raw("{");
    OptId(w.Key("account"), a.account);
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
        w.Null();
    }
    Time(w.Key("due_at"), d.due_at);
    Time(w.Key("finished_at"), d.finished_at);
    w.Key("handling_agency_code").String(d.handling_agency_code);
    w.Key("id").Int(d.id.value());
    Time(w.Key("original_due_at"), d.original_due_at);
    Time(w.Key("paused_since"), d.paused_since);
    w.Key("pauses").Raw("[");
    for (std::size_t i = 0; i < d.pauses.size(); ++i) {
        w.Raw(i == 0 ? "{" : ",{");
        Time(w.Key("from"), d.pauses[i].from);
        Time(w.Key("to"), d.pauses[i].to).Raw("}");
    }
    w.Raw("]");
    w.Key("procedure_code").String(d.procedure_code);
    w.Key("procedure_version").Int(d.procedure_version.value());
    w.Key("rating");
    if (d.rating) {
        w.Int(*d.rating);
    } else {
        w.Null();
    }
    Time(w.Key("received_at"), d.received_at);
    Time(w.Key("returned_at"), d.returned_at);
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
    Time(w.Key("submitted_at"), d.submitted_at);
    w.Key("supplement_requests").Int(d.supplement_requests);
    w.Key("verdict").String(wf::VerdictName(d.verdict));
    w.Key("verification_key").String(d.verification_key);
    w.Key("version").Int(d.version).Raw("}");
    return w.Take();
}

}  // namespace motcua::http
