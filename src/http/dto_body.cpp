// The answers written straight into one string (DossierBody, PublicViewBody; dto.hpp): the
// bytes Dump gives for DossierJson / PublicViewJson, without building the JSON document.
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "common/utf8.hpp"
#include "core/calendar/civil_time.hpp"
#include "http/dto.hpp"
#include "http/json_body.hpp"

namespace motcua::http {

namespace wf = core::workflow;
namespace cal = core::calendar;

namespace {

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
        ok_ = ok_ && (ascii || common::IsValidUtf8(s));
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

}  // namespace motcua::http
