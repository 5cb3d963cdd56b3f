#include "integrations/tthc/catalog_json.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "core/catalog/text_fold.hpp"

namespace motcua::integrations::tthc {
namespace {

using core::catalog::Component;
using core::catalog::DurationUnit;
using core::catalog::Fee;
using core::catalog::FoldVietnamese;
using core::catalog::OnlineLevel;
using core::catalog::ProcedureLevel;
using core::catalog::ProcedureVersion;
using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// Channels (KÊNH) of CACHTHUCTHUCHIEN.
constexpr std::int64_t kChannelCounter = 1;  // trực tiếp
constexpr std::int64_t kChannelOnline = 2;   // trực tuyến
constexpr std::int64_t kChannelPostal = 3;   // bưu chính công ích

constexpr std::string_view kCurrency = "Đồng";

// ---------------------------------------------------------------------------------------------
// Labels

template <class Enum>
struct Label {
    Enum value;
    std::string_view label;                  // written
    std::array<std::string_view, 5> folded;  // accepted, after FoldVietnamese
};

constexpr std::array<Label<ProcedureLevel>, 4> kLevelLabels = {{
    {ProcedureLevel::kCentral,
     "Cấp Bộ",
     {"cap bo", "bo", "cap trung uong", "trung uong", "central"}},
    {ProcedureLevel::kProvince, "Cấp Tỉnh", {"cap tinh", "tinh", "province"}},
    {ProcedureLevel::kDistrict, "Cấp Huyện", {"cap huyen", "huyen", "district"}},
    {ProcedureLevel::kCommune, "Cấp Xã", {"cap xa", "xa", "commune"}},
}};

constexpr std::array<Label<DurationUnit>, 3> kUnitLabels = {{
    {DurationUnit::kWorkingDays, "Ngày làm việc", {"ngay lam viec", "working days"}},
    {DurationUnit::kCalendarDays, "Ngày", {"ngay", "days", "calendar days", "ngay tu nhien"}},
    {DurationUnit::kWorkingHours, "Giờ", {"gio", "gio lam viec", "working hours", "hours"}},
}};

constexpr std::array<Label<OnlineLevel>, 3> kOnlineLabels = {{
    {OnlineLevel::kFull, "Toàn trình", {"toan trinh", "full", "dvc truc tuyen toan trinh"}},
    {OnlineLevel::kPartial, "Một phần", {"mot phan", "partial", "dvc truc tuyen mot phan"}},
    {OnlineLevel::kNone, "Cung cấp thông tin", {"cung cap thong tin", "none", "khong"}},
}};

template <class Enum, std::size_t N>
std::string_view LabelOf(const std::array<Label<Enum>, N>& table, Enum value) {
    for (const auto& entry : table) {
        if (entry.value == value) {
            return entry.label;
        }
    }
    return {};
}

template <class Enum, std::size_t N>
Result<Enum> ParseLabel(const std::array<Label<Enum>, N>& table,
                        std::string_view text,
                        std::string_view what) {
    const std::string folded = FoldVietnamese(text);
    for (const auto& entry : table) {
        for (const std::string_view accepted : entry.folded) {
            if (!accepted.empty() && accepted == folded) {
                return entry.value;
            }
        }
    }
    std::string known;
    for (const auto& entry : table) {
        known += known.empty() ? "" : ", ";
        known += entry.label;
    }
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("unknown {} '{}' (expected {})", what, text, known),
                fmt::format("giá trị '{}' không hợp lệ (cần một trong: {})", text, known));
}

// ---------------------------------------------------------------------------------------------
// Text helpers

std::vector<std::string_view> SplitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    if (text.empty()) {
        return lines;
    }
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            return lines;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

// The number of a legal document cited in `line` ("60/2014/QH13", "123/2015/NĐ-CP"): the first
// word that starts with a digit, contains '/' and a letter (so that dates are skipped).
std::string_view DocumentNumber(std::string_view line) {
    std::size_t pos = 0;
    while (pos < line.size()) {
        const std::size_t end = std::min(line.find(' ', pos), line.size());
        std::string_view word = line.substr(pos, end - pos);
        pos = end + 1;
        while (!word.empty() && (word.front() == '(' || word.front() == '"')) {
            word.remove_prefix(1);
        }
        while (!word.empty() && std::string_view(",.;:)\"").find(word.back()) != word.npos) {
            word.remove_suffix(1);
        }
        const bool has_letter = std::any_of(word.begin(), word.end(), [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || byte >= 0x80;
        });
        if (!word.empty() && word.front() >= '0' && word.front() <= '9' &&
            word.find('/') != word.npos && has_letter) {
            return word;
        }
    }
    return {};
}

// A template reference is either a URL (written to URL, its file name to TENMAUDON) or the name
// of a form (written to TENMAUDON only).
bool IsUrl(std::string_view reference) {
    return reference.find("://") != std::string_view::npos;
}

std::string_view FileName(std::string_view url) {
    const std::size_t slash = url.find_last_of('/');
    return slash == std::string_view::npos ? url : url.substr(slash + 1);
}

std::string JoinPath(std::string_view parent, std::string_view key) {
    return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

std::string IndexPath(std::string_view path, std::size_t index) {
    return fmt::format("{}[{}]", path, index);
}

// ---------------------------------------------------------------------------------------------
// Reading one record

// Reads one record, remembering where each part came from so that errors of
// catalog::ValidateVersion can be reported at the JSON path.
class RecordReader {
public:
    explicit RecordReader(std::size_t index) : index_(index) {}

    Result<ProcedureVersion> Read(const Json& record) {
        if (!record.is_object()) {
            return tl::unexpected(
                Invalid("",
                        fmt::format("expected an object, got {}", record.type_name()),
                        fmt::format("cần một đối tượng, gặp {}", record.type_name())));
        }
        ProcedureVersion v;
        MOTCUA_ASSIGN_OR_RETURN(v.code, String(record, "", "MATTHC", true));
        MOTCUA_ASSIGN_OR_RETURN(v.name, String(record, "", "TENTTHC", true));
        MOTCUA_TRY(ReadSector(record, v));
        MOTCUA_ASSIGN_OR_RETURN(const std::string level, String(record, "", "CAPTHUCHIEN", true));
        auto parsed_level = ParseProcedureLevelLabel(level);
        if (!parsed_level) {
            return tl::unexpected(Invalid("CAPTHUCHIEN", parsed_level.error()));
        }
        v.level = *parsed_level;
        MOTCUA_ASSIGN_OR_RETURN(v.implementing_agency,
                                JoinedList(record, "COQUANTHUCHIEN", "TENDONVI", "; "));
        MOTCUA_ASSIGN_OR_RETURN(v.competent_agency, String(record, "", "COQUANCOTHAMQUYEN", false));
        MOTCUA_ASSIGN_OR_RETURN(v.steps, ReadSteps(record));
        MOTCUA_TRY(ReadChannels(record, v));
        MOTCUA_TRY(ReadComponents(record, v));
        MOTCUA_ASSIGN_OR_RETURN(v.result, JoinedList(record, "KETQUATHUCHIEN", "TENKETQUA", "; "));
        MOTCUA_ASSIGN_OR_RETURN(v.legal_basis, ReadLegalBasis(record));
        MOTCUA_ASSIGN_OR_RETURN(v.requirements, String(record, "", "YEUCAU", false));
        MOTCUA_ASSIGN_OR_RETURN(v.subjects, String(record, "", "MOTADOITUONGTHUCHIEN", false));
        MOTCUA_TRY(ReadExtensions(record, v));

        if (auto valid = core::catalog::ValidateVersion(v); !valid) {
            return tl::unexpected(FromValidation(valid.error()));
        }
        return v;
    }

private:
    Error Invalid(std::string_view path,
                  std::string_view problem,
                  std::string_view problem_vi) const {
        const std::size_t number = index_ + 1;
        if (path.empty()) {
            return Error{ErrorCode::kInvalidArgument,
                         fmt::format("record {}: {}", number, problem),
                         fmt::format("bản ghi {}: {}", number, problem_vi),
                         fmt::format("[{}]", index_)};
        }
        return Error{ErrorCode::kInvalidArgument,
                     fmt::format("record {}, field {}: {}", number, path, problem),
                     fmt::format("bản ghi {}, trường {}: {}", number, path, problem_vi),
                     fmt::format("[{}].{}", index_, path)};
    }

    Error Invalid(std::string_view path, const Error& cause) const {
        return Invalid(
            path, cause.message, cause.message_vi.empty() ? cause.message : cause.message_vi);
    }

    // The member `key` of `object`; nullptr when absent or null and not required.
    Result<const Json*> Member(const Json& object,
                               std::string_view parent,
                               std::string_view key,
                               bool required) const {
        const auto it = object.find(key);
        if (it == object.end() || it->is_null()) {
            if (required) {
                return tl::unexpected(Invalid(JoinPath(parent, key), "missing", "thiếu"));
            }
            return nullptr;
        }
        return &*it;
    }

    Error WrongType(std::string_view path, std::string_view expected, const Json& value) const {
        return Invalid(path,
                       fmt::format("expected {}, got {}", expected, value.type_name()),
                       fmt::format("sai kiểu: cần {}, gặp {}", expected, value.type_name()));
    }

    Result<std::string> String(const Json& object,
                               std::string_view parent,
                               std::string_view key,
                               bool required) const {
        MOTCUA_ASSIGN_OR_RETURN(const Json* value, Member(object, parent, key, required));
        if (value == nullptr) {
            return std::string();
        }
        if (!value->is_string()) {
            return tl::unexpected(WrongType(JoinPath(parent, key), "a string", *value));
        }
        return value->get<std::string>();
    }

    // An integer in [min, max]; `fallback` when absent and not required.
    Result<std::int64_t> Integer(const Json& object,
                                 std::string_view parent,
                                 std::string_view key,
                                 bool required,
                                 std::int64_t min,
                                 std::int64_t max,
                                 std::int64_t fallback = 0) const {
        MOTCUA_ASSIGN_OR_RETURN(const Json* value, Member(object, parent, key, required));
        if (value == nullptr) {
            return fallback;
        }
        const std::string path = JoinPath(parent, key);
        if (!value->is_number_integer()) {
            return tl::unexpected(WrongType(path, "an integer", *value));
        }
        const bool too_big =
            value->is_number_unsigned() &&
            value->get<std::uint64_t>() >
                static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        const auto number =
            too_big ? std::numeric_limits<std::int64_t>::max() : value->get<std::int64_t>();
        if (too_big || number < min || number > max) {
            return tl::unexpected(
                Invalid(path,
                        fmt::format("{} is out of range [{}, {}]", value->dump(), min, max),
                        fmt::format("{} nằm ngoài khoảng [{}, {}]", value->dump(), min, max)));
        }
        return number;
    }

    Result<std::optional<bool>> Bool(const Json& object,
                                     std::string_view parent,
                                     std::string_view key) const {
        MOTCUA_ASSIGN_OR_RETURN(const Json* value, Member(object, parent, key, false));
        if (value == nullptr) {
            return std::optional<bool>();
        }
        if (!value->is_boolean()) {
            return tl::unexpected(WrongType(JoinPath(parent, key), "true or false", *value));
        }
        return std::optional<bool>(value->get<bool>());
    }

    // An array member; nullptr when absent and not required. Each element must be an object.
    Result<const Json*> ObjectArray(const Json& object,
                                    std::string_view parent,
                                    std::string_view key,
                                    bool required) const {
        MOTCUA_ASSIGN_OR_RETURN(const Json* value, Member(object, parent, key, required));
        if (value == nullptr) {
            return nullptr;
        }
        const std::string path = JoinPath(parent, key);
        if (!value->is_array()) {
            return tl::unexpected(WrongType(path, "an array", *value));
        }
        if (required && value->empty()) {
            return tl::unexpected(Invalid(path, "must not be empty", "không được để trống"));
        }
        for (std::size_t i = 0; i < value->size(); ++i) {
            if (!(*value)[i].is_object()) {
                return tl::unexpected(WrongType(IndexPath(path, i), "an object", (*value)[i]));
            }
        }
        return value;
    }

    // `item_key` of every object of the array `key`, joined with `separator`.
    Result<std::string> JoinedList(const Json& record,
                                   std::string_view key,
                                   std::string_view item_key,
                                   std::string_view separator) const {
        MOTCUA_ASSIGN_OR_RETURN(const Json* list, ObjectArray(record, "", key, false));
        std::string joined;
        if (list == nullptr) {
            return joined;
        }
        for (std::size_t i = 0; i < list->size(); ++i) {
            MOTCUA_ASSIGN_OR_RETURN(const std::string item,
                                    String((*list)[i], IndexPath(key, i), item_key, true));
            if (i > 0) {
                joined += separator;
            }
            joined += item;
        }
        return joined;
    }

    // LINHVUCTHUCHIEN: an object, or (as some exports write it) an array of exactly one.
    Result<void> ReadSector(const Json& record, ProcedureVersion& v) {
        MOTCUA_ASSIGN_OR_RETURN(const Json* sector, Member(record, "", "LINHVUCTHUCHIEN", true));
        std::string path = "LINHVUCTHUCHIEN";
        if (sector->is_array()) {
            if (sector->size() != 1) {
                return tl::unexpected(
                    Invalid(path,
                            fmt::format("expected one sector, got {}", sector->size()),
                            fmt::format("cần đúng một lĩnh vực, gặp {}", sector->size())));
            }
            sector = &(*sector)[0];
            path = IndexPath(path, 0);
        }
        if (!sector->is_object()) {
            return tl::unexpected(WrongType(path, "an object", *sector));
        }
        MOTCUA_ASSIGN_OR_RETURN(v.sector_code, String(*sector, path, "MALINHVUC", false));
        MOTCUA_ASSIGN_OR_RETURN(v.sector_name, String(*sector, path, "TENLINHVUC", true));
        sector_path_ = JoinPath(path, "TENLINHVUC");
        return {};
    }

    // TRINHTUTHUCHIEN: [{TRUONGHOP, TRINHTU: [{TENTRINHTU}]}] or plain text. One line per step;
    // a named case (trường hợp) becomes a line of its own before its steps.
    Result<std::string> ReadSteps(const Json& record) const {
        MOTCUA_ASSIGN_OR_RETURN(const Json* steps, Member(record, "", "TRINHTUTHUCHIEN", false));
        if (steps == nullptr) {
            return std::string();
        }
        if (steps->is_string()) {
            return steps->get<std::string>();
        }
        MOTCUA_ASSIGN_OR_RETURN(const Json* cases,
                                ObjectArray(record, "", "TRINHTUTHUCHIEN", false));
        std::vector<std::string> lines;
        for (std::size_t c = 0; c < cases->size(); ++c) {
            const std::string case_path = IndexPath("TRINHTUTHUCHIEN", c);
            const Json& one_case = (*cases)[c];
            MOTCUA_ASSIGN_OR_RETURN(std::string name,
                                    String(one_case, case_path, "TRUONGHOP", false));
            if (!name.empty()) {
                lines.push_back(std::move(name));
            }
            MOTCUA_ASSIGN_OR_RETURN(const Json* items,
                                    ObjectArray(one_case, case_path, "TRINHTU", false));
            if (items == nullptr) {
                continue;
            }
            for (std::size_t i = 0; i < items->size(); ++i) {
                MOTCUA_ASSIGN_OR_RETURN(std::string step,
                                        String((*items)[i],
                                               IndexPath(JoinPath(case_path, "TRINHTU"), i),
                                               "TENTRINHTU",
                                               true));
                lines.push_back(std::move(step));
            }
        }
        return fmt::format("{}", fmt::join(lines, "\n"));
    }

    // CACHTHUCTHUCHIEN: deadline, unit and fees come from the first THOIGIAN of the first
    // channel; every channel is checked.
    Result<void> ReadChannels(const Json& record, ProcedureVersion& v) {
        MOTCUA_ASSIGN_OR_RETURN(const Json* channels,
                                ObjectArray(record, "", "CACHTHUCTHUCHIEN", true));
        for (std::size_t c = 0; c < channels->size(); ++c) {
            const Json& channel = (*channels)[c];
            const std::string channel_path = IndexPath("CACHTHUCTHUCHIEN", c);
            MOTCUA_ASSIGN_OR_RETURN(const std::int64_t kind,
                                    Integer(channel,
                                            channel_path,
                                            "KENH",
                                            true,
                                            std::numeric_limits<std::int64_t>::min(),
                                            std::numeric_limits<std::int64_t>::max()));
            if (kind < kChannelCounter || kind > kChannelPostal) {
                return tl::unexpected(Invalid(
                    JoinPath(channel_path, "KENH"),
                    fmt::format("{} is not 1 (counter), 2 (online) or 3 (postal)", kind),
                    fmt::format("{} không phải 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính)",
                                kind)));
            }
            has_online_channel_ = has_online_channel_ || kind == kChannelOnline;
            has_postal_channel_ = has_postal_channel_ || kind == kChannelPostal;
            MOTCUA_ASSIGN_OR_RETURN(const Json* times,
                                    ObjectArray(channel, channel_path, "THOIGIAN", true));
            for (std::size_t t = 0; t < times->size(); ++t) {
                const bool kept = c == 0 && t == 0;
                MOTCUA_TRY(ReadTime((*times)[t],
                                    IndexPath(JoinPath(channel_path, "THOIGIAN"), t),
                                    kept ? &v : nullptr));
            }
        }
        return {};
    }

    // One THOIGIAN entry; stored into `v` when not null.
    Result<void> ReadTime(const Json& time, const std::string& path, ProcedureVersion* v) {
        MOTCUA_ASSIGN_OR_RETURN(const std::int64_t amount,
                                Integer(time,
                                        path,
                                        "THOIGIANGIAIQUYET",
                                        true,
                                        std::numeric_limits<int>::min(),
                                        std::numeric_limits<int>::max()));
        MOTCUA_ASSIGN_OR_RETURN(const std::string unit_text, String(time, path, "DONVITINH", true));
        auto unit = ParseDurationUnitLabel(unit_text);
        if (!unit) {
            return tl::unexpected(Invalid(JoinPath(path, "DONVITINH"), unit.error()));
        }
        MOTCUA_TRY(String(time, path, "MOTA", false));
        MOTCUA_ASSIGN_OR_RETURN(const Json* fees, ObjectArray(time, path, "PHILEPHI", false));
        std::vector<Fee> read_fees;
        std::vector<std::string> fee_paths;
        const std::size_t fee_count = fees == nullptr ? 0 : fees->size();
        for (std::size_t f = 0; f < fee_count; ++f) {
            const Json& fee_json = (*fees)[f];
            const std::string fee_path = IndexPath(JoinPath(path, "PHILEPHI"), f);
            Fee fee;
            MOTCUA_ASSIGN_OR_RETURN(fee.amount_vnd,
                                    Integer(fee_json,
                                            fee_path,
                                            "SOTIEN",
                                            true,
                                            std::numeric_limits<std::int64_t>::min(),
                                            std::numeric_limits<std::int64_t>::max()));
            MOTCUA_ASSIGN_OR_RETURN(const std::string currency,
                                    String(fee_json, fee_path, "DONVI", false));
            const std::string folded_currency = FoldVietnamese(currency);
            if (!folded_currency.empty() && folded_currency != "dong" && folded_currency != "vnd" &&
                folded_currency != "vn dong") {
                return tl::unexpected(Invalid(
                    JoinPath(fee_path, "DONVI"),
                    fmt::format("unsupported currency '{}' (only Vietnamese đồng)", currency),
                    fmt::format("đơn vị tiền '{}' không được hỗ trợ (chỉ nhận Đồng)", currency)));
            }
            MOTCUA_ASSIGN_OR_RETURN(fee.description, String(fee_json, fee_path, "MOTA", false));
            MOTCUA_ASSIGN_OR_RETURN(fee.name, String(fee_json, fee_path, "TENPHILEPHI", false));
            read_fees.push_back(std::move(fee));
            fee_paths.push_back(fee_path);
        }
        if (v != nullptr) {
            v->deadline = static_cast<int>(amount);
            v->deadline_unit = *unit;
            v->fees = std::move(read_fees);
            deadline_path_ = JoinPath(path, "THOIGIANGIAIQUYET");
            fee_paths_ = std::move(fee_paths);
        }
        return {};
    }

    // THANHPHANHOSO: [{GIAYTO: [...]}, …], all papers of all cases in order.
    Result<void> ReadComponents(const Json& record, ProcedureVersion& v) {
        MOTCUA_ASSIGN_OR_RETURN(const Json* groups,
                                ObjectArray(record, "", "THANHPHANHOSO", false));
        if (groups == nullptr) {
            return {};
        }
        constexpr std::int64_t kMaxCopies = std::numeric_limits<int>::max() / 2;
        for (std::size_t g = 0; g < groups->size(); ++g) {
            const std::string group_path = IndexPath("THANHPHANHOSO", g);
            MOTCUA_ASSIGN_OR_RETURN(const Json* papers,
                                    ObjectArray((*groups)[g], group_path, "GIAYTO", false));
            const std::size_t paper_count = papers == nullptr ? 0 : papers->size();
            for (std::size_t p = 0; p < paper_count; ++p) {
                const Json& paper = (*papers)[p];
                const std::string path = IndexPath(JoinPath(group_path, "GIAYTO"), p);
                Component component;
                MOTCUA_ASSIGN_OR_RETURN(component.code, String(paper, path, "MAGIAYTO", true));
                MOTCUA_ASSIGN_OR_RETURN(component.name, String(paper, path, "TENGIAYTO", true));
                MOTCUA_ASSIGN_OR_RETURN(const std::int64_t originals,
                                        Integer(paper, path, "SOBANCHINH", false, 0, kMaxCopies));
                MOTCUA_ASSIGN_OR_RETURN(const std::int64_t copies,
                                        Integer(paper, path, "SOBANSAO", false, 0, kMaxCopies));
                if (originals + copies < 1) {
                    return tl::unexpected(Invalid(path,
                                                  "SOBANCHINH + SOBANSAO must be at least 1",
                                                  "SOBANCHINH + SOBANSAO phải từ 1 trở lên"));
                }
                component.original = originals > 0;
                component.copies = static_cast<int>(originals + copies);
                MOTCUA_ASSIGN_OR_RETURN(const std::string url, String(paper, path, "URL", false));
                MOTCUA_ASSIGN_OR_RETURN(const std::string form,
                                        String(paper, path, "TENMAUDON", false));
                component.template_url = url.empty() ? form : url;
                MOTCUA_ASSIGN_OR_RETURN(const std::optional<bool> required,
                                        Bool(paper, path, "BATBUOC"));
                component.required = required.value_or(true);
                v.components.push_back(std::move(component));
                component_paths_.push_back(path);
            }
        }
        return {};
    }

    // CANCUPHAPLY: one line per document, "SOVANBAN TENVANBAN" unless the title already cites
    // the number.
    Result<std::string> ReadLegalBasis(const Json& record) const {
        MOTCUA_ASSIGN_OR_RETURN(const Json* documents,
                                ObjectArray(record, "", "CANCUPHAPLY", false));
        std::vector<std::string> lines;
        const std::size_t count = documents == nullptr ? 0 : documents->size();
        for (std::size_t i = 0; i < count; ++i) {
            const std::string path = IndexPath("CANCUPHAPLY", i);
            MOTCUA_ASSIGN_OR_RETURN(const std::string number,
                                    String((*documents)[i], path, "SOVANBAN", false));
            MOTCUA_ASSIGN_OR_RETURN(std::string title,
                                    String((*documents)[i], path, "TENVANBAN", false));
            if (number.empty() || title.find(number) != std::string::npos) {
                lines.push_back(std::move(title));
            } else if (title.empty()) {
                lines.push_back(number);
            } else {
                lines.push_back(fmt::format("{} {}", number, title));
            }
        }
        return fmt::format("{}", fmt::join(lines, "\n"));
    }

    // MUCDODVC and BUUCHINH; when absent, derived from the channels.
    Result<void> ReadExtensions(const Json& record, ProcedureVersion& v) const {
        MOTCUA_ASSIGN_OR_RETURN(const std::string online, String(record, "", "MUCDODVC", false));
        if (online.empty()) {
            v.online_level = has_online_channel_ ? OnlineLevel::kPartial : OnlineLevel::kNone;
        } else {
            auto level = ParseOnlineLevelLabel(online);
            if (!level) {
                return tl::unexpected(Invalid("MUCDODVC", level.error()));
            }
            v.online_level = *level;
        }
        MOTCUA_ASSIGN_OR_RETURN(const std::optional<bool> postal, Bool(record, "", "BUUCHINH"));
        v.postal = postal.value_or(has_postal_channel_);
        return {};
    }

    // Reports a catalog::ValidateVersion error at the JSON path of the field.
    Error FromValidation(const Error& error) const {
        std::string problem = error.message;
        std::string problem_vi = error.message_vi.empty() ? error.message : error.message_vi;
        const std::string prefix = error.field + ": ";
        if (problem.starts_with(prefix)) {
            problem.erase(0, prefix.size());
        }
        if (problem_vi.starts_with(prefix)) {
            problem_vi.erase(0, prefix.size());
        }
        return Invalid(JsonPath(error.field), problem, problem_vi);
    }

    std::string JsonPath(std::string_view field) const {
        if (field == "code") {
            return "MATTHC";
        }
        if (field == "name") {
            return "TENTTHC";
        }
        if (field == "sector_name") {
            return sector_path_;
        }
        if (field == "deadline") {
            return deadline_path_;
        }
        // "components[3].code", "fees[0].amount_vnd"
        const std::size_t open = field.find('[');
        const std::size_t close = field.find("].");
        if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
            return std::string(field);
        }
        const std::string_view list = field.substr(0, open);
        const std::string_view member = field.substr(close + 2);
        std::size_t index = 0;
        for (const char c : field.substr(open + 1, close - open - 1)) {
            index = index * 10 + static_cast<std::size_t>(c - '0');
        }
        if (list == "components" && index < component_paths_.size()) {
            const std::string_view key = member == "code"   ? "MAGIAYTO"
                                         : member == "name" ? "TENGIAYTO"
                                                            : "SOBANCHINH";
            return JoinPath(component_paths_[index], key);
        }
        if (list == "fees" && index < fee_paths_.size()) {
            return JoinPath(fee_paths_[index], "SOTIEN");
        }
        return std::string(field);
    }

    std::size_t index_;
    std::string sector_path_ = "LINHVUCTHUCHIEN.TENLINHVUC";
    std::string deadline_path_ = "CACHTHUCTHUCHIEN[0].THOIGIAN[0].THOIGIANGIAIQUYET";
    std::vector<std::string> component_paths_;
    std::vector<std::string> fee_paths_;
    bool has_online_channel_ = false;
    bool has_postal_channel_ = false;
};

// ---------------------------------------------------------------------------------------------
// Writing

OrderedJson ToJson(const ProcedureVersion& v) {
    OrderedJson record = OrderedJson::object();
    record["MATTHC"] = v.code;
    record["TENTTHC"] = v.name;
    record["LINHVUCTHUCHIEN"] = {{"MALINHVUC", v.sector_code}, {"TENLINHVUC", v.sector_name}};
    record["CAPTHUCHIEN"] = ProcedureLevelLabel(v.level);

    OrderedJson agencies = OrderedJson::array();
    if (!v.implementing_agency.empty()) {
        agencies.push_back({{"TENDONVI", v.implementing_agency}});
    }
    record["COQUANTHUCHIEN"] = std::move(agencies);
    record["COQUANCOTHAMQUYEN"] = v.competent_agency;

    OrderedJson steps = OrderedJson::array();
    if (!v.steps.empty()) {
        OrderedJson items = OrderedJson::array();
        for (const std::string_view line : SplitLines(v.steps)) {
            items.push_back({{"TENTRINHTU", line}});
        }
        steps.push_back({{"TRUONGHOP", ""}, {"TRINHTU", std::move(items)}});
    }
    record["TRINHTUTHUCHIEN"] = std::move(steps);

    OrderedJson fees = OrderedJson::array();
    for (const Fee& fee : v.fees) {
        fees.push_back({{"SOTIEN", fee.amount_vnd},
                        {"DONVI", kCurrency},
                        {"MOTA", fee.description},
                        {"TENPHILEPHI", fee.name}});
    }
    const OrderedJson time = {{"THOIGIANGIAIQUYET", v.deadline},
                              {"DONVITINH", DurationUnitLabel(v.deadline_unit)},
                              {"MOTA", ""},
                              {"PHILEPHI", std::move(fees)}};
    OrderedJson channels = OrderedJson::array();
    channels.push_back({{"KENH", kChannelCounter}, {"THOIGIAN", OrderedJson::array({time})}});
    if (v.online_level != OnlineLevel::kNone) {
        channels.push_back({{"KENH", kChannelOnline}, {"THOIGIAN", OrderedJson::array({time})}});
    }
    if (v.postal) {
        channels.push_back({{"KENH", kChannelPostal}, {"THOIGIAN", OrderedJson::array({time})}});
    }
    record["CACHTHUCTHUCHIEN"] = std::move(channels);

    OrderedJson papers = OrderedJson::array();
    for (const Component& c : v.components) {
        papers.push_back(
            {{"MAGIAYTO", c.code},
             {"TENGIAYTO", c.name},
             {"SOBANCHINH", c.original ? c.copies : 0},
             {"SOBANSAO", c.original ? 0 : c.copies},
             {"TENMAUDON", IsUrl(c.template_url) ? FileName(c.template_url) : c.template_url},
             {"URL", IsUrl(c.template_url) ? c.template_url : std::string_view()},
             {"BATBUOC", c.required}});
    }
    OrderedJson groups = OrderedJson::array();
    if (!papers.empty()) {
        groups.push_back({{"GIAYTO", std::move(papers)}});
    }
    record["THANHPHANHOSO"] = std::move(groups);

    OrderedJson results = OrderedJson::array();
    if (!v.result.empty()) {
        results.push_back({{"TENKETQUA", v.result}});
    }
    record["KETQUATHUCHIEN"] = std::move(results);

    OrderedJson documents = OrderedJson::array();
    for (const std::string_view line : SplitLines(v.legal_basis)) {
        documents.push_back({{"SOVANBAN", DocumentNumber(line)}, {"TENVANBAN", line}});
    }
    record["CANCUPHAPLY"] = std::move(documents);
    record["YEUCAU"] = v.requirements;
    record["MOTADOITUONGTHUCHIEN"] = v.subjects;
    record["MUCDODVC"] = core::catalog::OnlineLevelName(v.online_level);
    record["BUUCHINH"] = v.postal;
    return record;
}

}  // namespace

Result<std::vector<ProcedureVersion>> ParseCatalogJson(std::string_view text) {
    Json root;
    try {
        root = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        // what() is "[json.exception.parse_error.101] parse error at line 1, column 24: …".
        std::string_view what = e.what();
        if (const std::size_t tag_end = what.find("] "); tag_end != std::string_view::npos) {
            what.remove_prefix(tag_end + 2);
        }
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("malformed catalog JSON at byte {}: {}", e.byte, what),
                    fmt::format("JSON danh mục TTHC sai cú pháp tại byte {}", e.byte));
    }
    if (!root.is_array()) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("catalog JSON must be an array of procedure records, got {}",
                                root.type_name()),
                    "JSON danh mục TTHC phải là một mảng các bản ghi thủ tục");
    }
    std::vector<ProcedureVersion> versions;
    versions.reserve(root.size());
    try {
        for (std::size_t i = 0; i < root.size(); ++i) {
            RecordReader reader(i);
            MOTCUA_ASSIGN_OR_RETURN(ProcedureVersion version, reader.Read(root[i]));
            versions.push_back(std::move(version));
        }
    } catch (const Json::exception& e) {
        // The reader checks every type before reading; this is a safety net at the adapter.
        return Fail(
            ErrorCode::kInvalidArgument,
            fmt::format("catalog JSON record {}: {}", versions.size() + 1, e.what()),
            fmt::format("bản ghi {} của JSON danh mục TTHC không hợp lệ", versions.size() + 1));
    }
    return versions;
}

std::string WriteCatalogJson(std::span<const ProcedureVersion> versions) {
    OrderedJson root = OrderedJson::array();
    for (const ProcedureVersion& version : versions) {
        root.push_back(ToJson(version));
    }
    // Invalid UTF-8 in a field is replaced (U+FFFD) rather than thrown.
    std::string text = root.dump(2, ' ', false, OrderedJson::error_handler_t::replace);
    text.push_back('\n');
    return text;
}

std::string_view ProcedureLevelLabel(ProcedureLevel level) {
    return LabelOf(kLevelLabels, level);
}

Result<ProcedureLevel> ParseProcedureLevelLabel(std::string_view text) {
    return ParseLabel(kLevelLabels, text, "level (cấp thực hiện)");
}

std::string_view DurationUnitLabel(DurationUnit unit) {
    return LabelOf(kUnitLabels, unit);
}

Result<DurationUnit> ParseDurationUnitLabel(std::string_view text) {
    return ParseLabel(kUnitLabels, text, "time unit (đơn vị tính)");
}

std::string_view OnlineLevelLabel(OnlineLevel level) {
    return LabelOf(kOnlineLabels, level);
}

Result<OnlineLevel> ParseOnlineLevelLabel(std::string_view text) {
    return ParseLabel(kOnlineLabels, text, "online service level (mức độ DVC)");
}

}  // namespace motcua::integrations::tthc
