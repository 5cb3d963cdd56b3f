// The public tracking view of a dossier (tra cứu hồ sơ): what anyone holding its code and
// verification key may see — status, dates, the appointment and a timeline — and nothing
// personal: no applicant data, no assignees, no notes, no consultation answers.
//
// It is a pure function of the projection and the events (PublicViewOf), so storage can keep it
// beside the projection, extend it in the transaction of every append (PublicHeader for the
// fields, PublicEntry for each new event) and a rebuild can recompute and compare it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/workflow/dossier.hpp"

namespace motcua::core::workflow {

// One line of the public timeline.
struct PublicTimelineEntry {
    LocalDateTime at;
    // What happened: the EventTypeName ("submitted", "received", …), except for the steps of a
    // consultation of another agency: "consultation_started" and "consultation_answered".
    std::string event;
    std::string title;  // Vietnamese, for the public ("Nộp hồ sơ", …)
    // Set for a supplement request and a refusal: the applicant needs the reasons to act.
    std::optional<std::vector<Reason>> reasons;
    // Set for an apology: the new appointment.
    std::optional<LocalDateTime> new_due_at;

    bool operator==(const PublicTimelineEntry&) const = default;
};

struct PublicView {
    DossierId id;
    std::int64_t version = 0;  // the projection version it reflects
    std::string code;
    std::string verification_key;  // compared by DossierService::TrackPublic; never shown
    std::string procedure_code;
    std::string agency_code;
    std::string handling_agency_code;
    Channel channel = Channel::kOnline;
    DossierStatus status = DossierStatus::kSubmitted;
    LocalDateTime submitted_at;
    std::optional<LocalDateTime> received_at;
    std::optional<LocalDateTime> due_at;
    std::optional<LocalDateTime> finished_at;
    std::optional<LocalDateTime> returned_at;
    Verdict verdict = Verdict::kPending;
    std::vector<PublicTimelineEntry> timeline;  // in event order
    // Set only by DossierStore::LoadPublicViewRaw of a store that keeps the view: the timeline
    // as stored, a JSON array written in exactly the form of the public answer's "timeline"
    // (storage's EncodePublicTimeline), so the answer copies it; `timeline` is then empty. Core
    // never reads it.
    std::optional<std::string> timeline_json;

    bool operator==(const PublicView&) const = default;
};

// The public title of an event ("Nộp hồ sơ", "Chuyển xử lý", …).
std::string_view PublicTitle(const EventData& data);

// The timeline line of `event` of `dossier` (its projection at or after the event, which tells
// whether a completed step was a consultation), or nullopt for an event the public does not see
// (who a step is assigned to is internal).
std::optional<PublicTimelineEntry> PublicEntry(const Event& event, const Dossier& dossier);

// The fields of the view taken from the projection; the timeline is left empty.
PublicView PublicHeader(const Dossier& dossier);

// The whole view of `dossier` whose events (in order) are `events`.
PublicView PublicViewOf(const Dossier& dossier, std::span<const Event> events);

}  // namespace motcua::core::workflow
