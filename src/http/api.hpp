// The motcua JSON API: what each resource needs and the one function that registers every
// route (STYLE.md §6: routes are listed explicitly, here, and wired from app/).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/accounts/account_service.hpp"
#include "core/calendar/working_calendar.hpp"
#include "core/drafts/draft_service.hpp"
#include "core/kpi/kpi_service.hpp"
#include "core/ports/attachment_store.hpp"
#include "core/ports/catalog_admin.hpp"
#include "core/ports/catalog_queries.hpp"
#include "core/ports/document_renderer.hpp"
#include "core/ports/dossier_queries.hpp"
#include "core/ports/dossier_store.hpp"
#include "core/ports/report_formats.hpp"
#include "core/workflow/dossier_service.hpp"
#include "http/json_body.hpp"
#include "http/router.hpp"

namespace motcua::http {

// Everything the handlers use. References must outlive the router. Thread-safe services only.
struct Api {
    core::workflow::DossierService& dossiers;
    core::accounts::AccountService& accounts;
    core::ports::Directory& directory;
    core::ports::CatalogQueries& catalog;
    core::ports::DossierQueries& queries;
    core::ports::AttachmentStore& attachments;
    core::ports::DocumentRenderer& documents;
    core::kpi::KpiService& kpi;
    core::ports::ReportFormats& reports;
    const Clock& clock;
    // The national calendar, for calendar queries without an agency.
    std::shared_ptr<const core::calendar::WorkingCalendar> national_calendar;
    // Re-walks the audit chain: {"ok":bool, "events":n, "first_bad_event":…}.
    std::function<Result<Json>()> verify_audit;
    // Appends process-level gauges (writer queue, dossiers by status) to /metrics.
    std::function<void(std::string&)> extra_metrics;
    // Answers /healthz: database reachable and writable.
    std::function<Result<void>()> health;
    // Base URL printed in receipts' QR codes, e.g. "https://dichvucong.example.gov.vn".
    std::string public_base_url = "http://localhost:8080";
    // The SMS/e-mail gateway simulator's outbox: messages sent to `to` (all when empty), newest
    // first, as {"items":[{"channel","to","subject","text","sent_at"}]}. Null when the server
    // is not a demo (the route then answers 404).
    std::function<Result<Json>(std::string_view to)> sim_messages;
    // Session cookies carry Secure (set when served over TLS).
    bool secure_cookies = false;
    // The catalog administration (decisions, process versions, agency calendars); null: those
    // writes answer 503.
    core::ports::CatalogAdmin* catalog_admin = nullptr;
    // Server-side drafts of online submissions; null: the draft routes answer 503 and a
    // submission naming a draft is refused.
    core::drafts::DraftService* drafts = nullptr;
};

// Resolves session cookies and API tokens through the AccountService.
class AccountAuthenticator;

// Registers the sign-in, registration, token and account routes (auth_routes.cpp).
void AddAuthRoutes(Router& router, Api& api);

// Registers upload and download of attachments (attachment_routes.cpp).
void AddAttachmentRoutes(Router& router, Api& api);

// Registers the drafts of online submissions: /api/drafts… (draft_routes.cpp).
void AddDraftRoutes(Router& router, Api& api);

// The draft a submission body names in "draft_id", if any: checked to be the caller's and for
// the same procedure (kNotFound / kInvalidArgument), and the submission's idempotency key set to
// the draft's, so that one draft gives at most one dossier (draft_routes.cpp).
[[nodiscard]] Result<std::optional<core::ports::DraftId>> DraftOfSubmission(
    Api& api,
    const Request& request,
    const Json& body,
    core::workflow::Submission& submission);

// After the submission succeeded: marks the draft (when there is one) submitted as `dossier`.
[[nodiscard]] Result<void> MarkDraftSubmitted(Api& api,
                                              const Request& request,
                                              const std::optional<core::ports::DraftId>& id,
                                              const core::workflow::Dossier& dossier);

// Registers the printable documents of a dossier (document_routes.cpp).
void AddDocumentRoutes(Router& router, Api& api);

// Registers the indicators and reports (report_routes.cpp).
void AddReportRoutes(Router& router, Api& api);

// Registers the administration of the catalog, internal processes and agency calendars
// (admin_routes.cpp).
void AddAdminRoutes(Router& router, Api& api);

// Registers the lists: catalog search, agencies, versions, decisions, dossier queues
// (query_routes.cpp).
void AddQueryRoutes(Router& router, Api& api);

// Registers every route of the API on `router`. `metrics_text` renders the server's request
// metrics (the server exists after the router, so it is looked up late).
void AddRoutes(Router& router, Api& api, std::function<void(std::string&)> metrics_text);

// Role check for handlers: kPermissionDenied unless the caller has one of `roles`.
[[nodiscard]] Result<void> RequireRole(const Request& request,
                                       std::initializer_list<core::workflow::Role> roles);

}  // namespace motcua::http
