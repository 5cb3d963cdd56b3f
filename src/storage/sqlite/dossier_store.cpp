#include "storage/sqlite/dossier_store.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <utility>

#include <fmt/format.h>

#include "core/catalog/text_fold.hpp"
#include "core/workflow/apply.hpp"
#include "storage/common/audit_hash.hpp"
#include "storage/common/dossier_code.hpp"
#include "storage/common/json_codec.hpp"
#include "storage/common/public_lines.hpp"
#include "storage/sqlite/internal/dossier_rows.hpp"
#include "storage/sqlite/internal/kpi_counters.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace wf = core::workflow;
using Hash = AuditHash;
using internal::IndexNames;
using internal::kPublicColumnCount;
using internal::kPublicColumns;
using internal::PublicFieldsAt;
using internal::PublicViewAt;
using internal::UpdateProjection;
using internal::WriteProjection;

constexpr std::string_view kSelectBody = "SELECT body FROM dossiers WHERE id = ?1";

Result<wf::Dossier> LoadOne(Connection& c, std::string_view sql, auto&& key) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(sql));
    MOTCUA_TRY(st->Bind(1, key));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
    if (!row) {
        return Fail(ErrorCode::kNotFound, "dossier not found", "không tìm thấy hồ sơ");
    }
    return DecodeDossier(st->ColumnText(0));
}

Result<std::string> NextCode(Connection& c, const std::string& agency, wf::LocalDateTime at) {
    const std::string day = CounterDay(at);
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached("INSERT INTO dossier_counters(agency_code, day, last) VALUES(?1, ?2, 1) "
                 "ON CONFLICT(agency_code, day) DO UPDATE SET last = last + 1 RETURNING last"));
    MOTCUA_TRY(st->BindAll(std::string_view(agency), std::string_view(day)));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
    if (!row) {
        return Fail(ErrorCode::kInternal, "dossier counter returned no row");
    }
    return DossierCode(agency, day, st->ColumnInt64(0));
}

Result<Hash> LastHash(Connection& c) {
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached("SELECT hash FROM audit_chain ORDER BY event_id DESC LIMIT 1"));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
    Hash h{};
    if (row) {
        const std::span<const std::byte> blob = st->ColumnBlob(0);
        if (blob.size() != h.size()) {
            return Fail(ErrorCode::kInternal, "audit chain hash of the wrong size");
        }
        std::copy(blob.begin(), blob.end(), h.begin());
    }
    return h;
}

// `encoded[i]` is EncodeEvent(events[i]), or empty to encode here.
Result<void> AppendEvents(Connection& c,
                          const std::vector<wf::Event>& events,
                          const std::vector<std::string>& encoded) {
    MOTCUA_ASSIGN_OR_RETURN(Hash prev, LastHash(c));
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement insert,
        c.Cached("INSERT INTO events(dossier_id, seq, type, at, data) VALUES(?1, ?2, ?3, ?4, ?5)"));
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement chain,
        c.Cached("INSERT INTO audit_chain(event_id, prev_hash, hash) VALUES(?1, ?2, ?3)"));
    for (std::size_t i = 0; i < events.size(); ++i) {
        const wf::Event& e = events[i];
        const std::string data = encoded[i].empty() ? EncodeEvent(e) : encoded[i];
        MOTCUA_TRY(insert->BindAll(e.dossier.value(),
                                   e.seq,
                                   wf::EventTypeName(e.data),
                                   std::string_view(EncodeTime(e.at)),
                                   std::string_view(data)));
        MOTCUA_TRY(insert->Run());
        insert->Reset();
        const std::int64_t event_id = c.LastInsertRowId();
        const Hash hash = AuditChainHash(prev, data);
        MOTCUA_TRY(chain->BindAll(
            event_id, std::span<const std::byte>(prev), std::span<const std::byte>(hash)));
        MOTCUA_TRY(chain->Run());
        chain->Reset();
        prev = hash;
    }
    return {};
}

}  // namespace

void SqliteDossierStore::FactStage::Stage(std::vector<core::kpi::Fact> facts) {
    if (job_.empty()) {
        job_ = std::move(facts);
    } else {
        job_.insert(job_.end(),
                    std::make_move_iterator(facts.begin()),
                    std::make_move_iterator(facts.end()));
    }
}

void SqliteDossierStore::FactStage::StageName(std::int64_t dossier_id, std::string folded_name) {
    job_names_.emplace_back(dossier_id, std::move(folded_name));
}

void SqliteDossierStore::FactStage::EndJob(bool kept) {
    if (kept && !job_.empty()) {
        kept_.insert(kept_.end(),
                     std::make_move_iterator(job_.begin()),
                     std::make_move_iterator(job_.end()));
    }
    if (kept && !job_names_.empty()) {
        kept_names_.insert(kept_names_.end(),
                           std::make_move_iterator(job_names_.begin()),
                           std::make_move_iterator(job_names_.end()));
    }
    job_.clear();
    job_names_.clear();
}

Result<void> SqliteDossierStore::FactStage::Flush(Connection& connection) {
    if (!kept_names_.empty()) {
        const std::vector<Name> names = std::move(kept_names_);
        kept_names_.clear();
        MOTCUA_TRY(IndexNames(connection, names));
    }
    if (kept_.empty()) {
        return {};
    }
    std::vector<core::kpi::Fact> facts = std::move(kept_);
    kept_.clear();
    MOTCUA_ASSIGN_OR_RETURN(const std::size_t rows,
                            internal::StagePendingFacts(connection, std::move(facts)));
    pending_rows_ += rows;
    if (pending_rows_ < kFoldEvery) {
        return {};
    }
    // If this transaction is rolled back after all, the rows stay for a later fold.
    pending_rows_ = 0;
    MOTCUA_TRY(internal::FoldPendingFacts(connection));
    return {};
}

void SqliteDossierStore::FactStage::Clear() {
    job_.clear();
    kept_.clear();
    job_names_.clear();
    kept_names_.clear();
}

Result<core::kpi::ProcedureTraits> SqliteDossierStore::Traits(Connection& c,
                                                              core::model::ProcedureVersionId id) {
    {
        const std::lock_guard lock(traits_mutex_);
        if (const auto it = traits_.find(id.value()); it != traits_.end()) {
            return it->second;
        }
    }
    MOTCUA_ASSIGN_OR_RETURN(core::kpi::ProcedureTraits traits, internal::TraitsOf(c, id));
    // An absent version gets defaults; they are not kept, so a version published later is read.
    if (!traits.sector_code.empty()) {
        const std::lock_guard lock(traits_mutex_);
        if (traits_.size() >= 4096) {
            traits_.clear();
        }
        traits_.emplace(id.value(), traits);
    }
    return traits;
}

void SqliteDossierStore::Remember(const wf::Dossier& dossier) {
    const std::lock_guard lock(mutex_);
    if (cache_.size() >= cache_size_) {
        cache_.clear();
    }
    cache_.insert_or_assign(dossier.id.value(), dossier);
}

Result<wf::Dossier> SqliteDossierStore::Load(core::model::DossierId id) {
    {
        const std::lock_guard lock(mutex_);
        if (const auto it = cache_.find(id.value()); it != cache_.end()) {
            return it->second;
        }
    }
    return db_.ReadLatest([&](Connection& c) { return LoadOne(c, kSelectBody, id.value()); });
}

Result<wf::Dossier> SqliteDossierStore::LoadByCode(std::string_view code) {
    return db_.ReadLatest([&](Connection& c) {
        return LoadOne(c, "SELECT body FROM dossiers WHERE code = ?1", code);
    });
}

Result<std::optional<wf::Dossier>> SqliteDossierStore::FindByIdempotencyKey(std::string_view key) {
    auto found = db_.ReadLatest([&](Connection& c) -> Result<std::optional<wf::Dossier>> {
        auto d = LoadOne(c, "SELECT body FROM dossiers WHERE idempotency_key = ?1", key);
        if (!d) {
            if (d.error().code == ErrorCode::kNotFound) {
                return std::optional<wf::Dossier>{};
            }
            return tl::unexpected(d.error());
        }
        return std::optional<wf::Dossier>(std::move(*d));
    });
    if (found && found->has_value()) {
        // The replay answers "created" for the original: only once the original is durable.
        db_.AwaitDurable();
    }
    return found;
}

Result<std::vector<wf::Event>> SqliteDossierStore::Events(core::model::DossierId id) {
    return db_.ReadLatest([&](Connection& c) -> Result<std::vector<wf::Event>> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT data FROM events WHERE dossier_id = ?1 ORDER BY seq"));
        MOTCUA_TRY(st->Bind(1, id.value()));
        std::vector<wf::Event> events;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                break;
            }
            MOTCUA_ASSIGN_OR_RETURN(wf::Event e, DecodeEvent(st->ColumnText(0)));
            events.push_back(std::move(e));
        }
        return events;
    });
}

Result<wf::PublicView> SqliteDossierStore::ReadPublicView(std::string_view code, bool raw) {
    static const std::string sql =
        fmt::format("SELECT {} FROM dossiers WHERE code = ?1", kPublicColumns);
    // One statement: its own snapshot, without a BEGIN/COMMIT around it.
    return db_.ReadOne([&](Connection& c) -> Result<wf::PublicView> {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(sql));
        MOTCUA_TRY(st->Bind(1, code));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            return Fail(ErrorCode::kNotFound, "dossier not found", "không tìm thấy hồ sơ");
        }
        if (!raw) {
            return PublicViewAt(*st, 0);
        }
        MOTCUA_ASSIGN_OR_RETURN(wf::PublicView v, PublicFieldsAt(*st, 0));
        v.timeline_json = std::string(st->ColumnText(kPublicColumnCount - 1));
        return v;
    });
}

Result<wf::PublicView> SqliteDossierStore::LoadPublicView(std::string_view code) {
    return ReadPublicView(code, false);
}

Result<wf::PublicView> SqliteDossierStore::LoadPublicViewRaw(std::string_view code) {
    return ReadPublicView(code, true);
}

Result<core::ports::AppendResult> SqliteDossierStore::Append(core::ports::AppendRequest r) {
    const std::string& tenant = db_.tenant();
    // Encode here, keeping the writer thread (the one serial point) for the database work. An
    // existing dossier is known in full; a new one gets its id and code in the transaction, so
    // it is encoded without them and completed there.
    std::vector<std::string> encoded(r.events.size());
    std::string body;
    std::vector<PendingJson> pending_events;
    PendingJson pending_body;
    const std::string public_lines = PublicTimelineLines(r.events, r.projection);
    if (r.dossier.has_value()) {
        r.projection.id = *r.dossier;
        for (std::size_t i = 0; i < r.events.size(); ++i) {
            r.events[i].dossier = *r.dossier;
            encoded[i] = EncodeEvent(r.events[i]);
        }
        body = EncodeDossier(r.projection);
    } else {
        r.projection.id = core::model::DossierId{};
        pending_events.reserve(r.events.size());
        for (wf::Event& e : r.events) {
            e.dossier = core::model::DossierId{};
            pending_events.push_back(PendingEventJson(e));
        }
        pending_body = PendingDossierJson(r.projection);
    }
    // The projection the events were decided on, for their KPI facts and to skip the step rows
    // they leave as they are: a new dossier starts empty; an existing one is usually the cached
    // copy (else, for the facts, it is read in the transaction).
    std::optional<wf::Dossier> before;
    std::string folded;
    if (!r.dossier.has_value()) {
        before.emplace();
        folded = core::catalog::FoldVietnamese(r.projection.applicant.name);
    } else {
        const std::lock_guard lock(mutex_);
        if (const auto it = cache_.find(r.dossier->value());
            it != cache_.end() && it->second.version == r.expected_version) {
            before = it->second;
        }
    }
    auto appended = db_.Write(
        [&](Connection& c) -> Result<core::ports::AppendResult> {
            wf::Dossier& d = r.projection;
            if (r.events.empty()) {
                return Fail(ErrorCode::kInvalidArgument, "nothing to append");
            }
            if (!r.dossier.has_value()) {
                auto* submitted = std::get_if<wf::Submitted>(&r.events.front().data);
                if (submitted == nullptr || r.expected_version != 0) {
                    return Fail(ErrorCode::kInvalidArgument,
                                "a new dossier must start with its submission");
                }
                if (submitted->code.empty()) {
                    MOTCUA_ASSIGN_OR_RETURN(
                        submitted->code, NextCode(c, submitted->agency_code, r.events.front().at));
                }
                d.code = submitted->code;
                // Reserve the id: the row is written in full below.
                MOTCUA_ASSIGN_OR_RETURN(CachedStatement id_st,
                                        c.Cached("SELECT coalesce(max(id), 0) + 1 FROM dossiers"));
                MOTCUA_ASSIGN_OR_RETURN(const bool row, id_st->Step());
                (void)row;
                d.id = core::model::DossierId{id_st->ColumnInt64(0)};
            } else {
                MOTCUA_ASSIGN_OR_RETURN(CachedStatement v,
                                        c.Cached("SELECT version FROM dossiers WHERE id = ?1"));
                MOTCUA_TRY(v->Bind(1, r.dossier->value()));
                MOTCUA_ASSIGN_OR_RETURN(const bool row, v->Step());
                if (!row) {
                    return Fail(ErrorCode::kNotFound, "dossier not found", "không tìm thấy hồ sơ");
                }
                if (v->ColumnInt64(0) != r.expected_version) {
                    return Fail(ErrorCode::kConflict,
                                fmt::format("dossier {} changed concurrently (version {}, expected "
                                            "{})",
                                            d.code,
                                            v->ColumnInt64(0),
                                            r.expected_version),
                                "hồ sơ vừa được người khác cập nhật; vui lòng tải lại");
                }
                d.id = *r.dossier;
                if (kpi_counters_ && !before.has_value()) {
                    // Read before the projection row is rewritten below.
                    MOTCUA_ASSIGN_OR_RETURN(before, LoadOne(c, kSelectBody, r.dossier->value()));
                }
            }
            for (wf::Event& e : r.events) {
                e.dossier = d.id;
            }
            for (std::size_t i = 0; i < pending_events.size(); ++i) {
                if (pending_events[i].ok) {
                    encoded[i] = CompleteJson(pending_events[i], d.id.value(), d.code);
                }
            }
            if (pending_body.ok) {
                body = CompleteJson(pending_body, d.id.value(), d.code);
            }
            if (body.empty()) {
                body = EncodeDossier(d);
            }
            if (r.dossier.has_value()) {
                MOTCUA_TRY(UpdateProjection(c,
                                            d,
                                            body,
                                            public_lines,
                                            r.events.front().at,
                                            before.has_value() ? &*before : nullptr));
            } else {
                MOTCUA_TRY(WriteProjection(c, tenant, d, body, folded, "[" + public_lines + "]"));
                // Staged: the batch's new names go to the index together, before its COMMIT.
                if (db_.writer().Enlist(facts_)) {
                    facts_.StageName(d.id.value(), folded);
                } else {
                    const std::array<std::pair<std::int64_t, std::string>, 1> name{
                        std::pair{d.id.value(), folded}};
                    MOTCUA_TRY(IndexNames(c, name));
                }
            }
            MOTCUA_TRY(AppendEvents(c, r.events, encoded));
            if (kpi_counters_) {
                // Staged: written with the facts of the whole batch before its COMMIT.
                MOTCUA_ASSIGN_OR_RETURN(const core::kpi::ProcedureTraits traits,
                                        Traits(c, internal::FactsVersion(*before, r.events)));
                std::vector<core::kpi::Fact> facts =
                    r.events.empty() ? std::vector<core::kpi::Fact>{}
                                     : core::kpi::FactsOf(*before, r.events, traits);
                if (db_.writer().Enlist(facts_)) {
                    facts_.Stage(std::move(facts));
                } else {
                    MOTCUA_TRY(internal::AddFacts(c, facts));
                }
            }
            MOTCUA_ASSIGN_OR_RETURN(
                CachedStatement out,
                c.Cached("INSERT INTO outbox(topic, key, dossier_id, event_seq, created_at) "
                         "VALUES(?1, ?2, ?3, ?4, ?5)"));
            for (const core::ports::OutboxMessage& m : r.outbox) {
                MOTCUA_TRY(out->BindAll(std::string_view(m.topic),
                                        std::string_view(fmt::format("{}#{}", d.code, m.event_seq)),
                                        d.id.value(),
                                        m.event_seq,
                                        std::string_view(EncodeTime(r.events.back().at))));
                MOTCUA_TRY(out->Run());
                out->Reset();
            }
            return core::ports::AppendResult{d.id, d.code, d.version};
        },
        JobOptions{.keeps_stages = true});
    if (appended) {
        Remember(r.projection);
    } else {
        const std::lock_guard lock(mutex_);
        if (r.dossier.has_value()) {
            cache_.erase(r.dossier->value());
        }
    }
    return appended;
}

}  // namespace motcua::storage::sqlite
