// Building blocks of the small province the storage tests seed: a province with agencies under
// it, the birth-registration procedure published by the first decision, a two-step process,
// birth submissions and counting verification keys. Each test composes the pieces it needs and
// adjusts what it relies on. Test-only.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/catalog/procedure.hpp"
#include "core/model/agency.hpp"
#include "core/ports/dossier_store.hpp"
#include "core/workflow/commands.hpp"
#include "core/workflow/process.hpp"
#include "storage/sqlite/directory.hpp"

namespace motcua::storage::testing {

inline constexpr const char* kProvince = "000.00.00.H99";     // "UBND tỉnh"
inline constexpr const char* kCommune = "000.00.21.H99";      // the default commune
inline constexpr const char* kBirth = "1.001193";             // Đăng ký khai sinh
inline constexpr const char* kFirstDecision = "100/QĐ-UBND";  // publishes the catalog

// Verification keys K0000001, K0000002, … Thread-safe.
class CountingKeys final : public core::ports::KeySource {
public:
    std::string NewVerificationKey() override;

private:
    std::atomic<int> next_{0};
};

// An agency with the given code, name, kind and parent (no calendar, no address).
core::model::Agency MakeAgency(const char* code,
                               const char* name,
                               core::model::AgencyKind kind,
                               std::optional<core::model::AgencyId> parent);

// An agency to seed under the province.
struct AgencySeed {
    const char* code;
    const char* name;
    core::model::AgencyKind kind;
};

// Saves the province (kProvince, "UBND tỉnh") and then `children` under it, in order. The
// province's id; the first failure of SaveAgency otherwise.
Result<core::model::AgencyId> SeedProvince(sqlite::SqliteDirectory& directory,
                                           const std::vector<AgencySeed>& children);

// A commune-level civil-status ("HT", "Hộ tịch") procedure version by default: implemented by
// "Ủy ban nhân dân cấp xã", one component (TP1 "Tờ khai"), settled in 5 working days, result
// "Kết quả", no fees.
core::catalog::ProcedureVersion MakeVersion(
    std::string code,
    std::string name,
    std::string sector_code = "HT",
    std::string sector_name = "Hộ tịch",
    core::catalog::ProcedureLevel level = core::catalog::ProcedureLevel::kCommune,
    core::catalog::OnlineLevel online = core::catalog::OnlineLevel::kFull);

// Birth registration (kBirth): MakeVersion with the components TP1 "Tờ khai đăng ký khai sinh"
// and TP2 "Giấy chứng sinh" (both originals, required), 3 working days, the fee "Lệ phí đăng ký
// khai sinh" of 8 000 đồng, result "Giấy khai sinh (bản chính)".
core::catalog::ProcedureVersion BirthVersion();

// A decision titled "Công bố thủ tục hành chính", issued by "Chủ tịch UBND tỉnh", signed and in
// force on the given ISO dates (which must parse).
core::catalog::PublicationDecision MakeDecision(std::string number,
                                                std::string_view signed_on,
                                                std::string_view effective_on,
                                                std::vector<core::catalog::DecisionItem> items);

// kFirstDecision, signed 2025-06-20, in force 2025-07-01, with `items`.
core::catalog::PublicationDecision FirstDecision(std::vector<core::catalog::DecisionItem> items);

// `procedure` at `agency` in two steps: "Thẩm định hồ sơ" by a specialist in 12 working hours,
// then "Phê duyệt" by the agency leader in 4.
core::workflow::InternalProcess TwoStepProcess(const char* procedure, const char* agency);

// A birth registration for Nguyễn Văn A (identity 001090000001, phone 0912345678, "Xã A") with
// TP1 and TP2, at `agency`, by `channel`, with the idempotency key `key`.
core::workflow::Submission BirthSubmission(core::workflow::Channel channel,
                                           std::string key = "",
                                           const char* agency = kCommune);

}  // namespace motcua::storage::testing
