#include "core/catalog/procedure.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/enum_names.hpp"

namespace motcua::core::catalog {
namespace {

constexpr std::array<NamedValue<ProcedureLevel>, 4> kLevelNames = {{
    {ProcedureLevel::kCentral, "central"},
    {ProcedureLevel::kProvince, "province"},
    {ProcedureLevel::kDistrict, "district"},
    {ProcedureLevel::kCommune, "commune"},
}};

constexpr std::array<NamedValue<OnlineLevel>, 3> kOnlineNames = {{
    {OnlineLevel::kNone, "none"},
    {OnlineLevel::kPartial, "partial"},
    {OnlineLevel::kFull, "full"},
}};

constexpr std::array<NamedValue<DurationUnit>, 3> kUnitNames = {{
    {DurationUnit::kWorkingDays, "working_days"},
    {DurationUnit::kWorkingHours, "working_hours"},
    {DurationUnit::kCalendarDays, "days"},
}};

constexpr std::array<NamedValue<ChangeKind>, 4> kChangeNames = {{
    {ChangeKind::kNew, "new"},
    {ChangeKind::kAmended, "amended"},
    {ChangeKind::kReplaced, "replaced"},
    {ChangeKind::kAbolished, "abolished"},
}};

Error InvalidField(std::string field, std::string_view problem, std::string_view problem_vi) {
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("{}: {}", field, problem),
                 fmt::format("{}: {}", field, problem_vi),
                 std::move(field)};
}

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}

// Mã TTHC: one digit, a dot, six digits ("1.001193").
bool IsProcedureCode(std::string_view code) {
    if (code.size() != 8 || !IsDigit(code[0]) || code[1] != '.') {
        return false;
    }
    return std::all_of(code.begin() + 2, code.end(), IsDigit);
}

// Prefixes the field path of a content error with the decision item it came from.
Error InItem(Error error, std::size_t index) {
    const std::string prefix = fmt::format("items[{}].version.", index);
    error.message = prefix + error.message;
    if (!error.message_vi.empty()) {
        error.message_vi = prefix + error.message_vi;
    }
    error.field = prefix + error.field;
    return error;
}

Error ItemError(ErrorCode code,
                std::size_t index,
                std::string_view problem,
                std::string_view problem_vi) {
    return Error{code,
                 fmt::format("items[{}]: {}", index, problem),
                 fmt::format("items[{}]: {}", index, problem_vi),
                 fmt::format("items[{}]", index)};
}

// The catalog as ApplyDecision sees it. Each code appears in one item of a decision, so the
// items never see each other's effects and the existing versions are only read.
struct Ledger {
    std::span<const ProcedureVersion> versions;

    bool InForce(std::string_view code, LocalDate date) const {
        return std::any_of(versions.begin(), versions.end(), [&](const ProcedureVersion& v) {
            return v.code == code && v.InForceOn(date);
        });
    }

    int NextVersion(std::string_view code) const {
        int last = 0;
        for (const auto& v : versions) {
            if (v.code == code) {
                last = std::max(last, v.version);
            }
        }
        return last + 1;
    }

    // Closes every version of `code` in force on `date` (normally one).
    void Close(std::string_view code, LocalDate date, DecisionEffect& effect) const {
        for (const ProcedureVersion& v : versions) {
            if (v.code == code && v.InForceOn(date)) {
                effect.to_close.emplace_back(v.id, date);
            }
        }
    }
};

}  // namespace

std::string_view ProcedureLevelName(ProcedureLevel level) {
    return NameOf(kLevelNames, level);
}

Result<ProcedureLevel> ParseProcedureLevel(std::string_view name) {
    return ParseName(kLevelNames, name, "procedure level");
}

std::string_view OnlineLevelName(OnlineLevel level) {
    return NameOf(kOnlineNames, level);
}

Result<OnlineLevel> ParseOnlineLevel(std::string_view name) {
    return ParseName(kOnlineNames, name, "online service level");
}

std::string_view DurationUnitName(DurationUnit unit) {
    return NameOf(kUnitNames, unit);
}

Result<DurationUnit> ParseDurationUnit(std::string_view name) {
    return ParseName(kUnitNames, name, "duration unit");
}

std::string_view ChangeKindName(ChangeKind kind) {
    return NameOf(kChangeNames, kind);
}

Result<ChangeKind> ParseChangeKind(std::string_view name) {
    return ParseName(kChangeNames, name, "change kind");
}

bool ProcedureVersion::InForceOn(LocalDate date) const {
    return effective_from <= date && (!effective_to || date < *effective_to);
}

Result<void> ValidateVersion(const ProcedureVersion& version) {
    if (!IsProcedureCode(version.code)) {
        return tl::unexpected(InvalidField(
            "code",
            fmt::format("'{}' is not a procedure code of the form d.dddddd", version.code),
            fmt::format("'{}' không phải mã TTHC dạng d.dddddd", version.code)));
    }
    if (version.version < 1) {
        return tl::unexpected(InvalidField("version", "must be at least 1", "phải từ 1 trở lên"));
    }
    if (version.name.empty()) {
        return tl::unexpected(
            InvalidField("name", "must not be empty", "tên TTHC không được để trống"));
    }
    if (version.sector_name.empty()) {
        return tl::unexpected(
            InvalidField("sector_name", "must not be empty", "lĩnh vực không được để trống"));
    }
    if (version.deadline < 0) {
        return tl::unexpected(
            InvalidField("deadline", "must not be negative", "thời hạn giải quyết không được âm"));
    }
    std::set<std::string_view> codes;
    for (std::size_t i = 0; i < version.components.size(); ++i) {
        const Component& component = version.components[i];
        if (component.code.empty()) {
            return tl::unexpected(InvalidField(fmt::format("components[{}].code", i),
                                               "must not be empty",
                                               "mã giấy tờ không được để trống"));
        }
        if (!codes.insert(component.code).second) {
            return tl::unexpected(
                InvalidField(fmt::format("components[{}].code", i),
                             fmt::format("duplicate component code '{}'", component.code),
                             fmt::format("mã giấy tờ '{}' bị trùng", component.code)));
        }
        if (component.name.empty()) {
            return tl::unexpected(InvalidField(fmt::format("components[{}].name", i),
                                               "must not be empty",
                                               "tên giấy tờ không được để trống"));
        }
        if (component.copies < 1) {
            return tl::unexpected(InvalidField(fmt::format("components[{}].copies", i),
                                               "must be at least 1",
                                               "số lượng bản phải từ 1 trở lên"));
        }
    }
    for (std::size_t i = 0; i < version.fees.size(); ++i) {
        if (version.fees[i].amount_vnd < 0) {
            return tl::unexpected(InvalidField(fmt::format("fees[{}].amount_vnd", i),
                                               "must not be negative",
                                               "mức phí, lệ phí không được âm"));
        }
    }
    if (version.effective_to && *version.effective_to < version.effective_from) {
        return tl::unexpected(InvalidField("effective_to",
                                           "must not be before effective_from",
                                           "ngày hết hiệu lực không được trước ngày có hiệu lực"));
    }
    return {};
}

Result<DecisionEffect> ApplyDecision(const PublicationDecision& decision,
                                     std::span<const ProcedureVersion> existing) {
    if (decision.effective_on < decision.signed_on) {
        return tl::unexpected(InvalidField("effective_on",
                                           "a decision cannot take effect before it is signed",
                                           "quyết định không thể có hiệu lực trước ngày ký"));
    }
    if (decision.items.empty()) {
        return tl::unexpected(InvalidField(
            "items", "a decision must publish at least one item", "quyết định không có TTHC nào"));
    }

    // Every code may appear in one item only: the order of items is then irrelevant.
    std::set<std::string_view> concerned;
    for (std::size_t i = 0; i < decision.items.size(); ++i) {
        const DecisionItem& item = decision.items[i];
        const bool replaces = item.kind == ChangeKind::kReplaced;
        if (replaces && (item.replaced_code.empty() || item.replaced_code == item.code)) {
            return tl::unexpected(ItemError(ErrorCode::kInvalidArgument,
                                            i,
                                            "a replacement names the replaced code, other than "
                                            "its own",
                                            "TTHC thay thế phải nêu mã TTHC bị thay thế, khác mã "
                                            "của chính nó"));
        }
        if (!replaces && !item.replaced_code.empty()) {
            return tl::unexpected(ItemError(ErrorCode::kInvalidArgument,
                                            i,
                                            "only a replacement names a replaced code",
                                            "chỉ TTHC thay thế mới nêu mã TTHC bị thay thế"));
        }
        const bool has_content = item.kind != ChangeKind::kAbolished;
        if (has_content != item.version.has_value()) {
            return tl::unexpected(
                ItemError(ErrorCode::kInvalidArgument,
                          i,
                          has_content ? "the new content of the procedure is missing"
                                      : "an abolition carries no content",
                          has_content ? "thiếu nội dung TTHC" : "TTHC bãi bỏ không kèm nội dung"));
        }
        if (item.version && !item.version->code.empty() && item.version->code != item.code) {
            return tl::unexpected(ItemError(
                ErrorCode::kInvalidArgument,
                i,
                fmt::format(
                    "content has code '{}', item concerns '{}'", item.version->code, item.code),
                fmt::format(
                    "nội dung mang mã '{}', mục này là mã '{}'", item.version->code, item.code)));
        }
        const std::array<std::string_view, 2> codes = {item.code, item.replaced_code};
        for (const std::string_view code : codes) {
            if (!code.empty() && !concerned.insert(code).second) {
                return tl::unexpected(
                    ItemError(ErrorCode::kInvalidArgument,
                              i,
                              fmt::format("procedure {} appears in more than one item", code),
                              fmt::format("TTHC {} xuất hiện ở nhiều mục", code)));
            }
        }
    }

    const LocalDate date = decision.effective_on;
    const Ledger ledger{existing};
    DecisionEffect effect;
    for (std::size_t i = 0; i < decision.items.size(); ++i) {
        const DecisionItem& item = decision.items[i];
        const bool in_force = ledger.InForce(item.code, date);
        switch (item.kind) {
            case ChangeKind::kNew:
            case ChangeKind::kReplaced:
                if (in_force) {
                    return tl::unexpected(ItemError(
                        ErrorCode::kFailedPrecondition,
                        i,
                        fmt::format("procedure {} is already in force; amend it instead",
                                    item.code),
                        fmt::format("TTHC {} đang có hiệu lực; hãy sửa đổi, bổ sung", item.code)));
                }
                break;
            case ChangeKind::kAmended:
            case ChangeKind::kAbolished:
                if (!in_force) {
                    return tl::unexpected(
                        ItemError(ErrorCode::kFailedPrecondition,
                                  i,
                                  fmt::format("procedure {} is not in force", item.code),
                                  fmt::format("TTHC {} không còn hiệu lực", item.code)));
                }
                break;
        }
        if (item.kind == ChangeKind::kReplaced && !ledger.InForce(item.replaced_code, date)) {
            return tl::unexpected(ItemError(
                ErrorCode::kFailedPrecondition,
                i,
                fmt::format("replaced procedure {} is not in force", item.replaced_code),
                fmt::format("TTHC bị thay thế {} không còn hiệu lực", item.replaced_code)));
        }

        if (item.kind == ChangeKind::kAmended || item.kind == ChangeKind::kAbolished) {
            ledger.Close(item.code, date, effect);
        } else if (item.kind == ChangeKind::kReplaced) {
            ledger.Close(item.replaced_code, date, effect);
        }
        if (item.version) {
            ProcedureVersion version = *item.version;
            version.id = ProcedureVersionId{};
            version.code = item.code;
            version.version = ledger.NextVersion(item.code);
            version.decision = decision.id;
            version.effective_from = date;
            version.effective_to.reset();
            if (auto valid = ValidateVersion(version); !valid) {
                return tl::unexpected(InItem(std::move(valid).error(), i));
            }
            effect.to_insert.push_back(std::move(version));
        }
    }
    return effect;
}

Result<const ProcedureVersion*> VersionInForce(std::span<const ProcedureVersion> versions,
                                               std::string_view code,
                                               LocalDate date) {
    const ProcedureVersion* found = nullptr;
    for (const ProcedureVersion& v : versions) {
        // Two versions in force at once would be a data error; the later one wins.
        if (v.code == code && v.InForceOn(date) &&
            (found == nullptr || v.version > found->version)) {
            found = &v;
        }
    }
    if (found == nullptr) {
        return Fail(
            ErrorCode::kNotFound,
            fmt::format("procedure {} not in force on {}", code, calendar::FormatDate(date)),
            fmt::format(
                "TTHC {} không có hiệu lực vào ngày {}", code, calendar::FormatDateVi(date)));
    }
    return found;
}

Result<std::string> CompetentAgency(std::span<const Delegation> delegations,
                                    std::string_view code,
                                    std::string_view agency,
                                    LocalDate date) {
    std::vector<std::string_view> chain{agency};
    for (;;) {
        const std::string_view current = chain.back();
        const Delegation* next = nullptr;
        for (const Delegation& d : delegations) {
            const bool in_force =
                d.effective_from <= date && (!d.effective_to || date < *d.effective_to);
            if (!in_force || d.procedure_code != code || d.from_agency != current) {
                continue;
            }
            if (next != nullptr && next->to_agency != d.to_agency) {
                return Fail(ErrorCode::kFailedPrecondition,
                            fmt::format("procedure {}: agency {} delegates to both {} ({}) and "
                                        "{} ({}) on {}",
                                        code,
                                        current,
                                        next->to_agency,
                                        next->decision_number,
                                        d.to_agency,
                                        d.decision_number,
                                        calendar::FormatDate(date)),
                            fmt::format("TTHC {}: cơ quan {} đồng thời phân cấp/ủy quyền cho {} "
                                        "và {}",
                                        code,
                                        current,
                                        next->to_agency,
                                        d.to_agency));
            }
            next = &d;
        }
        if (next == nullptr) {
            return std::string(current);
        }
        const bool seen = std::find(chain.begin(), chain.end(), next->to_agency) != chain.end();
        chain.emplace_back(next->to_agency);
        if (seen) {
            const std::string path = fmt::format("{}", fmt::join(chain, " → "));
            return Fail(ErrorCode::kFailedPrecondition,
                        fmt::format("procedure {}: delegations form a cycle on {}: {}",
                                    code,
                                    calendar::FormatDate(date),
                                    path),
                        fmt::format("TTHC {}: phân cấp/ủy quyền vòng tròn: {}", code, path));
        }
    }
}

namespace {

double CutPercent(double before, double after) {
    if (before == 0) {
        return 0;
    }
    return (before - after) / before * 100.0;
}

}  // namespace

SimplificationFigures Figures(const SimplificationReview& review) {
    SimplificationFigures figures;
    figures.deadline_cut_percent = CutPercent(review.deadline_before, review.deadline_after);
    figures.cost_cut_percent = CutPercent(static_cast<double>(review.cost_before_vnd),
                                          static_cast<double>(review.cost_after_vnd));
    const std::int64_t performances = review.subjects_per_year * review.times_per_year;
    figures.annual_cost_before_vnd = review.cost_before_vnd * performances;
    figures.annual_cost_after_vnd = review.cost_after_vnd * performances;
    figures.annual_saving_vnd = figures.annual_cost_before_vnd - figures.annual_cost_after_vnd;
    return figures;
}

// Deadlines are summed as given (the reviews of one plan normally share a unit); the cost cut
// is the cut of the summed annual costs, so that procedures weigh by how often they are used.
SimplificationFigures TotalFigures(std::span<const SimplificationReview> reviews) {
    SimplificationFigures total;
    std::int64_t deadline_before = 0;
    std::int64_t deadline_after = 0;
    for (const SimplificationReview& review : reviews) {
        const SimplificationFigures one = Figures(review);
        deadline_before += review.deadline_before;
        deadline_after += review.deadline_after;
        total.annual_cost_before_vnd += one.annual_cost_before_vnd;
        total.annual_cost_after_vnd += one.annual_cost_after_vnd;
        total.annual_saving_vnd += one.annual_saving_vnd;
    }
    total.deadline_cut_percent =
        CutPercent(static_cast<double>(deadline_before), static_cast<double>(deadline_after));
    total.cost_cut_percent = CutPercent(static_cast<double>(total.annual_cost_before_vnd),
                                        static_cast<double>(total.annual_cost_after_vnd));
    return total;
}

}  // namespace motcua::core::catalog
