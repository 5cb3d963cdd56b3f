#include "core/workflow/apply.hpp"

#include <algorithm>
#include <type_traits>

#include "common/overloaded.hpp"

namespace motcua::core::workflow {
namespace {

void ClosePause(Dossier& d, LocalDateTime at) {
    if (d.paused_since.has_value()) {
        d.pauses.push_back({*d.paused_since, at});
        d.paused_since.reset();
    }
}

StepRecord* FindStep(Dossier& d, int index) {
    for (StepRecord& s : d.steps) {
        if (s.index == index) {
            return &s;
        }
    }
    return nullptr;
}

void Finish(Dossier& d, LocalDateTime at, DossierStatus status, Verdict verdict) {
    d.status = status;
    d.finished_at = at;
    d.verdict = verdict;
    ClosePause(d, at);
}

// Adds a file unless the same content is already attached to the same component.
void AddAttachment(Dossier& d, const AttachmentRef& a) {
    const bool present =
        std::any_of(d.attachments.begin(), d.attachments.end(), [&](const AttachmentRef& b) {
            return b.component == a.component && b.sha256 == a.sha256;
        });
    if (!present) {
        d.attachments.push_back(a);
    }
}

}  // namespace

Dossier Apply(Dossier d, const Event& e) {
    d.version = e.seq;
    std::visit(
        Overloaded{
            [&](const Submitted& x) {
                d.id = e.dossier;
                d.code = x.code;
                d.verification_key = x.verification_key;
                d.agency_code = x.agency_code;
                d.handling_agency_code = x.agency_code;
                d.procedure_code = x.procedure_code;
                d.procedure_version = x.procedure_version;
                d.rule_set = x.rule_set;
                d.channel = x.channel;
                d.assisted = x.assisted;
                d.applicant = x.applicant;
                d.components = x.components;
                d.attachments = x.attachments;
                d.idempotency_key = x.idempotency_key;
                d.status = DossierStatus::kSubmitted;
                d.submitted_at = e.at;
            },
            [&](const Received& x) {
                d.status = DossierStatus::kReceived;
                d.received_at = e.at;
                d.handling_agency_code = x.handling_agency_code;
                d.due_at = x.due_at;
            },
            [&](const SupplementRequested&) {
                d.status = DossierStatus::kSupplementRequested;
                ++d.supplement_requests;
                if (d.received_at.has_value()) {
                    d.paused_since = e.at;
                }
            },
            [&](const SupplementReceived& x) {
                for (const std::string& c : x.components) {
                    d.components.push_back(c);
                }
                for (const AttachmentRef& a : x.attachments) {
                    AddAttachment(d, a);
                }
                ClosePause(d, e.at);
                if (x.new_due_at.has_value()) {
                    d.due_at = x.new_due_at;
                }
                if (!d.received_at.has_value()) {
                    d.status = DossierStatus::kSubmitted;
                } else {
                    d.status = d.CurrentStep() != nullptr ? DossierStatus::kProcessing
                                                          : DossierStatus::kReceived;
                }
            },
            [&](const Refused&) {
                const Verdict v = d.due_at.has_value() ? Judge(e.at, *d.due_at) : Verdict::kPending;
                Finish(d, e.at, DossierStatus::kRefused, v);
            },
            [&](const StepStarted& x) {
                StepRecord s;
                s.index = x.index;
                s.name = x.name;
                s.role = x.role;
                s.agency_code = x.agency_code;
                s.assignee = x.assignee;
                s.started_at = e.at;
                s.due_at = x.due_at;
                s.consultation = x.consultation;
                s.note = x.note;
                d.steps.push_back(std::move(s));
                if (d.status == DossierStatus::kReceived) {
                    d.status = DossierStatus::kProcessing;
                }
            },
            [&](const StepAssigned& x) {
                if (StepRecord* s = FindStep(d, x.index)) {
                    s->assignee = x.assignee;
                }
            },
            [&](const StepCompleted& x) {
                if (StepRecord* s = FindStep(d, x.index)) {
                    s->finished_at = e.at;
                    s->verdict = x.verdict;
                    if (!x.note.empty()) {
                        s->note = x.note;
                    }
                }
            },
            [&](const PaymentRequested& x) {
                d.status = DossierStatus::kAwaitingPayment;
                d.amount_due_vnd += x.amount_vnd;
                if (x.pauses_clock) {
                    d.paused_since = e.at;
                }
            },
            [&](const PaymentReceived& x) {
                d.status = DossierStatus::kProcessing;
                d.amount_paid_vnd += x.amount_vnd;
                ClosePause(d, e.at);
                if (x.new_due_at.has_value()) {
                    d.due_at = x.new_due_at;
                }
            },
            [&](const ResultIssued& x) { Finish(d, e.at, DossierStatus::kProcessed, x.verdict); },
            [&](const Returned&) {
                d.status = DossierStatus::kReturned;
                d.returned_at = e.at;
            },
            [&](const ApologyIssued& x) {
                if (!d.original_due_at.has_value()) {
                    d.original_due_at = d.due_at;
                }
                d.due_at = x.new_due_at;
                d.apology_issued = true;
            },
            [&](const Stopped& x) { Finish(d, e.at, DossierStatus::kStopped, x.verdict); },
            [&](const Withdrawn&) {
                d.status = DossierStatus::kWithdrawn;
                d.finished_at = e.at;
                ClosePause(d, e.at);
            },
            [&](const Rated& x) { d.rating = x.score; },
        },
        e.data);
    return d;
}

Dossier Replay(std::span<const Event> events) {
    Dossier d;
    for (const Event& e : events) {
        d = Apply(std::move(d), e);
    }
    return d;
}

}  // namespace motcua::core::workflow
