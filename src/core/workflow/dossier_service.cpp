#include "core/workflow/dossier_service.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/calendar/civil_time.hpp"
#include "core/workflow/apply.hpp"
#include "core/workflow/attachments.hpp"
#include "core/workflow/rule_set.hpp"

namespace motcua::core::workflow {
namespace {

bool NotifiesApplicant(const EventData& data) {
    return std::holds_alternative<Received>(data) ||
           std::holds_alternative<SupplementRequested>(data) ||
           std::holds_alternative<Refused>(data) || std::holds_alternative<ResultIssued>(data) ||
           std::holds_alternative<ApologyIssued>(data) || std::holds_alternative<Stopped>(data);
}

}  // namespace

Result<std::vector<std::string>> DossierService::ScopeOf(const Actor& actor) {
    if (actor.agency_code.empty()) {
        return std::vector<std::string>{};
    }
    return directory_.Subtree(actor.agency_code);
}

Result<void> DossierService::ResolveAttachments(const Actor& actor,
                                                std::span<const std::string> scope,
                                                const Dossier* dossier,
                                                std::vector<AttachmentRef>& refs) {
    if (refs.empty()) {
        return {};
    }
    if (attachments_ == nullptr) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "attachments are not enabled on this server",
                    "hệ thống chưa hỗ trợ nộp tệp đính kèm",
                    "attachments");
    }
    for (std::size_t i = 0; i < refs.size(); ++i) {
        AttachmentRef& ref = refs[i];
        // One answer for unknown content and for someone else's content: no existence oracle.
        const auto unusable = [&] {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("attachment {} is not one of your uploads", i + 1),
                        fmt::format("tệp đính kèm thứ {} không phải tệp bạn đã tải lên", i + 1),
                        fmt::format("attachments[{}].sha256", i));
        };
        if (!IsSha256Hex(ref.sha256)) {
            return unusable();
        }
        MOTCUA_ASSIGN_OR_RETURN(const std::vector<ports::AttachmentMeta> uploads,
                                attachments_->Uploads(ref.sha256));
        if (uploads.empty()) {
            return unusable();
        }
        const bool on_dossier = dossier != nullptr && std::any_of(dossier->attachments.begin(),
                                                                  dossier->attachments.end(),
                                                                  [&](const AttachmentRef& a) {
                                                                      return a.sha256 == ref.sha256;
                                                                  });
        const ports::AttachmentMeta* usable = on_dossier ? &uploads.front() : nullptr;
        for (const ports::AttachmentMeta& upload : uploads) {
            if (usable == nullptr && MayUseUpload(actor, scope, upload)) {
                usable = &upload;
            }
        }
        if (usable == nullptr) {
            return unusable();
        }
        ref.size = usable->size;
        ref.content_type = usable->content_type;
        ref.name = ref.name.empty() ? usable->name : SanitizeDisplayName(ref.name);
    }
    return {};
}

Result<ports::AppendResult> DossierService::Store(const Dossier& before,
                                                  std::optional<DossierId> id,
                                                  const Actor& actor,
                                                  std::vector<EventData> data,
                                                  Dossier& after) {
    const calendar::LocalDateTime now = calendar::ToLocal(clock_.Now());
    ports::AppendRequest request;
    request.dossier = id;
    request.expected_version = before.version;
    after = before;
    std::int64_t seq = before.version;
    for (EventData& d : data) {
        const bool notify = NotifiesApplicant(d);
        Event e{id.value_or(DossierId{}), ++seq, now, actor, std::move(d)};
        after = Apply(std::move(after), e);
        request.outbox.push_back({"dvcqg.sync", seq});
        if (notify) {
            request.outbox.push_back({"notify.applicant", seq});
        }
        request.events.push_back(std::move(e));
    }
    request.projection = after;
    MOTCUA_ASSIGN_OR_RETURN(ports::AppendResult result, store_.Append(std::move(request)));
    after.id = result.id;
    after.code = result.code;
    return result;
}

Result<Dossier> DossierService::Submit(const Actor& actor, const Submission& request) {
    // Idempotency keys are the caller's: scoped to the actor so one user's key can never return
    // another user's dossier.
    Submission submission = request;
    if (!submission.idempotency_key.empty()) {
        submission.idempotency_key = fmt::format("{}:{}:{}",
                                                 RoleName(actor.role),
                                                 actor.user ? actor.user->value() : 0,
                                                 request.idempotency_key);
        MOTCUA_ASSIGN_OR_RETURN(const std::optional<Dossier> existing,
                                store_.FindByIdempotencyKey(submission.idempotency_key));
        if (existing.has_value()) {
            return *existing;
        }
    }
    const calendar::LocalDateTime now = calendar::ToLocal(clock_.Now());
    const calendar::LocalDate today = std::chrono::floor<std::chrono::days>(now);
    MOTCUA_TRY(directory_.AgencyByCode(submission.agency_code));
    MOTCUA_ASSIGN_OR_RETURN(const catalog::ProcedureVersion version,
                            directory_.VersionInForce(submission.procedure_code, today));
    MOTCUA_ASSIGN_OR_RETURN(const auto calendar, directory_.CalendarOf(submission.agency_code));
    MOTCUA_ASSIGN_OR_RETURN(const RuleSet* rules, RuleSetOn(today));
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<std::string> scope, ScopeOf(actor));
    MOTCUA_ASSIGN_OR_RETURN(
        std::string handling,
        directory_.CompetentAgency(submission.procedure_code, submission.agency_code, today));
    MOTCUA_TRY(ResolveAttachments(actor, scope, nullptr, submission.attachments));

    const DecisionContext context{now, actor, scope, calendar.get(), &version, nullptr, rules};
    MOTCUA_ASSIGN_OR_RETURN(std::vector<EventData> events,
                            DecideSubmission(submission, keys_.NewVerificationKey(), context));
    for (EventData& e : events) {
        if (auto* received = std::get_if<Received>(&e)) {
            received->handling_agency_code = handling;
        }
    }
    Dossier after;
    auto stored = Store(Dossier{}, std::nullopt, actor, std::move(events), after);
    if (!stored && stored.error().code == ErrorCode::kAlreadyExists &&
        !submission.idempotency_key.empty()) {
        // A concurrent submission with the same key won the race: answer with its dossier.
        MOTCUA_ASSIGN_OR_RETURN(const std::optional<Dossier> existing,
                                store_.FindByIdempotencyKey(submission.idempotency_key));
        if (existing.has_value()) {
            return *existing;
        }
    }
    if (!stored) {
        return tl::unexpected(stored.error());
    }
    return after;
}

Result<Dossier> DossierService::Act(const Actor& actor,
                                    DossierId id,
                                    const Command& command,
                                    std::optional<std::int64_t> expected_version) {
    MOTCUA_ASSIGN_OR_RETURN(const Dossier dossier, store_.Load(id));
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<std::string> scope, ScopeOf(actor));
    if (!CanSee(dossier, actor, scope)) {
        return Fail(ErrorCode::kNotFound, "dossier not found", "không tìm thấy hồ sơ");
    }
    if (expected_version.has_value() && *expected_version != dossier.version) {
        return Fail(ErrorCode::kConflict,
                    fmt::format("dossier {} changed (version {} now, {} expected)",
                                dossier.code,
                                dossier.version,
                                *expected_version),
                    "hồ sơ vừa được người khác cập nhật; vui lòng tải lại");
    }
    const calendar::LocalDateTime now = calendar::ToLocal(clock_.Now());
    MOTCUA_ASSIGN_OR_RETURN(const catalog::ProcedureVersion version,
                            directory_.Version(dossier.procedure_version));
    MOTCUA_ASSIGN_OR_RETURN(const auto calendar,
                            directory_.CalendarOf(dossier.handling_agency_code));
    MOTCUA_ASSIGN_OR_RETURN(const RuleSet* rules, RuleSetNamed(dossier.rule_set));
    // The dossier follows the version of the internal process that applied when it was
    // received (a later version applies to dossiers received after it was saved).
    std::optional<InternalProcess> process;
    if (auto p = directory_.ProcessFor(dossier.procedure_code,
                                       dossier.handling_agency_code,
                                       dossier.received_at.value_or(dossier.submitted_at))) {
        process = std::move(*p);
    } else if (p.error().code != ErrorCode::kNotFound) {
        return tl::unexpected(p.error());
    }
    const Command* effective = &command;
    std::optional<Command> resolved;
    if (const auto* supplement = std::get_if<ProvideSupplement>(&command);
        supplement != nullptr && !supplement->attachments.empty()) {
        ProvideSupplement completed = *supplement;
        MOTCUA_TRY(ResolveAttachments(actor, scope, &dossier, completed.attachments));
        effective = &resolved.emplace(std::move(completed));
    }
    const DecisionContext context{
        now, actor, scope, calendar.get(), &version, process ? &*process : nullptr, rules};
    MOTCUA_ASSIGN_OR_RETURN(std::vector<EventData> events, Decide(dossier, *effective, context));
    Dossier after;
    MOTCUA_TRY(Store(dossier, id, actor, std::move(events), after));
    return after;
}

Result<Dossier> DossierService::Get(const Actor& actor, DossierId id) {
    MOTCUA_ASSIGN_OR_RETURN(Dossier dossier, store_.Load(id));
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<std::string> scope, ScopeOf(actor));
    if (!CanSee(dossier, actor, scope)) {
        return Fail(ErrorCode::kNotFound, "dossier not found", "không tìm thấy hồ sơ");
    }
    return dossier;
}

Result<Dossier> DossierService::GetByCode(const Actor& actor, std::string_view code) {
    auto dossier = store_.LoadByCode(code);
    if (!dossier) {
        return dossier.error().code == ErrorCode::kNotFound
                   ? Fail(ErrorCode::kNotFound, "dossier not found", "không tìm thấy hồ sơ")
                   : tl::unexpected(dossier.error());
    }
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<std::string> scope, ScopeOf(actor));
    if (!CanSee(*dossier, actor, scope)) {
        return Fail(ErrorCode::kNotFound, "dossier not found", "không tìm thấy hồ sơ");
    }
    return dossier;
}

namespace {

tl::unexpected<Error> NoSuchTracking() {
    return Fail(ErrorCode::kNotFound,
                "no dossier with this code and key",
                "không tìm thấy hồ sơ với mã và mã tra cứu này");
}

// Compares in constant time (in the length of `key`) so the key cannot be guessed byte by byte.
bool SameKey(std::string_view expected, std::string_view key) {
    unsigned diff = expected.size() == key.size() ? 0U : 1U;
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char want = i < expected.size() ? expected[i] : '\0';
        diff |= static_cast<unsigned>(static_cast<unsigned char>(want) ^
                                      static_cast<unsigned char>(key[i]));
    }
    return diff == 0 && !key.empty();
}

}  // namespace

Result<Dossier> DossierService::Track(std::string_view code, std::string_view key) {
    auto dossier = store_.LoadByCode(code);
    if (!dossier) {
        return dossier.error().code == ErrorCode::kNotFound ? NoSuchTracking()
                                                            : tl::unexpected(dossier.error());
    }
    if (!SameKey(dossier->verification_key, key)) {
        return NoSuchTracking();
    }
    return dossier;
}

Result<PublicView> DossierService::TrackPublic(std::string_view code, std::string_view key) {
    auto view = store_.LoadPublicViewRaw(code);
    if (!view) {
        return view.error().code == ErrorCode::kNotFound ? NoSuchTracking()
                                                         : tl::unexpected(view.error());
    }
    if (!SameKey(view->verification_key, key)) {
        return NoSuchTracking();
    }
    return view;
}

Result<std::vector<Event>> DossierService::History(const Actor& actor, DossierId id) {
    MOTCUA_TRY(Get(actor, id));
    return store_.Events(id);
}

}  // namespace motcua::core::workflow
