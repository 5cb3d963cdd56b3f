#include "app/server_app.hpp"

#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "common/clock.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/workflow/dossier_service.hpp"
#include "http/api.hpp"
#include "http/authenticator.hpp"
#include "integrations/reports/report_formats.hpp"
#include "render/documents.hpp"
#include "storage/sqlite/attachment_store.hpp"
#include "storage/sqlite/dossier_queries.hpp"
#include "storage/sqlite/draft_store.hpp"
#include "storage/sqlite/kpi_store.hpp"

namespace motcua::app {

struct ServerApp::Parts {
    ServeConfig config;
    SystemClock clock;
    RandomKeys keys;
    Backend backend;
    std::unique_ptr<core::workflow::DossierService> dossiers;
    std::unique_ptr<storage::sqlite::SqliteDossierQueries> queries;
    std::unique_ptr<storage::sqlite::SqliteAttachmentStore> attachments;
    render::PdfDocumentRenderer documents;
    std::unique_ptr<storage::sqlite::SqliteKpiStore> kpi_store;
    std::unique_ptr<core::kpi::KpiService> kpi;
    integrations::reports::ReportWriters reports;
    Accounts accounts;
    std::unique_ptr<storage::sqlite::SqliteDraftStore> draft_store;
    std::unique_ptr<core::drafts::DraftService> drafts;
    std::unique_ptr<http::AccountAuthenticator> authenticator;
    std::unique_ptr<http::Api> api;
    http::Router router;
    std::unique_ptr<http::Server> server;
};

namespace {

using Json = nlohmann::json;

tl::unexpected<Error> BadKey(const std::string& key, std::string_view want) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("config: '{}' must be {}", key, want),
                fmt::format("Cấu hình: '{}' phải là {}", key, want),
                key);
}

// Reads `object[key]` into `out` when present; type errors name the key.
template <class T>
Result<void> Read(const Json& object, const std::string& prefix, const char* key, T& out) {
    const auto it = object.find(key);
    if (it == object.end()) {
        return {};
    }
    const std::string name = prefix + key;
    if constexpr (std::is_same_v<T, bool>) {
        if (!it->is_boolean()) {
            return BadKey(name, "true or false");
        }
        out = it->template get<bool>();
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!it->is_string()) {
            return BadKey(name, "a string");
        }
        out = it->template get<std::string>();
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!it->is_number() || it->template get<double>() < 0) {
            return BadKey(name, "a number ≥ 0");
        }
        out = it->template get<T>();
    } else {
        if (!it->is_number_integer() || it->template get<std::int64_t>() < 0) {
            return BadKey(name, "an integer ≥ 0");
        }
        out = static_cast<T>(it->template get<std::int64_t>());
    }
    return {};
}

Result<void> CheckKeys(const Json& object,
                       const std::string& prefix,
                       std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("config: unknown key '{}{}'", prefix, key),
                        fmt::format("Cấu hình: không có khóa '{}{}'", prefix, key),
                        prefix + key);
        }
    }
    return {};
}

Result<void> ReadLimit(const Json& root, const char* key, http::RateLimit& limit) {
    const auto it = root.find(key);
    if (it == root.end()) {
        return {};
    }
    const std::string prefix = std::string("rate_limits.") + key + ".";
    if (!it->is_object()) {
        return BadKey(prefix.substr(0, prefix.size() - 1), "an object");
    }
    MOTCUA_TRY(CheckKeys(*it, prefix, {"per_second", "burst"}));
    MOTCUA_TRY(Read(*it, prefix, "per_second", limit.per_second));
    MOTCUA_TRY(Read(*it, prefix, "burst", limit.burst));
    return {};
}

}  // namespace

Result<void> LoadServeConfig(const std::string& path, ServeConfig& config) {
    std::ifstream in(path);
    if (!in) {
        return Fail(ErrorCode::kNotFound,
                    fmt::format("cannot read config file {}", path),
                    fmt::format("Không đọc được tệp cấu hình {}", path));
    }
    const Json root = Json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded() || !root.is_object()) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("config file {} is not a JSON object", path),
                    fmt::format("Tệp cấu hình {} không phải đối tượng JSON", path));
    }
    MOTCUA_TRY(CheckKeys(root,
                         "",
                         {"address",
                          "port",
                          "io_threads",
                          "worker_threads",
                          "header_limit",
                          "json_body_limit",
                          "upload_limit",
                          "upload_dir",
                          "header_timeout_s",
                          "body_timeout_s",
                          "write_timeout_s",
                          "shutdown_grace_s",
                          "secure_cookies",
                          "public_base_url",
                          "access_log",
                          "web",
                          "attachments_dir",
                          "rate_limits",
                          "session_idle_minutes",
                          "session_lifetime_minutes",
                          "max_login_failures",
                          "lockout_minutes",
                          "argon2_memory_kib",
                          "argon2_iterations"}));
    http::ServerOptions& s = config.server;
    MOTCUA_TRY(Read(root, "", "address", s.address));
    MOTCUA_TRY(Read(root, "", "port", s.port));
    MOTCUA_TRY(Read(root, "", "io_threads", s.io_threads));
    MOTCUA_TRY(Read(root, "", "worker_threads", s.worker_threads));
    MOTCUA_TRY(Read(root, "", "header_limit", s.header_limit));
    MOTCUA_TRY(Read(root, "", "json_body_limit", s.json_body_limit));
    MOTCUA_TRY(Read(root, "", "upload_limit", s.upload_limit));
    MOTCUA_TRY(Read(root, "", "upload_dir", s.upload_dir));
    MOTCUA_TRY(Read(root, "", "secure_cookies", s.secure_cookies));
    std::int64_t seconds = 0;
    for (const auto& [key, field] : {std::pair{"header_timeout_s", &s.header_timeout},
                                     std::pair{"body_timeout_s", &s.body_timeout},
                                     std::pair{"write_timeout_s", &s.write_timeout},
                                     std::pair{"shutdown_grace_s", &s.shutdown_grace}}) {
        seconds = field->count();
        MOTCUA_TRY(Read(root, "", key, seconds));
        *field = std::chrono::seconds{seconds};
    }
    MOTCUA_TRY(Read(root, "", "public_base_url", config.public_base_url));
    MOTCUA_TRY(Read(root, "", "access_log", config.access_log));
    MOTCUA_TRY(Read(root, "", "web", config.web_dir));
    MOTCUA_TRY(Read(root, "", "attachments_dir", config.attachments_dir));
    if (const auto it = root.find("rate_limits"); it != root.end()) {
        if (!it->is_object()) {
            return BadKey("rate_limits", "an object");
        }
        MOTCUA_TRY(CheckKeys(*it, "rate_limits.", {"per_ip", "per_account", "login_per_ip"}));
        MOTCUA_TRY(ReadLimit(*it, "per_ip", s.per_ip));
        MOTCUA_TRY(ReadLimit(*it, "per_account", s.per_account));
        MOTCUA_TRY(ReadLimit(*it, "login_per_ip", s.login_per_ip));
    }
    std::int64_t minutes = config.accounts.session_idle_timeout.count();
    MOTCUA_TRY(Read(root, "", "session_idle_minutes", minutes));
    config.accounts.session_idle_timeout = std::chrono::minutes{minutes};
    minutes = config.accounts.session_lifetime.count();
    MOTCUA_TRY(Read(root, "", "session_lifetime_minutes", minutes));
    config.accounts.session_lifetime = std::chrono::minutes{minutes};
    MOTCUA_TRY(Read(root, "", "max_login_failures", config.accounts.max_login_failures));
    minutes = config.accounts.lockout.count();
    MOTCUA_TRY(Read(root, "", "lockout_minutes", minutes));
    config.accounts.lockout = std::chrono::minutes{minutes};
    MOTCUA_TRY(Read(root, "", "argon2_memory_kib", config.argon2.memory_kib));
    MOTCUA_TRY(Read(root, "", "argon2_iterations", config.argon2.iterations));
    return core::accounts::ValidatePolicy(config.accounts);
}

ServerApp::ServerApp(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

ServerApp::~ServerApp() {
    Stop();
}

Result<std::unique_ptr<ServerApp>> ServerApp::Start(const ServeConfig& config) {
    auto p = std::make_unique<Parts>();
    p->config = config;
    MOTCUA_TRY(core::accounts::ValidatePolicy(config.accounts));
    MOTCUA_ASSIGN_OR_RETURN(p->backend, OpenBackend(config.db));
    Backend& b = p->backend;
    MOTCUA_ASSIGN_OR_RETURN(
        p->attachments,
        storage::sqlite::SqliteAttachmentStore::Open(
            *b.db,
            config.attachments_dir.empty() ? config.db + ".files" : config.attachments_dir,
            p->clock));
    p->dossiers = std::make_unique<core::workflow::DossierService>(
        *b.directory, *b.store, p->clock, p->keys, p->attachments.get());
    p->queries = std::make_unique<storage::sqlite::SqliteDossierQueries>(*b.db);
    p->kpi_store = std::make_unique<storage::sqlite::SqliteKpiStore>(*b.db);
    p->kpi = std::make_unique<core::kpi::KpiService>(*p->kpi_store, p->clock);
    MOTCUA_ASSIGN_OR_RETURN(p->accounts, OpenAccounts(b, p->clock, config.accounts, config.argon2));
    p->authenticator = std::make_unique<http::AccountAuthenticator>(*p->accounts.service);
    p->draft_store = std::make_unique<storage::sqlite::SqliteDraftStore>(*b.db);
    p->drafts = std::make_unique<core::drafts::DraftService>(
        *p->draft_store, *b.directory, *p->accounts.random, p->clock, p->attachments.get());
    MOTCUA_TRY(p->drafts->PurgeExpired());  // answers of drafts that expired while stopped

    MOTCUA_ASSIGN_OR_RETURN(core::calendar::WorkingCalendar national,
                            core::calendar::BuiltinNationalCalendar());
    p->api = std::make_unique<http::Api>(http::Api{
        .dossiers = *p->dossiers,
        .accounts = *p->accounts.service,
        .directory = *b.directory,
        .catalog = *b.directory,
        .queries = *p->queries,
        .attachments = *p->attachments,
        .documents = p->documents,
        .kpi = *p->kpi,
        .reports = p->reports,
        .clock = p->clock,
        .national_calendar =
            std::make_shared<const core::calendar::WorkingCalendar>(std::move(national)),
        .verify_audit = {},
        .extra_metrics = {},
        .health = {},
        .public_base_url = config.public_base_url,
        .sim_messages = {},
        .secure_cookies = config.server.secure_cookies,
    });
    p->api->catalog_admin = b.directory.get();
    p->api->drafts = p->drafts.get();
    Parts* raw = p.get();
    p->api->verify_audit = [raw]() -> Result<http::Json> {
        MOTCUA_ASSIGN_OR_RETURN(const storage::sqlite::AuditReport report,
                                storage::sqlite::VerifyAuditChain(*raw->backend.db));
        return http::Json{
            {"intact", !report.first_broken_event.has_value()},
            {"events_checked", report.events_checked},
            {"first_broken_event",
             report.first_broken_event ? http::Json(*report.first_broken_event)
                                       : http::Json(nullptr)},
            {"problem", report.problem},
        };
    };
    p->api->health = [raw]() -> Result<void> {
        MOTCUA_TRY(raw->backend.db->Read([](storage::sqlite::Connection& c) -> Result<int> {
            MOTCUA_ASSIGN_OR_RETURN(storage::sqlite::CachedStatement st, c.Cached("SELECT 1"));
            MOTCUA_TRY(st->Step());
            return 1;
        }));
        return {};
    };
    p->api->extra_metrics = [raw](std::string& out) {
        const storage::sqlite::WriterStats w = raw->backend.db->writer().Stats();
        out += "# HELP motcua_writer_queue_depth Write jobs waiting for the group commit.\n";
        out += "# TYPE motcua_writer_queue_depth gauge\n";
        out += fmt::format("motcua_writer_queue_depth {}\n", w.queue_depth);
        out += "# HELP motcua_writer_batches_total Group-commit transactions.\n";
        out += "# TYPE motcua_writer_batches_total counter\n";
        out += fmt::format("motcua_writer_batches_total {}\n", w.batches);
        out += "# TYPE motcua_writer_jobs_total counter\n";
        out += fmt::format("motcua_writer_jobs_total {}\n", w.jobs);
        out +=
            "# HELP motcua_wal_flushes_total Flushes (fdatasync) of the write-ahead log that "
            "made commits durable.\n";
        out += "# TYPE motcua_wal_flushes_total counter\n";
        out += fmt::format("motcua_wal_flushes_total {}\n", w.flushes);
        out +=
            "# HELP motcua_wal_flush_failures_total Flushes of the write-ahead log that "
            "failed.\n";
        out += "# TYPE motcua_wal_flush_failures_total counter\n";
        out += fmt::format("motcua_wal_flush_failures_total {}\n", w.failed_flushes);
        out += "# HELP motcua_wal_flush_seconds_total Time spent flushing the write-ahead log.\n";
        out += "# TYPE motcua_wal_flush_seconds_total counter\n";
        out += fmt::format("motcua_wal_flush_seconds_total {:.6f}\n", w.flush_seconds);
        if (auto counts = raw->queries->StatusCounts()) {
            out += "# HELP motcua_dossiers Dossiers by national status.\n";
            out += "# TYPE motcua_dossiers gauge\n";
            for (const auto& [status, n] : *counts) {
                out += fmt::format("motcua_dossiers{{status=\"{}\",code=\"{}\"}} {}\n",
                                   core::workflow::StatusName(status),
                                   static_cast<int>(status),
                                   n);
            }
        }
    };

    if (config.accounts.allow_demo) {
        p->api->sim_messages = [raw](std::string_view to) -> Result<http::Json> {
            MOTCUA_ASSIGN_OR_RETURN(const auto messages,
                                    raw->accounts.notifications->Recent(to, 20));
            http::Json items = http::Json::array();
            for (const auto& m : messages) {
                items.push_back(
                    {{"channel",
                      m.channel == core::ports::NotificationChannel::kSms ? "sms" : "email"},
                     {"to", m.to},
                     {"subject", m.subject},
                     {"text", m.text},
                     {"sent_at",
                      core::calendar::FormatDateTime(core::calendar::ToLocal(m.created_at))}});
            }
            return http::Json{{"items", items}};
        };
    }
    std::shared_ptr<const http::StaticFiles> web;
    if (!config.web_dir.empty()) {
        MOTCUA_ASSIGN_OR_RETURN(web, http::LoadStaticFiles(config.web_dir));
    }
    http::ServerOptions options = config.server;
    if (config.access_log == "stderr") {
        options.access_log = std::make_shared<spdlog::logger>(
            "access", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    } else if (config.access_log != "off" && !config.access_log.empty()) {
        try {
            options.access_log = std::make_shared<spdlog::logger>(
                "access", std::make_shared<spdlog::sinks::basic_file_sink_mt>(config.access_log));
        } catch (const spdlog::spdlog_ex& e) {
            return Fail(ErrorCode::kUnavailable,
                        fmt::format("cannot open access log {}: {}", config.access_log, e.what()));
        }
    }
    if (options.access_log) {
        options.access_log->set_pattern("%Y-%m-%dT%H:%M:%S.%e %v");
    }
    http::AddRoutes(p->router, *p->api, [raw](std::string& out) {
        if (raw->server) {
            raw->server->metrics().Render(out);
        }
    });
    p->server = std::make_unique<http::Server>(options, p->router, *p->authenticator, web);
    MOTCUA_TRY(p->server->Start());
    return std::unique_ptr<ServerApp>(new ServerApp(std::move(p)));
}

std::uint16_t ServerApp::port() const {
    return parts_->server->port();
}

Backend& ServerApp::backend() {
    return parts_->backend;
}

core::accounts::AccountService& ServerApp::accounts() {
    return *parts_->accounts.service;
}

http::Server& ServerApp::server() {
    return *parts_->server;
}

const http::Router& ServerApp::router() const {
    return parts_->router;
}

void ServerApp::Stop() {
    if (parts_ && parts_->server) {
        parts_->server->Stop();
    }
}

}  // namespace motcua::app
