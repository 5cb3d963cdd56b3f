#include "app/demo/demo_data.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace motcua::app::demo {
namespace {

namespace catalog = core::catalog;

constexpr std::array<std::string_view, 15> kProcedureColumns = {
    "code",
    "name",
    "sector_code",
    "sector_name",
    "level",
    "implementing_agency",
    "deadline",
    "unit",
    "online",
    "postal",
    "fee_vnd",
    "fee_name",
    "result",
    "legal_basis",
    "components",
};

// Column indexes into kProcedureColumns.
constexpr std::size_t kCode = 0;
constexpr std::size_t kName = 1;
constexpr std::size_t kSectorCode = 2;
constexpr std::size_t kSectorName = 3;
constexpr std::size_t kLevel = 4;
constexpr std::size_t kAgency = 5;
constexpr std::size_t kDeadline = 6;
constexpr std::size_t kUnit = 7;
constexpr std::size_t kOnline = 8;
constexpr std::size_t kPostal = 9;
constexpr std::size_t kFee = 10;
constexpr std::size_t kFeeName = 11;
constexpr std::size_t kResult = 12;
constexpr std::size_t kLegalBasis = 13;
constexpr std::size_t kComponents = 14;

constexpr std::array<std::string_view, 4> kAgencyColumns = {"code", "name", "kind", "parent_code"};

// Column indexes into kAgencyColumns.
constexpr std::size_t kAgencyCode = 0;
constexpr std::size_t kAgencyName = 1;
constexpr std::size_t kAgencyKind = 2;
constexpr std::size_t kAgencyParent = 3;

constexpr std::array<std::string_view, 5> kAgencyKinds = {"province",
                                                          "department",
                                                          "service_center",
                                                          "commune",
                                                          "other"};

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::vector<std::string_view> Split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    while (true) {
        const std::size_t at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos) {
            return parts;
        }
        text = text.substr(at + 1);
    }
}

// The position of one cell: its line and its column in a header.
struct Cell {
    int line = 0;
    std::size_t column = 0;  // 0-based index
    std::span<const std::string_view> header;

    std::string_view Name() const { return header[column]; }

    Error Fail(std::string_view problem, std::string_view problem_vi) const {
        return Error{ErrorCode::kInvalidArgument,
                     fmt::format("line {}, column {} ({}): {}", line, column + 1, Name(), problem),
                     fmt::format("dòng {}, cột {} ({}): {}", line, column + 1, Name(), problem_vi),
                     std::string(Name())};
    }

    // Places an error returned by a core parser at this cell.
    Error Wrap(const Error& cause) const {
        return Fail(cause.message, cause.message_vi.empty() ? cause.message : cause.message_vi);
    }
};

Error LineError(int line, std::string_view problem, std::string_view problem_vi) {
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("line {}: {}", line, problem),
                 fmt::format("dòng {}: {}", line, problem_vi),
                 {}};
}

// Places an error about a whole record (e.g. from ValidateVersion) at its line.
Error AtLine(int line, const Error& cause) {
    Error e = cause;
    e.code = ErrorCode::kInvalidArgument;
    e.message = fmt::format("line {}: {}", line, cause.message);
    e.message_vi = fmt::format(
        "dòng {}: {}", line, cause.message_vi.empty() ? cause.message : cause.message_vi);
    return e;
}

bool HasOuterSpace(std::string_view text) {
    return !text.empty() && (text.front() == ' ' || text.back() == ' ');
}

// One record: its line number and its cells, already checked against the header's width and
// for outer spaces.
struct Record {
    int line = 0;
    std::vector<std::string_view> cells;
};

// Splits `tsv` into records after checking the header against `columns`.
Result<std::vector<Record>> ReadRecords(std::string_view tsv,
                                        std::span<const std::string_view> columns) {
    if (tsv.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
        tsv.remove_prefix(kByteOrderMark.size());
    }
    std::vector<Record> records;
    int number = 0;
    bool header_seen = false;
    while (!tsv.empty()) {
        const std::size_t nl = tsv.find('\n');
        std::string_view line = tsv.substr(0, nl);
        tsv = nl == std::string_view::npos ? std::string_view{} : tsv.substr(nl + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (!header_seen) {
            header_seen = true;
            const std::vector<std::string_view> names = Split(line, '\t');
            for (std::size_t i = 0; i < columns.size(); ++i) {
                const std::string_view got = i < names.size() ? names[i] : std::string_view{};
                if (got != columns[i]) {
                    return tl::unexpected(LineError(
                        number,
                        fmt::format(
                            "header column {} must be '{}', got '{}'", i + 1, columns[i], got),
                        fmt::format("cột {} của dòng tiêu đề phải là '{}', nhận được '{}'",
                                    i + 1,
                                    columns[i],
                                    got)));
                }
            }
            if (names.size() != columns.size()) {
                return tl::unexpected(LineError(
                    number,
                    fmt::format("header has {} columns, expected {}", names.size(), columns.size()),
                    fmt::format("dòng tiêu đề có {} cột, cần {}", names.size(), columns.size())));
            }
            continue;
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        Record record{number, Split(line, '\t')};
        if (record.cells.size() != columns.size()) {
            return tl::unexpected(
                LineError(number,
                          fmt::format("expected {} tab-separated columns, got {}",
                                      columns.size(),
                                      record.cells.size()),
                          fmt::format("cần {} cột phân cách bằng tab, nhận được {}",
                                      columns.size(),
                                      record.cells.size())));
        }
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (HasOuterSpace(record.cells[i])) {
                return tl::unexpected(Cell{number, i, columns}.Fail(
                    "has leading or trailing spaces", "có khoảng trắng ở đầu hoặc cuối"));
            }
        }
        records.push_back(std::move(record));
    }
    if (!header_seen) {
        return tl::unexpected(LineError(1, "missing header line", "thiếu dòng tiêu đề"));
    }
    return records;
}

Result<std::string> Required(const Cell& cell, std::string_view text) {
    if (text.empty()) {
        return tl::unexpected(cell.Fail("must not be empty", "không được để trống"));
    }
    return std::string(text);
}

// A decimal integer (optionally negative) filling all of `text`, or nullopt.
template <class Int>
std::optional<Int> ParseInteger(std::string_view text) {
    Int value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

template <class Int>
Result<Int> WholeNumber(const Cell& cell, std::string_view text) {
    const std::optional<Int> value = ParseInteger<Int>(text);
    if (!value) {
        return tl::unexpected(cell.Fail(fmt::format("expects a whole number, got '{}'", text),
                                        fmt::format("cần một số nguyên, nhận được '{}'", text)));
    }
    if (*value < 0) {
        return tl::unexpected(cell.Fail(fmt::format("must not be negative, got {}", text),
                                        fmt::format("không được âm, nhận được {}", text)));
    }
    return *value;
}

Result<bool> Flag(const Cell& cell, std::string_view text) {
    if (text == "0" || text == "1") {
        return text == "1";
    }
    return tl::unexpected(cell.Fail(fmt::format("must be 0 or 1, got '{}'", text),
                                    fmt::format("phải là 0 hoặc 1, nhận được '{}'", text)));
}

// components: CODE|name|required|copies|original, joined by ';'.
Result<std::vector<catalog::Component>> ParseComponents(const Cell& cell, std::string_view text) {
    if (text.empty()) {
        return tl::unexpected(
            cell.Fail("needs at least one component", "cần ít nhất một thành phần hồ sơ"));
    }
    std::vector<catalog::Component> components;
    const std::vector<std::string_view> items = Split(text, ';');
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::vector<std::string_view> parts = Split(items[i], '|');
        const auto fail = [&](std::string_view problem, std::string_view problem_vi) {
            return tl::unexpected(cell.Fail(fmt::format("component {}: {}", i + 1, problem),
                                            fmt::format("thành phần {}: {}", i + 1, problem_vi)));
        };
        if (parts.size() != 5) {
            return fail(
                fmt::format("expected CODE|name|required|copies|original, got '{}'", items[i]),
                fmt::format("cần MÃ|tên|bắt buộc|số bản|bản chính, nhận được '{}'", items[i]));
        }
        for (const std::string_view part : parts) {
            if (part.empty() || HasOuterSpace(part)) {
                return fail(
                    fmt::format("empty part or outer spaces in '{}'", items[i]),
                    fmt::format("có phần trống hoặc khoảng trắng thừa trong '{}'", items[i]));
            }
        }
        catalog::Component component;
        component.code = std::string(parts[0]);
        component.name = std::string(parts[1]);
        if (parts[2] != "0" && parts[2] != "1") {
            return fail(fmt::format("required must be 0 or 1, got '{}'", parts[2]),
                        fmt::format("bắt buộc phải là 0 hoặc 1, nhận được '{}'", parts[2]));
        }
        component.required = parts[2] == "1";
        const std::optional<int> copies = ParseInteger<int>(parts[3]);
        if (!copies || *copies < 1) {
            return fail(
                fmt::format("copies must be a whole number of at least 1, got '{}'", parts[3]),
                fmt::format("số bản phải là số nguyên từ 1 trở lên, nhận được '{}'", parts[3]));
        }
        component.copies = *copies;
        if (parts[4] != "0" && parts[4] != "1") {
            return fail(fmt::format("original must be 0 or 1, got '{}'", parts[4]),
                        fmt::format("bản chính phải là 0 hoặc 1, nhận được '{}'", parts[4]));
        }
        component.original = parts[4] == "1";
        components.push_back(std::move(component));
    }
    return components;
}

Result<catalog::ProcedureVersion> ParseProcedure(const Record& record) {
    const auto cell = [&](std::size_t column) {
        return Cell{record.line, column, kProcedureColumns};
    };
    const auto text = [&](std::size_t column) {
        return record.cells[column];
    };

    catalog::ProcedureVersion v;
    v.version = 1;
    MOTCUA_ASSIGN_OR_RETURN(v.code, Required(cell(kCode), text(kCode)));
    MOTCUA_ASSIGN_OR_RETURN(v.name, Required(cell(kName), text(kName)));
    MOTCUA_ASSIGN_OR_RETURN(v.sector_code, Required(cell(kSectorCode), text(kSectorCode)));
    MOTCUA_ASSIGN_OR_RETURN(v.sector_name, Required(cell(kSectorName), text(kSectorName)));

    const Result<catalog::ProcedureLevel> level = catalog::ParseProcedureLevel(text(kLevel));
    if (!level) {
        return tl::unexpected(cell(kLevel).Wrap(level.error()));
    }
    if (*level != catalog::ProcedureLevel::kProvince &&
        *level != catalog::ProcedureLevel::kCommune) {
        return tl::unexpected(cell(kLevel).Fail(
            fmt::format("level '{}' is not used since the two-level local government of "
                        "01/07/2025 (expected province or commune)",
                        text(kLevel)),
            fmt::format("cấp '{}' không còn dùng từ khi chính quyền địa phương hai cấp vận hành "
                        "(01/07/2025); cần province hoặc commune",
                        text(kLevel))));
    }
    v.level = *level;
    MOTCUA_ASSIGN_OR_RETURN(v.implementing_agency, Required(cell(kAgency), text(kAgency)));

    MOTCUA_ASSIGN_OR_RETURN(v.deadline, WholeNumber<int>(cell(kDeadline), text(kDeadline)));
    const Result<catalog::DurationUnit> unit = catalog::ParseDurationUnit(text(kUnit));
    if (!unit) {
        return tl::unexpected(cell(kUnit).Wrap(unit.error()));
    }
    v.deadline_unit = *unit;
    const Result<catalog::OnlineLevel> online = catalog::ParseOnlineLevel(text(kOnline));
    if (!online) {
        return tl::unexpected(cell(kOnline).Wrap(online.error()));
    }
    v.online_level = *online;
    MOTCUA_ASSIGN_OR_RETURN(v.postal, Flag(cell(kPostal), text(kPostal)));

    MOTCUA_ASSIGN_OR_RETURN(const std::int64_t fee,
                            WholeNumber<std::int64_t>(cell(kFee), text(kFee)));
    if (fee > 0 && text(kFeeName).empty()) {
        return tl::unexpected(
            cell(kFeeName).Fail(fmt::format("a fee of {} VND needs a name", fee),
                                fmt::format("mức thu {} đồng cần có tên phí, lệ phí", fee)));
    }
    if (fee == 0 && !text(kFeeName).empty()) {
        return tl::unexpected(cell(kFeeName).Fail("must be empty when fee_vnd is 0 (free)",
                                                  "phải để trống khi fee_vnd bằng 0 (miễn phí)"));
    }
    if (fee > 0) {
        v.fees.push_back(catalog::Fee{std::string(text(kFeeName)), fee, {}});
    }

    MOTCUA_ASSIGN_OR_RETURN(v.result, Required(cell(kResult), text(kResult)));
    MOTCUA_ASSIGN_OR_RETURN(v.legal_basis, Required(cell(kLegalBasis), text(kLegalBasis)));
    MOTCUA_ASSIGN_OR_RETURN(v.components, ParseComponents(cell(kComponents), text(kComponents)));

    if (const Result<void> valid = catalog::ValidateVersion(v); !valid) {
        return tl::unexpected(AtLine(record.line, valid.error()));
    }
    return v;
}

bool IsUpperAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

// 000.00.00.H99: [0-9A-Z]{3}.[0-9A-Z]{2}.[0-9A-Z]{2}.[A-Z][0-9A-Z]{2}
bool IsAgencyCode(std::string_view code) {
    constexpr std::string_view kShape = "xxx.xx.xx.Axx";
    if (code.size() != kShape.size()) {
        return false;
    }
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        const bool ok = kShape[i] == '.'   ? c == '.'
                        : kShape[i] == 'A' ? (c >= 'A' && c <= 'Z')
                                           : IsUpperAlnum(c);
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace

Result<std::vector<catalog::ProcedureVersion>> ParseDemoProcedures(std::string_view tsv) {
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<Record> records, ReadRecords(tsv, kProcedureColumns));
    std::vector<catalog::ProcedureVersion> versions;
    versions.reserve(records.size());
    std::map<std::string, int, std::less<>> first_line;  // code → line
    for (const Record& record : records) {
        MOTCUA_ASSIGN_OR_RETURN(catalog::ProcedureVersion version, ParseProcedure(record));
        const auto [at, inserted] = first_line.emplace(version.code, record.line);
        if (!inserted) {
            return tl::unexpected(Cell{record.line, kCode, kProcedureColumns}.Fail(
                fmt::format(
                    "duplicate procedure code '{}' (first on line {})", version.code, at->second),
                fmt::format("mã TTHC '{}' bị trùng (đã có ở dòng {})", version.code, at->second)));
        }
        versions.push_back(std::move(version));
    }
    return versions;
}

Result<std::vector<DemoAgency>> ParseDemoAgencies(std::string_view tsv) {
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<Record> records, ReadRecords(tsv, kAgencyColumns));
    std::vector<DemoAgency> agencies;
    agencies.reserve(records.size());
    std::map<std::string, int, std::less<>> first_line;  // code → line
    bool has_province = false;
    for (const Record& record : records) {
        const auto cell = [&](std::size_t column) {
            return Cell{record.line, column, kAgencyColumns};
        };
        DemoAgency agency;
        agency.code = std::string(record.cells[kAgencyCode]);
        if (!IsAgencyCode(agency.code)) {
            return tl::unexpected(
                cell(kAgencyCode)
                    .Fail(
                        fmt::format("'{}' is not an agency code like 000.00.01.H99", agency.code),
                        fmt::format("'{}' không phải mã cơ quan dạng 000.00.01.H99", agency.code)));
        }
        if (const auto it = first_line.find(agency.code); it != first_line.end()) {
            return tl::unexpected(
                cell(kAgencyCode)
                    .Fail(fmt::format("duplicate agency code '{}' (first on line {})",
                                      agency.code,
                                      it->second),
                          fmt::format("mã cơ quan '{}' bị trùng (đã có ở dòng {})",
                                      agency.code,
                                      it->second)));
        }
        MOTCUA_ASSIGN_OR_RETURN(agency.name,
                                Required(cell(kAgencyName), record.cells[kAgencyName]));
        agency.kind = std::string(record.cells[kAgencyKind]);
        if (std::find(kAgencyKinds.begin(), kAgencyKinds.end(), agency.kind) ==
            kAgencyKinds.end()) {
            return tl::unexpected(
                cell(kAgencyKind)
                    .Fail(fmt::format("unknown agency kind '{}' (expected one of: {})",
                                      agency.kind,
                                      fmt::join(kAgencyKinds, ", ")),
                          fmt::format("loại cơ quan '{}' không hợp lệ (cần một trong: {})",
                                      agency.kind,
                                      fmt::join(kAgencyKinds, ", "))));
        }
        agency.parent_code = std::string(record.cells[kAgencyParent]);
        if (agency.kind == "province") {
            if (has_province) {
                return tl::unexpected(cell(kAgencyKind)
                                          .Fail("a second province (the demo has exactly one)",
                                                "tỉnh thứ hai (dữ liệu mẫu chỉ có một tỉnh)"));
            }
            if (!agency.parent_code.empty()) {
                return tl::unexpected(
                    cell(kAgencyParent)
                        .Fail("the province has no parent", "tỉnh không có cơ quan cấp trên"));
            }
            has_province = true;
        } else if (agency.parent_code.empty()) {
            return tl::unexpected(cell(kAgencyParent)
                                      .Fail("only the province may have no parent",
                                            "chỉ tỉnh mới không có cơ quan cấp trên"));
        } else if (!first_line.contains(agency.parent_code)) {
            return tl::unexpected(
                cell(kAgencyParent)
                    .Fail(fmt::format("parent '{}' is not defined on an earlier line",
                                      agency.parent_code),
                          fmt::format("cơ quan cấp trên '{}' chưa được khai báo ở dòng trước",
                                      agency.parent_code)));
        }
        first_line.emplace(agency.code, record.line);
        agencies.push_back(std::move(agency));
    }
    if (!has_province) {
        // Every other agency needs an earlier parent, so only an empty list gets here.
        return tl::unexpected(LineError(1,
                                        "no agencies (the province must come first)",
                                        "không có cơ quan nào (tỉnh phải đứng đầu danh sách)"));
    }
    return agencies;
}

}  // namespace motcua::app::demo
