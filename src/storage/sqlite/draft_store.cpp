#include "storage/sqlite/draft_store.hpp"

#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storage/sqlite/account_store.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace ports = core::ports;
using ports::Draft;
using ports::DraftId;

// Reads select the columns in ReadDraft's order.
constexpr std::string_view kSelectDraft =
    "SELECT id, owner_id, procedure_code, agency_code, answers, attachments, version, "
    "created_at, updated_at, expires_at, dossier_code, submitted_at FROM drafts "
    "WHERE id = ?1 AND discarded_at IS NULL";

// Lists carry no answers: '' stands in for them.
constexpr std::string_view kSelectOpen =
    "SELECT id, owner_id, procedure_code, agency_code, '', attachments, version, created_at, "
    "updated_at, expires_at, dossier_code, submitted_at FROM drafts "
    "WHERE owner_id = ?1 AND discarded_at IS NULL AND submitted_at IS NULL AND expires_at > ?2 "
    "ORDER BY updated_at DESC, id LIMIT ?3";

constexpr std::string_view kCountOpen =
    "SELECT count(*) FROM drafts WHERE owner_id = ?1 AND discarded_at IS NULL "
    "AND submitted_at IS NULL AND expires_at > ?2";

constexpr std::string_view kInsert =
    "INSERT INTO drafts(id, tenant, owner_id, procedure_code, agency_code, answers, "
    "attachments, version, created_at, updated_at, expires_at, dossier_code, submitted_at) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

constexpr std::string_view kReplace =
    "UPDATE drafts SET agency_code = ?2, answers = ?3, attachments = ?4, version = ?5, "
    "updated_at = ?6, expires_at = ?7, dossier_code = ?8, submitted_at = ?9 "
    "WHERE id = ?1 AND version = ?10 AND discarded_at IS NULL";

constexpr std::string_view kDiscard =
    "UPDATE drafts SET answers = '', attachments = '[]', version = version + 1, "
    "discarded_at = ?2 WHERE id = ?1 AND version = ?3 AND discarded_at IS NULL";

constexpr std::string_view kDiscardExpired =
    "UPDATE drafts SET answers = '', attachments = '[]', version = version + 1, "
    "discarded_at = ?1 WHERE id IN (SELECT id FROM drafts WHERE discarded_at IS NULL "
    "AND expires_at <= ?1 ORDER BY expires_at LIMIT ?2)";

constexpr std::string_view kVersionOf =
    "SELECT version FROM drafts WHERE id = ?1 AND discarded_at IS NULL";

tl::unexpected<Error> NotFound() {
    return Fail(ErrorCode::kNotFound, "draft not found", "không tìm thấy hồ sơ đang soạn");
}

std::string EncodeFiles(const std::vector<std::string>& files) {
    return nlohmann::json(files).dump();
}

Result<std::vector<std::string>> DecodeFiles(std::string_view text, std::string_view id) {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    const auto corrupt = [&] {
        return Fail(ErrorCode::kInternal,
                    fmt::format("draft {} has a malformed attachment list", id));
    };
    if (!j.is_array()) {
        return corrupt();
    }
    std::vector<std::string> out;
    out.reserve(j.size());
    for (const nlohmann::json& item : j) {
        if (!item.is_string()) {
            return corrupt();
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::optional<std::string> OptionalInstant(const std::optional<Instant>& t) {
    return t ? std::optional<std::string>(EncodeInstant(*t)) : std::nullopt;
}

std::optional<std::string_view> NullIfEmpty(const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string_view>(s);
}

// A row of kSelectDraft's columns.
Result<Draft> ReadDraft(const Statement& st) {
    Draft d;
    d.id = DraftId{std::string(st.ColumnText(0))};
    d.owner = core::model::UserId{st.ColumnInt64(1)};
    d.procedure_code = std::string(st.ColumnText(2));
    d.agency_code = std::string(st.ColumnText(3));
    d.answers = std::string(st.ColumnText(4));
    MOTCUA_ASSIGN_OR_RETURN(d.attachments, DecodeFiles(st.ColumnText(5), d.id.value()));
    d.version = st.ColumnInt64(6);
    MOTCUA_ASSIGN_OR_RETURN(d.created_at, DecodeInstant(st.ColumnText(7)));
    MOTCUA_ASSIGN_OR_RETURN(d.updated_at, DecodeInstant(st.ColumnText(8)));
    MOTCUA_ASSIGN_OR_RETURN(d.expires_at, DecodeInstant(st.ColumnText(9)));
    if (!st.IsNull(10)) {
        d.dossier_code = std::string(st.ColumnText(10));
    }
    if (!st.IsNull(11)) {
        MOTCUA_ASSIGN_OR_RETURN(const Instant at, DecodeInstant(st.ColumnText(11)));
        d.submitted_at = at;
    }
    return d;
}

// After a compare-and-set that changed nothing: kNotFound when the draft is gone, else
// kConflict (its version moved on).
Result<void> WhyUnchanged(Connection& c, const DraftId& id, std::int64_t expected) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(kVersionOf));
    MOTCUA_TRY(st->Bind(1, std::string_view(id.value())));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
    if (!row) {
        return NotFound();
    }
    return Fail(
        ErrorCode::kConflict,
        fmt::format("draft {} is at version {}, not {}", id.value(), st->ColumnInt64(0), expected),
        "Hồ sơ đang soạn vừa được lưu từ nơi khác; vui lòng tải lại");
}

}  // namespace

Result<bool> SqliteDraftStore::Insert(const Draft& draft, std::size_t max_open) {
    const std::string& tenant = db_.tenant();
    const std::string created = EncodeInstant(draft.created_at);
    const std::string updated = EncodeInstant(draft.updated_at);
    const std::string expires = EncodeInstant(draft.expires_at);
    const std::string files = EncodeFiles(draft.attachments);
    const std::optional<std::string> submitted = OptionalInstant(draft.submitted_at);
    return db_.Write([&](Connection& c) -> Result<bool> {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement count, c.Cached(kCountOpen));
        MOTCUA_TRY(count->BindAll(draft.owner.value(), std::string_view(created)));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, count->Step());
        const std::int64_t open = row ? count->ColumnInt64(0) : 0;
        if (open >= static_cast<std::int64_t>(max_open)) {
            return false;
        }
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement insert, c.Cached(kInsert));
        MOTCUA_TRY(insert->BindAll(std::string_view(draft.id.value()),
                                   std::string_view(tenant),
                                   draft.owner.value(),
                                   std::string_view(draft.procedure_code),
                                   std::string_view(draft.agency_code),
                                   std::string_view(draft.answers),
                                   std::string_view(files),
                                   draft.version,
                                   std::string_view(created),
                                   std::string_view(updated),
                                   std::string_view(expires)));
        MOTCUA_TRY(insert->Bind(12, NullIfEmpty(draft.dossier_code)));
        MOTCUA_TRY(insert->Bind(13, submitted));
        MOTCUA_TRY(insert->Run());
        return true;
    });
}

Result<Draft> SqliteDraftStore::Get(const DraftId& id) {
    MOTCUA_ASSIGN_OR_RETURN(std::optional<Draft> found,
                            db_.Read([&](Connection& c) -> Result<std::optional<Draft>> {
                                MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(kSelectDraft));
                                MOTCUA_TRY(st->Bind(1, std::string_view(id.value())));
                                MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
                                if (!row) {
                                    return std::optional<Draft>{};
                                }
                                MOTCUA_ASSIGN_OR_RETURN(Draft d, ReadDraft(*st));
                                return std::optional<Draft>(std::move(d));
                            }));
    if (!found.has_value()) {
        return NotFound();
    }
    return std::move(*found);
}

Result<std::vector<Draft>> SqliteDraftStore::ListOpen(core::model::UserId owner,
                                                      Instant now,
                                                      std::size_t limit) {
    const std::string at = EncodeInstant(now);
    return db_.Read([&](Connection& c) -> Result<std::vector<Draft>> {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(kSelectOpen));
        MOTCUA_TRY(
            st->BindAll(owner.value(), std::string_view(at), static_cast<std::int64_t>(limit)));
        std::vector<Draft> out;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                break;
            }
            MOTCUA_ASSIGN_OR_RETURN(Draft d, ReadDraft(*st));
            out.push_back(std::move(d));
        }
        return out;
    });
}

Result<void> SqliteDraftStore::Replace(const Draft& draft, std::int64_t expected_version) {
    const std::string updated = EncodeInstant(draft.updated_at);
    const std::string expires = EncodeInstant(draft.expires_at);
    const std::string files = EncodeFiles(draft.attachments);
    const std::optional<std::string> submitted = OptionalInstant(draft.submitted_at);
    MOTCUA_TRY(db_.Write([&](Connection& c) -> Result<bool> {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(kReplace));
        MOTCUA_TRY(st->BindAll(std::string_view(draft.id.value()),
                               std::string_view(draft.agency_code),
                               std::string_view(draft.answers),
                               std::string_view(files),
                               draft.version,
                               std::string_view(updated),
                               std::string_view(expires)));
        MOTCUA_TRY(st->Bind(8, NullIfEmpty(draft.dossier_code)));
        MOTCUA_TRY(st->Bind(9, submitted));
        MOTCUA_TRY(st->Bind(10, expected_version));
        MOTCUA_TRY(st->Run());
        if (c.Changes() == 0) {
            MOTCUA_TRY(WhyUnchanged(c, draft.id, expected_version));
        }
        return true;
    }));
    return {};
}

Result<void> SqliteDraftStore::Discard(const DraftId& id,
                                       std::int64_t expected_version,
                                       Instant at) {
    const std::string when = EncodeInstant(at);
    MOTCUA_TRY(db_.Write([&](Connection& c) -> Result<bool> {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(kDiscard));
        MOTCUA_TRY(
            st->BindAll(std::string_view(id.value()), std::string_view(when), expected_version));
        MOTCUA_TRY(st->Run());
        if (c.Changes() == 0) {
            MOTCUA_TRY(WhyUnchanged(c, id, expected_version));
        }
        return true;
    }));
    return {};
}

Result<int> SqliteDraftStore::DiscardExpired(Instant now, int limit) {
    const std::string when = EncodeInstant(now);
    return db_.Write([&](Connection& c) -> Result<int> {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(kDiscardExpired));
        MOTCUA_TRY(st->BindAll(std::string_view(when), limit));
        MOTCUA_TRY(st->Run());
        return static_cast<int>(c.Changes());
    });
}

}  // namespace motcua::storage::sqlite
