#include "core/workflow/dossier_service.hpp"

#include <fmt/format.h>

#include "core/calendar/civil_time.hpp"
#include "core/workflow/apply.hpp"
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
    std::optional<InternalProcess> process;
    if (auto p = directory_.Process(dossier.procedure_code, dossier.handling_agency_code)) {
        process = std::move(*p);
    } else if (p.error().code != ErrorCode::kNotFound) {
        return tl::unexpected(p.error());
    }
    const DecisionContext context{
        now, actor, scope, calendar.get(), &version, process ? &*process : nullptr, rules};
    MOTCUA_ASSIGN_OR_RETURN(std::vector<EventData> events, Decide(dossier, command, context));
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

Result<std::vector<Event>> DossierService::History(const Actor& actor, DossierId id) {
    MOTCUA_TRY(Get(actor, id));
    return store_.Events(id);
}

}  // namespace motcua::core::workflow
