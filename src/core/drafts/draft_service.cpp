#include "core/drafts/draft_service.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/calendar/civil_time.hpp"
#include "core/workflow/attachments.hpp"

namespace motcua::core::drafts {
namespace {

using workflow::Actor;
using workflow::Role;

// Attempts at a write that met a concurrent one (MarkSubmitted) or an id already taken.
constexpr int kAttempts = 3;

tl::unexpected<Error> DraftNotFound() {
    return Fail(ErrorCode::kNotFound, "draft not found", "không tìm thấy hồ sơ đang soạn");
}

tl::unexpected<Error> ReadOnly(const Draft& draft) {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("the draft was submitted as dossier {} and can no longer be changed",
                            draft.dossier_code),
                fmt::format("Hồ sơ đang soạn này đã được nộp (mã hồ sơ {}), không sửa được nữa",
                            draft.dossier_code));
}

tl::unexpected<Error> Stale(const Draft& draft, std::int64_t expected) {
    return Fail(
        ErrorCode::kConflict,
        fmt::format("the draft changed (version {} now, {} expected)", draft.version, expected),
        "Hồ sơ đang soạn vừa được lưu từ nơi khác (thiết bị hoặc cửa sổ khác); vui lòng "
        "tải lại");
}

Result<void> MayHaveDrafts(const Actor& actor) {
    if (!MayDraft(actor.role) || !actor.user.has_value()) {
        return Fail(ErrorCode::kPermissionDenied,
                    "only citizens and one-stop officers keep drafts of online submissions",
                    "Chỉ công dân và cán bộ một cửa mới lưu được hồ sơ đang soạn");
    }
    return {};
}

}  // namespace

bool MayDraft(Role role) {
    return role == Role::kCitizen || role == Role::kOneStopOfficer;
}

std::string DraftIdempotencyKey(const DraftId& id) {
    return "draft:" + id.value();
}

Result<Draft> DraftService::Owned(const Actor& actor, const DraftId& id) {
    MOTCUA_TRY(MayHaveDrafts(actor));
    auto draft = store_.Get(id);
    if (!draft) {
        return draft.error().code == ErrorCode::kNotFound ? DraftNotFound()
                                                          : tl::unexpected(draft.error());
    }
    if (draft->owner != *actor.user || clock_.Now() >= draft->expires_at) {
        return DraftNotFound();
    }
    return draft;
}

Result<void> DraftService::Apply(const Actor& actor,
                                 DraftContent content,
                                 const Draft* before,
                                 Draft& draft) {
    if (!content.agency_code.empty() && content.agency_code != draft.agency_code) {
        auto agency = directory_.AgencyByCode(content.agency_code);
        if (!agency) {
            if (agency.error().code != ErrorCode::kNotFound) {
                return tl::unexpected(agency.error());
            }
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("unknown agency {}", content.agency_code),
                        fmt::format("Không có cơ quan mã {}", content.agency_code),
                        "agency_code");
        }
    }
    if (content.answers.size() > policy_.max_answers_bytes) {
        return Fail(ErrorCode::kOutOfRange,
                    fmt::format("the answers take {} bytes, more than the {} a draft may hold",
                                content.answers.size(),
                                policy_.max_answers_bytes),
                    fmt::format("Nội dung hồ sơ đang soạn quá lớn ({} KB, tối đa {} KB)",
                                (content.answers.size() + 1023) / 1024,
                                policy_.max_answers_bytes / 1024),
                    "answers");
    }
    std::vector<std::string> files;
    std::set<std::string, std::less<>> seen;
    for (std::size_t i = 0; i < content.attachments.size(); ++i) {
        std::string& sha = content.attachments[i];
        const std::string field = fmt::format("attachments[{}]", i);
        if (!workflow::IsSha256Hex(sha)) {
            return Fail(
                ErrorCode::kInvalidArgument,
                fmt::format("attachment {} is not a SHA-256 (64 lower-case hex digits)", i + 1),
                fmt::format("Mã tệp đính kèm thứ {} không hợp lệ", i + 1),
                field);
        }
        if (!seen.insert(sha).second) {
            continue;
        }
        if (seen.size() > policy_.max_attachments) {
            return Fail(
                ErrorCode::kInvalidArgument,
                fmt::format("a draft lists at most {} files", policy_.max_attachments),
                fmt::format("Hồ sơ đang soạn có tối đa {} tệp đính kèm", policy_.max_attachments),
                field);
        }
        const bool listed_before = before != nullptr && std::find(before->attachments.begin(),
                                                                  before->attachments.end(),
                                                                  sha) != before->attachments.end();
        if (attachments_ != nullptr && !listed_before) {
            // One answer for unknown content and for someone else's: no existence oracle.
            MOTCUA_ASSIGN_OR_RETURN(const std::vector<ports::AttachmentMeta> uploads,
                                    attachments_->Uploads(sha));
            std::vector<std::string> scope;
            if (!actor.agency_code.empty()) {
                MOTCUA_ASSIGN_OR_RETURN(scope, directory_.Subtree(actor.agency_code));
            }
            const bool usable =
                std::any_of(uploads.begin(), uploads.end(), [&](const ports::AttachmentMeta& u) {
                    return workflow::MayUseUpload(actor, scope, u);
                });
            if (!usable) {
                return Fail(ErrorCode::kInvalidArgument,
                            fmt::format("attachment {} is not one of your uploads", i + 1),
                            fmt::format("Tệp đính kèm thứ {} không phải tệp bạn đã tải lên", i + 1),
                            field);
            }
        }
        files.push_back(std::move(sha));
    }
    draft.agency_code = std::move(content.agency_code);
    draft.answers = std::move(content.answers);
    draft.attachments = std::move(files);
    return {};
}

Result<Draft> DraftService::Create(const Actor& actor,
                                   std::string_view procedure_code,
                                   DraftContent content) {
    MOTCUA_TRY(MayHaveDrafts(actor));
    const Instant now = clock_.Now();
    const calendar::LocalDate today = std::chrono::floor<std::chrono::days>(calendar::ToLocal(now));
    MOTCUA_ASSIGN_OR_RETURN(const catalog::ProcedureVersion version,
                            directory_.VersionInForce(procedure_code, today));
    if (version.online_level == catalog::OnlineLevel::kNone) {
        return Fail(ErrorCode::kFailedPrecondition,
                    fmt::format("procedure {} cannot be submitted online", procedure_code),
                    fmt::format("Thủ tục {} chưa cho phép nộp hồ sơ trực tuyến", procedure_code),
                    "procedure_code");
    }
    Draft draft;
    draft.owner = *actor.user;
    draft.procedure_code = std::string(procedure_code);
    MOTCUA_TRY(Apply(actor, std::move(content), nullptr, draft));
    draft.version = 1;
    draft.created_at = now;
    draft.updated_at = now;
    draft.expires_at = now + policy_.lifetime;
    // Housekeeping rides on creation: expired answers do not outlive their drafts for long.
    MOTCUA_TRY(store_.DiscardExpired(now, 100));
    for (int attempt = 1;; ++attempt) {
        MOTCUA_ASSIGN_OR_RETURN(const std::string token, random_.Token(policy_.id_bytes));
        draft.id = DraftId{token};
        auto inserted = store_.Insert(draft, policy_.max_open_per_account);
        if (!inserted && inserted.error().code == ErrorCode::kAlreadyExists &&
            attempt < kAttempts) {
            continue;
        }
        if (!inserted) {
            return tl::unexpected(inserted.error());
        }
        if (!*inserted) {
            return Fail(ErrorCode::kFailedPrecondition,
                        fmt::format("you already have {} drafts in progress; submit or delete "
                                    "some of them first",
                                    policy_.max_open_per_account),
                        fmt::format("Bạn đang có {} hồ sơ đang soạn; hãy nộp hoặc xoá bớt "
                                    "trước khi bắt đầu hồ sơ mới",
                                    policy_.max_open_per_account));
        }
        return draft;
    }
}

Result<std::vector<Draft>> DraftService::ListOpen(const Actor& actor) {
    MOTCUA_TRY(MayHaveDrafts(actor));
    return store_.ListOpen(*actor.user, clock_.Now(), policy_.max_open_per_account);
}

Result<Draft> DraftService::Get(const Actor& actor, const DraftId& id) {
    return Owned(actor, id);
}

Result<Draft> DraftService::Update(const Actor& actor,
                                   const DraftId& id,
                                   DraftContent content,
                                   std::optional<std::int64_t> expected_version) {
    MOTCUA_ASSIGN_OR_RETURN(const Draft before, Owned(actor, id));
    if (before.submitted()) {
        return ReadOnly(before);
    }
    if (expected_version.has_value() && *expected_version != before.version) {
        return Stale(before, *expected_version);
    }
    Draft after = before;
    MOTCUA_TRY(Apply(actor, std::move(content), &before, after));
    const Instant now = clock_.Now();
    after.version = before.version + 1;
    after.updated_at = now;
    after.expires_at = now + policy_.lifetime;
    auto replaced = store_.Replace(after, before.version);
    if (!replaced) {
        return replaced.error().code == ErrorCode::kConflict ? Stale(before, before.version)
                                                             : tl::unexpected(replaced.error());
    }
    return after;
}

Result<void> DraftService::Delete(const Actor& actor,
                                  const DraftId& id,
                                  std::optional<std::int64_t> expected_version) {
    MOTCUA_ASSIGN_OR_RETURN(const Draft draft, Owned(actor, id));
    if (draft.submitted()) {
        return ReadOnly(draft);
    }
    if (expected_version.has_value() && *expected_version != draft.version) {
        return Stale(draft, *expected_version);
    }
    auto discarded = store_.Discard(id, draft.version, clock_.Now());
    if (!discarded && discarded.error().code == ErrorCode::kConflict) {
        return Stale(draft, draft.version);
    }
    return discarded;
}

Result<Draft> DraftService::ForSubmission(const Actor& actor,
                                          const DraftId& id,
                                          std::string_view procedure_code) {
    MOTCUA_ASSIGN_OR_RETURN(Draft draft, Owned(actor, id));
    if (draft.procedure_code != procedure_code) {
        return Fail(
            ErrorCode::kInvalidArgument,
            fmt::format(
                "the draft is for procedure {}, not {}", draft.procedure_code, procedure_code),
            "Hồ sơ đang soạn thuộc một thủ tục khác",
            "draft_id");
    }
    return draft;
}

Result<Draft> DraftService::MarkSubmitted(const Actor& actor,
                                          const DraftId& id,
                                          const workflow::Dossier& dossier) {
    for (int attempt = 1;; ++attempt) {
        MOTCUA_ASSIGN_OR_RETURN(const Draft before, Owned(actor, id));
        if (before.submitted()) {
            if (before.dossier_code == dossier.code) {
                return before;
            }
            return ReadOnly(before);
        }
        const Instant now = clock_.Now();
        Draft after = before;
        after.agency_code = dossier.agency_code;
        after.dossier_code = dossier.code;
        after.submitted_at = now;
        after.version = before.version + 1;
        after.updated_at = now;
        after.expires_at = now + policy_.lifetime;
        auto replaced = store_.Replace(after, before.version);
        if (replaced) {
            return after;
        }
        if (replaced.error().code != ErrorCode::kConflict || attempt >= kAttempts) {
            return tl::unexpected(replaced.error());
        }
    }
}

Result<int> DraftService::PurgeExpired(int limit) {
    return store_.DiscardExpired(clock_.Now(), limit);
}

}  // namespace motcua::core::drafts
