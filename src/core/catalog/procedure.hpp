// The procedure catalog (thủ tục hành chính) as the province publishes it: versions of each
// procedure with the constituent parts of NĐ 63/2010 Đ8 (spec §6), and the publication decisions
// (quyết định công bố) that bring versions into force, amend, replace or abolish them.
//
// A procedure is available for new dossiers only while one of its published versions is in force;
// a dossier pins the version in force when it was received, so later changes never alter it.
// Pure values and functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/calendar/deadline.hpp"
#include "core/model/ids.hpp"

namespace motcua::core::catalog {

using calendar::DurationUnit;
using calendar::LocalDate;
using model::DecisionId;
using model::ProcedureVersionId;

// Cấp thực hiện.
enum class ProcedureLevel { kCentral, kProvince, kDistrict, kCommune };

// Dịch vụ công trực tuyến: none (information only), partial (một phần), full (toàn trình).
enum class OnlineLevel { kNone, kPartial, kFull };

std::string_view ProcedureLevelName(ProcedureLevel level);  // "province", …
[[nodiscard]] Result<ProcedureLevel> ParseProcedureLevel(std::string_view name);
std::string_view OnlineLevelName(OnlineLevel level);  // "none", "partial", "full"
[[nodiscard]] Result<OnlineLevel> ParseOnlineLevel(std::string_view name);
std::string_view DurationUnitName(DurationUnit unit);  // "working_days", "working_hours", "days"
[[nodiscard]] Result<DurationUnit> ParseDurationUnit(std::string_view name);

// Thành phần hồ sơ: one paper the applicant submits.
struct Component {
    std::string code;  // stable within the version, e.g. "TP1"
    std::string name;  // "Tờ khai đăng ký khai sinh"
    bool required = true;
    int copies = 1;            // số lượng bản
    bool original = false;     // bản chính (true) or copy (false)
    std::string template_url;  // mẫu đơn, tờ khai; empty when none

    bool operator==(const Component&) const = default;
};

// Phí, lệ phí.
struct Fee {
    std::string name;             // "Lệ phí đăng ký khai sinh"
    std::int64_t amount_vnd = 0;  // 0 = free
    std::string description;      // exemptions, per-page rules…

    bool operator==(const Fee&) const = default;
};

// One published version of a procedure.
struct ProcedureVersion {
    ProcedureVersionId id;
    std::string code;  // mã TTHC, e.g. "1.001193"
    int version = 1;   // 1, 2, … per code
    std::string name;  // tên TTHC
    std::string sector_code;
    std::string sector_name;  // lĩnh vực, e.g. "Hộ tịch"
    ProcedureLevel level = ProcedureLevel::kCommune;
    std::string implementing_agency;  // cơ quan thực hiện (kind of agency, as published)
    std::string competent_agency;     // cơ quan có thẩm quyền
    std::string steps;                // trình tự thực hiện (text)
    std::string subjects;             // đối tượng thực hiện
    std::string requirements;         // yêu cầu, điều kiện
    std::vector<Component> components;
    int deadline = 0;  // thời hạn giải quyết
    DurationUnit deadline_unit = DurationUnit::kWorkingDays;
    std::vector<Fee> fees;
    std::string legal_basis;  // căn cứ pháp lý
    std::string result;       // kết quả thực hiện
    OnlineLevel online_level = OnlineLevel::kNone;
    bool postal = false;  // nhận/trả qua bưu chính công ích
    DecisionId decision;  // the decision that published this version
    LocalDate effective_from;
    std::optional<LocalDate> effective_to;  // set when replaced or abolished (exclusive)

    bool operator==(const ProcedureVersion&) const = default;

    // In force on `date`: effective_from <= date < effective_to.
    bool InForceOn(LocalDate date) const;
};

// Checks one version's fields: code form d.dddddd, non-empty name and sector, deadline ≥ 0,
// components with unique non-empty codes and copies ≥ 1, fees ≥ 0. kInvalidArgument with the
// offending field (e.g. "components[2].code").
[[nodiscard]] Result<void> ValidateVersion(const ProcedureVersion& version);

enum class ChangeKind {
    kNew,        // công bố mới
    kAmended,    // sửa đổi, bổ sung
    kReplaced,   // thay thế (by another code)
    kAbolished,  // bãi bỏ
};
std::string_view ChangeKindName(ChangeKind kind);  // "new", "amended", "replaced", "abolished"
[[nodiscard]] Result<ChangeKind> ParseChangeKind(std::string_view name);

struct DecisionItem {
    ChangeKind kind = ChangeKind::kNew;
    std::string code;                         // the procedure concerned
    std::optional<ProcedureVersion> version;  // new content (kNew, kAmended, kReplaced)
    std::string replaced_code;                // kReplaced: the code it replaces
};

// Quyết định công bố.
struct PublicationDecision {
    DecisionId id;
    std::string number;  // "1234/QĐ-UBND"
    std::string title;   // trích yếu
    std::string issuer;  // "Chủ tịch UBND tỉnh"
    LocalDate signed_on;
    LocalDate effective_on;
    std::vector<DecisionItem> items;
};

// Applies a decision to the current versions (all versions ever published, any order):
// returns the versions to insert (new content, effective from the decision's effective date,
// version numbers continuing per code) and the ids of versions to close (effective_to set to the
// effective date). kFailedPrecondition when an item amends/abolishes a code with no version in
// force, or publishes as new a code that is in force; kInvalidArgument for invalid content.
struct DecisionEffect {
    std::vector<ProcedureVersion> to_insert;
    std::vector<std::pair<ProcedureVersionId, LocalDate>> to_close;
};

[[nodiscard]] Result<DecisionEffect> ApplyDecision(const PublicationDecision& decision,
                                                   std::span<const ProcedureVersion> existing);

// The version of `code` in force on `date`, or kNotFound ("procedure not in force").
[[nodiscard]] Result<const ProcedureVersion*>
VersionInForce(std::span<const ProcedureVersion> versions, std::string_view code, LocalDate date);

// Phân cấp / ủy quyền: from `from` the competent agency for `code` is `to_agency` instead of
// `from_agency` (NĐ 63/2010 as amended; decentralization and authorization records).
enum class DelegationKind { kDecentralization, kAuthorization };

struct Delegation {
    std::string procedure_code;
    std::string from_agency;  // agency code
    std::string to_agency;    // agency code
    DelegationKind kind = DelegationKind::kAuthorization;
    std::string decision_number;
    LocalDate effective_from;
    std::optional<LocalDate> effective_to;
};

// The agency competent for `code` on `date` starting from `agency`, following delegations in
// force (chains allowed, cycles refused with kFailedPrecondition).
[[nodiscard]] Result<std::string> CompetentAgency(std::span<const Delegation> delegations,
                                                  std::string_view code,
                                                  std::string_view agency,
                                                  LocalDate date);

// Rà soát, đơn giản hóa (TT 02/2017 Đ27): before/after deadline and compliance cost.
struct SimplificationReview {
    std::string procedure_code;
    std::string decision_number;  // the plan that approved the cut
    int deadline_before = 0;      // in the procedure's unit
    int deadline_after = 0;
    std::int64_t cost_before_vnd = 0;  // cost of one performance
    std::int64_t cost_after_vnd = 0;
    std::int64_t subjects_per_year = 0;  // đối tượng tuân thủ / năm
    int times_per_year = 1;              // số lần thực hiện / năm
};

struct SimplificationFigures {
    double deadline_cut_percent = 0;  // (before − after) / before × 100, 0 when before = 0
    double cost_cut_percent = 0;
    std::int64_t annual_cost_before_vnd = 0;  // cost × times × subjects
    std::int64_t annual_cost_after_vnd = 0;
    std::int64_t annual_saving_vnd = 0;
};

SimplificationFigures Figures(const SimplificationReview& review);

// Totals over the reviews of one decision (costs summed, percent of the sums).
SimplificationFigures TotalFigures(std::span<const SimplificationReview> reviews);

}  // namespace motcua::core::catalog
