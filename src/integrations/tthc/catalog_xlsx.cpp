#include "integrations/tthc/catalog_xlsx.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include <expat.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "core/catalog/text_fold.hpp"
#include "integrations/tthc/catalog_json.hpp"

namespace motcua::integrations::tthc {
namespace {

using core::catalog::Component;
using core::catalog::Fee;
using core::catalog::FoldVietnamese;
using core::catalog::OnlineLevel;
using core::catalog::ProcedureVersion;

// ---------------------------------------------------------------------------------------------
// Layout

struct ColumnSpec {
    std::string_view header;
    double width;  // in characters
    bool wrap;     // long text: wrapped, aligned to the top
};

constexpr std::string_view kThuTucSheet = "ThuTuc";
constexpr std::string_view kComponentSheet = "ThanhPhanHoSo";
constexpr std::string_view kFeeSheet = "PhiLePhi";

// ThuTuc columns, in order.
enum ThuTucColumn : std::size_t {
    kCode,
    kName,
    kSectorCode,
    kSectorName,
    kLevel,
    kImplementingAgency,
    kCompetentAgency,
    kDeadline,
    kDeadlineUnit,
    kFeeAmounts,
    kFeeNames,
    kLegalBasis,
    kResult,
    kOnlineLevel,
    kPostal,
    kSubjects,
    kRequirements,
    kSteps,
};

constexpr std::array<ColumnSpec, 18> kThuTucColumns = {{
    {"Mã TTHC", 12, false},
    {"Tên TTHC", 50, true},
    {"Mã lĩnh vực", 14, false},
    {"Lĩnh vực", 24, true},
    {"Cấp thực hiện", 14, false},
    {"Cơ quan thực hiện", 30, true},
    {"Cơ quan có thẩm quyền", 30, true},
    {"Thời hạn giải quyết", 12, false},
    {"Đơn vị tính", 14, false},
    {"Phí/lệ phí (VND)", 16, false},
    {"Mô tả phí", 30, true},
    {"Căn cứ pháp lý", 50, true},
    {"Kết quả", 30, true},
    {"Mức độ DVC", 18, false},
    {"Bưu chính", 10, false},
    {"Đối tượng", 30, true},
    {"Yêu cầu", 40, true},
    {"Trình tự", 60, true},
}};

constexpr std::array<ThuTucColumn, 6> kThuTucRequired =
    {kCode, kName, kSectorName, kLevel, kDeadline, kDeadlineUnit};

enum ComponentColumn : std::size_t {
    kComponentProcedure,
    kComponentCode,
    kComponentName,
    kComponentRequired,
    kComponentCopies,
    kComponentOriginal,
    kComponentTemplate,
};

constexpr std::array<ColumnSpec, 7> kComponentColumns = {{
    {"Mã TTHC", 12, false},
    {"Mã giấy tờ", 12, false},
    {"Tên giấy tờ", 60, true},
    {"Bắt buộc", 10, false},
    {"Số bản", 8, false},
    {"Bản chính", 10, false},
    {"Mẫu đơn", 40, true},
}};

constexpr std::array<ComponentColumn, 3> kComponentRequiredColumns = {kComponentProcedure,
                                                                      kComponentCode,
                                                                      kComponentName};

enum FeeColumn : std::size_t { kFeeProcedure, kFeeName, kFeeAmount, kFeeDescription };

constexpr std::array<ColumnSpec, 4> kFeeColumns = {{
    {"Mã TTHC", 12, false},
    {"Tên phí", 40, true},
    {"Số tiền (VND)", 16, false},
    {"Mô tả", 60, true},
}};

constexpr std::array<FeeColumn, 2> kFeeRequiredColumns = {kFeeProcedure, kFeeAmount};

constexpr std::string_view kYes = "Có";
constexpr std::string_view kNo = "Không";
constexpr std::string_view kListSeparator = "; ";

// Excel's limit on the characters of one cell.
constexpr std::size_t kMaxCellChars = 32767;

// Limit on one uncompressed part of the workbook, against zip bombs.
constexpr zip_uint64_t kMaxPartBytes = zip_uint64_t{256} * 1024 * 1024;

std::size_t CodePoints(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

// "A", "B", …, "Z", "AA" for 0-based column `index`.
std::string ColumnLetters(std::size_t index) {
    std::string letters;
    std::size_t n = index + 1;
    while (n > 0) {
        const std::size_t rem = (n - 1) % 26;
        letters.insert(letters.begin(), static_cast<char>('A' + rem));
        n = (n - 1) / 26;
    }
    return letters;
}

// OOXML writes characters that XML cannot hold as "_xHHHH_" (libxlsxwriter does so for control
// characters such as \r), and Excel reads every such sequence back as the character. A literal
// "_xHHHH_" in our text is therefore protected by escaping its underscore as "_x005F_".
bool IsEscapeAt(std::string_view text, std::size_t pos) {
    if (pos + 7 > text.size() || text[pos] != '_' || text[pos + 1] != 'x' || text[pos + 6] != '_') {
        return false;
    }
    return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(pos + 2),
                       text.begin() + static_cast<std::ptrdiff_t>(pos + 6),
                       [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

std::string EscapeCellText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (IsEscapeAt(text, i)) {
            out += "_x005F_";  // the underscore, escaped
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

void AppendUtf8(std::string& out, std::uint32_t code_point) {
    if (code_point < 0x80) {
        out.push_back(static_cast<char>(code_point));
    } else if (code_point < 0x800) {
        out.push_back(static_cast<char>(0xC0U | (code_point >> 6U)));
        out.push_back(static_cast<char>(0x80U | (code_point & 0x3FU)));
    } else {
        out.push_back(static_cast<char>(0xE0U | (code_point >> 12U)));
        out.push_back(static_cast<char>(0x80U | ((code_point >> 6U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (code_point & 0x3FU)));
    }
}

std::string UnescapeCellText(std::string_view text) {
    if (text.find("_x") == std::string_view::npos) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (IsEscapeAt(text, i)) {
            std::uint32_t unit = 0;
            std::from_chars(text.data() + i + 2, text.data() + i + 6, unit, 16);
            if (unit < 0xD800 || unit > 0xDFFF) {  // lone surrogates stay as written
                AppendUtf8(out, unit);
                i += 7;
                continue;
            }
        }
        out.push_back(text[i]);
        ++i;
    }
    return out;
}

std::string FeeAmounts(const std::vector<Fee>& fees) {
    std::vector<std::string> amounts;
    amounts.reserve(fees.size());
    for (const Fee& fee : fees) {
        amounts.push_back(std::to_string(fee.amount_vnd));
    }
    return fmt::format("{}", fmt::join(amounts, kListSeparator));
}

std::string FeeNames(const std::vector<Fee>& fees) {
    std::vector<std::string_view> names;
    names.reserve(fees.size());
    for (const Fee& fee : fees) {
        names.emplace_back(fee.name);
    }
    return fmt::format("{}", fmt::join(names, kListSeparator));
}

// ---------------------------------------------------------------------------------------------
// Writing

struct WorkbookFree {
    void operator()(lxw_workbook* workbook) const { lxw_workbook_free(workbook); }
};

// Writes rows of one sheet; remembers the first libxlsxwriter error.
class SheetWriter {
public:
    SheetWriter(lxw_workbook* workbook,
                std::string_view name,
                std::span<const ColumnSpec> columns,
                lxw_format* header,
                lxw_format* wrap)
        : sheet_(workbook_add_worksheet(workbook, std::string(name).c_str())),
          columns_(columns),
          wrap_(wrap) {
        if (sheet_ == nullptr) {
            error_ = LXW_ERROR_MEMORY_MALLOC_FAILED;
            return;
        }
        for (std::size_t c = 0; c < columns.size(); ++c) {
            Check(worksheet_set_column(
                sheet_, Col(c), Col(c), columns[c].width, columns[c].wrap ? wrap : nullptr));
            Check(worksheet_write_string(
                sheet_, 0, Col(c), std::string(columns[c].header).c_str(), header));
        }
        worksheet_freeze_panes(sheet_, 1, 0);
    }

    void NextRow() { ++row_; }

    void Text(std::size_t column, std::string_view text) {
        if (sheet_ != nullptr && !text.empty()) {
            Check(worksheet_write_string(sheet_,
                                         row_,
                                         Col(column),
                                         EscapeCellText(text).c_str(),
                                         columns_[column].wrap ? wrap_ : nullptr));
        }
    }

    void Number(std::size_t column, double value) {
        if (sheet_ != nullptr) {
            Check(worksheet_write_number(sheet_, row_, Col(column), value, nullptr));
        }
    }

    // An autofilter over the header and the rows written.
    void Finish() {
        if (sheet_ != nullptr) {
            Check(worksheet_autofilter(sheet_, 0, 0, row_, Col(columns_.size() - 1)));
        }
    }

    lxw_error LastError() const { return error_; }

private:
    static lxw_col_t Col(std::size_t column) { return static_cast<lxw_col_t>(column); }

    void Check(lxw_error error) {
        if (error_ == LXW_NO_ERROR) {
            error_ = error;
        }
    }

    lxw_worksheet* sheet_;
    std::span<const ColumnSpec> columns_;
    lxw_format* wrap_;
    lxw_row_t row_ = 0;
    lxw_error error_ = LXW_NO_ERROR;
};

// Refuses what the workbook cannot hold: a code twice, a text longer than a cell.
Result<void> CheckWritable(std::span<const ProcedureVersion> versions) {
    std::map<std::string_view, std::size_t> seen;
    for (std::size_t i = 0; i < versions.size(); ++i) {
        const ProcedureVersion& v = versions[i];
        const auto [it, inserted] = seen.emplace(v.code, i);
        if (!inserted) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("procedure {} appears twice (items {} and {}); a workbook "
                                    "holds one version per code",
                                    v.code,
                                    it->second + 1,
                                    i + 1),
                        fmt::format("TTHC {} xuất hiện hai lần; mỗi bảng tính chỉ chứa một "
                                    "phiên bản của mỗi mã",
                                    v.code));
        }
        const std::string fee_names = FeeNames(v.fees);
        std::vector<std::pair<std::string_view, std::string_view>> texts = {
            {kThuTucColumns[kName].header, v.name},
            {kThuTucColumns[kImplementingAgency].header, v.implementing_agency},
            {kThuTucColumns[kCompetentAgency].header, v.competent_agency},
            {kThuTucColumns[kLegalBasis].header, v.legal_basis},
            {kThuTucColumns[kResult].header, v.result},
            {kThuTucColumns[kSubjects].header, v.subjects},
            {kThuTucColumns[kRequirements].header, v.requirements},
            {kThuTucColumns[kSteps].header, v.steps},
            {kThuTucColumns[kFeeNames].header, fee_names},
        };
        for (const Component& c : v.components) {
            texts.emplace_back(kComponentColumns[kComponentName].header, c.name);
            texts.emplace_back(kComponentColumns[kComponentTemplate].header, c.template_url);
        }
        for (const Fee& fee : v.fees) {
            texts.emplace_back(kFeeColumns[kFeeName].header, fee.name);
            texts.emplace_back(kFeeColumns[kFeeDescription].header, fee.description);
        }
        for (const auto& [header, text] : texts) {
            if (CodePoints(text) > kMaxCellChars) {
                return Fail(ErrorCode::kInvalidArgument,
                            fmt::format("procedure {}, column '{}': {} characters exceed the "
                                        "{} a spreadsheet cell holds",
                                        v.code,
                                        header,
                                        CodePoints(text),
                                        kMaxCellChars),
                            fmt::format("TTHC {}, cột '{}': quá {} ký tự của một ô bảng tính",
                                        v.code,
                                        header,
                                        kMaxCellChars));
            }
        }
    }
    return {};
}

}  // namespace

Result<void> WriteCatalogXlsx(const std::string& path, std::span<const ProcedureVersion> versions) {
    MOTCUA_TRY(CheckWritable(versions));
    std::unique_ptr<lxw_workbook, WorkbookFree> workbook(workbook_new(path.c_str()));
    if (!workbook) {
        return Fail(ErrorCode::kInternal,
                    fmt::format("cannot create workbook '{}': out of memory", path),
                    "không tạo được bảng tính");
    }
    lxw_format* header = workbook_add_format(workbook.get());
    format_set_bold(header);
    lxw_format* wrap = workbook_add_format(workbook.get());
    format_set_text_wrap(wrap);
    format_set_align(wrap, static_cast<std::uint8_t>(LXW_ALIGN_VERTICAL_TOP));

    SheetWriter procedures(workbook.get(), kThuTucSheet, kThuTucColumns, header, wrap);
    SheetWriter components(workbook.get(), kComponentSheet, kComponentColumns, header, wrap);
    SheetWriter fees(workbook.get(), kFeeSheet, kFeeColumns, header, wrap);
    for (const ProcedureVersion& v : versions) {
        procedures.NextRow();
        procedures.Text(kCode, v.code);
        procedures.Text(kName, v.name);
        procedures.Text(kSectorCode, v.sector_code);
        procedures.Text(kSectorName, v.sector_name);
        procedures.Text(kLevel, ProcedureLevelLabel(v.level));
        procedures.Text(kImplementingAgency, v.implementing_agency);
        procedures.Text(kCompetentAgency, v.competent_agency);
        procedures.Number(kDeadline, v.deadline);
        procedures.Text(kDeadlineUnit, DurationUnitLabel(v.deadline_unit));
        if (v.fees.size() == 1) {
            procedures.Number(kFeeAmounts, static_cast<double>(v.fees[0].amount_vnd));
        } else {
            procedures.Text(kFeeAmounts, FeeAmounts(v.fees));
        }
        procedures.Text(kFeeNames, FeeNames(v.fees));
        procedures.Text(kLegalBasis, v.legal_basis);
        procedures.Text(kResult, v.result);
        procedures.Text(kOnlineLevel, OnlineLevelLabel(v.online_level));
        procedures.Text(kPostal, v.postal ? kYes : kNo);
        procedures.Text(kSubjects, v.subjects);
        procedures.Text(kRequirements, v.requirements);
        procedures.Text(kSteps, v.steps);

        for (const Component& c : v.components) {
            components.NextRow();
            components.Text(kComponentProcedure, v.code);
            components.Text(kComponentCode, c.code);
            components.Text(kComponentName, c.name);
            components.Text(kComponentRequired, c.required ? kYes : kNo);
            components.Number(kComponentCopies, c.copies);
            components.Text(kComponentOriginal, c.original ? kYes : kNo);
            components.Text(kComponentTemplate, c.template_url);
        }
        for (const Fee& fee : v.fees) {
            fees.NextRow();
            fees.Text(kFeeProcedure, v.code);
            fees.Text(kFeeName, fee.name);
            fees.Number(kFeeAmount, static_cast<double>(fee.amount_vnd));
            fees.Text(kFeeDescription, fee.description);
        }
    }
    procedures.Finish();
    components.Finish();
    fees.Finish();
    for (const SheetWriter* sheet : {&procedures, &components, &fees}) {
        if (sheet->LastError() != LXW_NO_ERROR) {
            return Fail(
                ErrorCode::kInternal,
                fmt::format(
                    "cannot build workbook '{}': {}", path, lxw_strerror(sheet->LastError())),
                "không tạo được bảng tính");
        }
    }
    const lxw_error closed = workbook_close(workbook.release());
    if (closed != LXW_NO_ERROR) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("cannot write workbook '{}': {}", path, lxw_strerror(closed)),
                    fmt::format("không ghi được tệp bảng tính '{}'", path));
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Reading: the XLSX container (a zip of XML parts)

namespace {

struct ZipDiscard {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};

using ZipArchive = std::unique_ptr<zip_t, ZipDiscard>;

struct ZipFileClose {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};

std::string ZipErrorText(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

Error NotWorkbook(const std::string& path, std::string_view why) {
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("'{}' is not an XLSX workbook: {}", path, why),
                 fmt::format("'{}' không phải tệp bảng tính XLSX", path),
                 {}};
}

Result<ZipArchive> OpenArchive(const std::string& path) {
    int code = 0;
    ZipArchive archive(zip_open(path.c_str(), ZIP_RDONLY, &code));
    if (archive) {
        return archive;
    }
    switch (code) {
        case ZIP_ER_NOENT:
            return Fail(ErrorCode::kNotFound,
                        fmt::format("workbook '{}' does not exist", path),
                        fmt::format("không có tệp bảng tính '{}'", path));
        case ZIP_ER_NOZIP:
        case ZIP_ER_INCONS:
            return tl::unexpected(NotWorkbook(path, ZipErrorText(code)));
        default:
            return Fail(ErrorCode::kUnavailable,
                        fmt::format("cannot open workbook '{}': {}", path, ZipErrorText(code)),
                        fmt::format("không mở được tệp bảng tính '{}'", path));
    }
}

// The uncompressed bytes of part `name`, or nullopt when the archive has no such part.
Result<std::optional<std::string>> ReadPart(zip_t* archive,
                                            const std::string& path,
                                            const std::string& name) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(archive, name.c_str(), 0, &stat) != 0) {
        return std::optional<std::string>();
    }
    if ((stat.valid & ZIP_STAT_SIZE) == 0 || stat.size > kMaxPartBytes) {
        return tl::unexpected(NotWorkbook(path, fmt::format("part {} is too large", name)));
    }
    std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen(archive, name.c_str(), 0));
    if (!file) {
        return tl::unexpected(
            NotWorkbook(path, fmt::format("cannot open part {}: {}", name, zip_strerror(archive))));
    }
    std::string data(static_cast<std::size_t>(stat.size), '\0');
    zip_uint64_t done = 0;
    while (done < stat.size) {
        const zip_int64_t n = zip_fread(file.get(), data.data() + done, stat.size - done);
        if (n <= 0) {
            return tl::unexpected(NotWorkbook(
                path, fmt::format("cannot read part {}: {}", name, zip_file_strerror(file.get()))));
        }
        done += static_cast<zip_uint64_t>(n);
    }
    return std::optional<std::string>(std::move(data));
}

// ---------------------------------------------------------------------------------------------
// XML parts, read with expat in namespace mode (names arrive as "uri|local").

std::string_view LocalName(const XML_Char* name) {
    const std::string_view full(name);
    const std::size_t bar = full.rfind('|');
    return bar == std::string_view::npos ? full : full.substr(bar + 1);
}

// The attribute with local name `local`, empty when absent.
std::string_view Attribute(const XML_Char** attributes, std::string_view local) {
    for (std::size_t i = 0; attributes[i] != nullptr; i += 2) {
        if (LocalName(attributes[i]) == local) {
            return attributes[i + 1];
        }
    }
    return {};
}

struct ParserFree {
    void operator()(XML_ParserStruct* parser) const { XML_ParserFree(parser); }
};

// Feeds `data` through `handler`, which has Start(local, attributes), End(local) and
// Text(text) members; the handler may record an error that stops the parse.
template <class Handler>
Result<void> ParseXml(std::string_view data,
                      const std::string& path,
                      const std::string& part,
                      Handler& handler) {
    std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreateNS(nullptr, '|'));
    if (!parser) {
        return Fail(ErrorCode::kInternal, "cannot create an XML parser: out of memory");
    }
    XML_SetUserData(parser.get(), &handler);
    XML_SetElementHandler(
        parser.get(),
        [](void* user, const XML_Char* name, const XML_Char** attributes) {
            static_cast<Handler*>(user)->Start(LocalName(name), attributes);
        },
        [](void* user, const XML_Char* name) {
            static_cast<Handler*>(user)->End(LocalName(name));
        });
    XML_SetCharacterDataHandler(parser.get(), [](void* user, const XML_Char* text, int length) {
        static_cast<Handler*>(user)->Text(std::string_view(text, static_cast<std::size_t>(length)));
    });
    if (data.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        return tl::unexpected(NotWorkbook(path, fmt::format("part {} is too large", part)));
    }
    if (XML_Parse(parser.get(), data.data(), static_cast<int>(data.size()), XML_TRUE) !=
        XML_STATUS_OK) {
        return tl::unexpected(
            NotWorkbook(path,
                        fmt::format("part {}: malformed XML at line {}: {}",
                                    part,
                                    XML_GetCurrentLineNumber(parser.get()),
                                    XML_ErrorString(XML_GetErrorCode(parser.get())))));
    }
    return {};
}

// xl/workbook.xml: the sheets, in order, with their relationship ids.
struct WorkbookHandler {
    std::vector<std::pair<std::string, std::string>> sheets;  // name, r:id

    void Start(std::string_view name, const XML_Char** attributes) {
        if (name == "sheet") {
            sheets.emplace_back(Attribute(attributes, "name"), Attribute(attributes, "id"));
        }
    }

    void End(std::string_view /*name*/) {}

    void Text(std::string_view /*text*/) {}
};

// xl/_rels/workbook.xml.rels: relationship id → part, and the shared strings part.
struct RelationsHandler {
    std::map<std::string, std::string, std::less<>> targets;
    std::string shared_strings;

    void Start(std::string_view name, const XML_Char** attributes) {
        if (name == "Relationship") {
            const std::string target = PartName(Attribute(attributes, "Target"));
            targets.emplace(Attribute(attributes, "Id"), target);
            if (Attribute(attributes, "Type").ends_with("/sharedStrings")) {
                shared_strings = target;
            }
        }
    }

    void End(std::string_view /*name*/) {}

    void Text(std::string_view /*text*/) {}

    // Targets are relative to xl/ unless absolute.
    static std::string PartName(std::string_view target) {
        if (target.starts_with('/')) {
            return std::string(target.substr(1));
        }
        return fmt::format("xl/{}", target);
    }
};

// xl/sharedStrings.xml: <si> items, each the text of its <t> elements (phonetic runs skipped).
struct SharedStringsHandler {
    std::vector<std::string> strings;
    bool in_text = false;
    int phonetic_depth = 0;

    void Start(std::string_view name, const XML_Char** /*attributes*/) {
        if (name == "si") {
            strings.emplace_back();
        } else if (name == "rPh") {
            ++phonetic_depth;
        } else if (name == "t") {
            in_text = true;
        }
    }

    void End(std::string_view name) {
        if (name == "rPh") {
            --phonetic_depth;
        } else if (name == "t") {
            in_text = false;
        }
    }

    void Text(std::string_view text) {
        if (in_text && phonetic_depth == 0 && !strings.empty()) {
            strings.back().append(text);
        }
    }
};

enum class CellType { kEmpty, kString, kNumber, kBool, kError };

struct Cell {
    CellType type = CellType::kEmpty;
    std::string text;  // the string, the number as written, "0"/"1", or the error value
};

struct SheetRow {
    std::uint32_t number = 0;  // 1-based, as the spreadsheet shows it
    std::vector<Cell> cells;   // by 0-based column
};

constexpr std::uint32_t kMaxRows = 1'048'576;
constexpr std::size_t kMaxColumns = 16'384;

// A worksheet part: rows of cells, shared strings resolved.
class SheetHandler {
public:
    explicit SheetHandler(const std::vector<std::string>& shared) : shared_(shared) {}

    void Start(std::string_view name, const XML_Char** attributes) {
        if (!error_.empty()) {
            return;
        }
        if (name == "row") {
            SheetRow row;
            const std::string_view r = Attribute(attributes, "r");
            std::uint32_t number = last_row_ + 1;
            if (!r.empty() && !ParseNumber(r, number)) {
                error_ = fmt::format("bad row number '{}'", r);
                return;
            }
            if (number == 0 || number > kMaxRows) {
                error_ = fmt::format("bad row number '{}'", r);
                return;
            }
            row.number = number;
            last_row_ = number;
            rows_.push_back(std::move(row));
            next_column_ = 0;
        } else if (name == "c" && !rows_.empty()) {
            column_ = next_column_;
            const std::string_view ref = Attribute(attributes, "r");
            if (!ref.empty() && !ParseColumn(ref, column_)) {
                error_ = fmt::format("bad cell reference '{}'", ref);
                return;
            }
            next_column_ = column_ + 1;
            type_ = Attribute(attributes, "t");
            value_.clear();
            in_cell_ = true;
        } else if (in_cell_ && (name == "v" || name == "t")) {
            in_value_ = true;
        } else if (in_cell_ && name == "rPh") {
            ++phonetic_depth_;
        }
    }

    void End(std::string_view name) {
        if (!error_.empty()) {
            return;
        }
        if (name == "v" || name == "t") {
            in_value_ = false;
        } else if (name == "rPh") {
            --phonetic_depth_;
        } else if (name == "c" && in_cell_) {
            in_cell_ = false;
            StoreCell();
        }
    }

    void Text(std::string_view text) {
        if (in_value_ && phonetic_depth_ == 0) {
            value_.append(text);
        }
    }

    const std::string& ParseError() const { return error_; }

    std::vector<SheetRow> TakeRows() { return std::move(rows_); }

private:
    static bool ParseNumber(std::string_view text, std::uint32_t& out) {
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
        return ec == std::errc() && end == text.data() + text.size();
    }

    // "AB12" → column 27 (0-based); the row part is ignored (the <row> gives it).
    static bool ParseColumn(std::string_view ref, std::size_t& out) {
        std::size_t column = 0;
        std::size_t i = 0;
        for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
            column = column * 26 + static_cast<std::size_t>(ref[i] - 'A' + 1);
            if (column > kMaxColumns) {
                return false;
            }
        }
        if (i == 0) {
            return false;
        }
        out = column - 1;
        return true;
    }

    void StoreCell() {
        Cell cell;
        if (type_ == "s") {
            std::size_t index = 0;
            const auto [end, ec] =
                std::from_chars(value_.data(), value_.data() + value_.size(), index);
            if (ec != std::errc() || end != value_.data() + value_.size() ||
                index >= shared_.size()) {
                error_ = fmt::format("shared string '{}' does not exist", value_);
                return;
            }
            cell = {CellType::kString, UnescapeCellText(shared_[index])};
        } else if (type_ == "inlineStr" || type_ == "str") {
            cell = {CellType::kString, UnescapeCellText(value_)};
        } else if (type_ == "b") {
            cell = {CellType::kBool, value_};
        } else if (type_ == "e") {
            cell = {CellType::kError, value_};
        } else if (!value_.empty()) {
            cell = {CellType::kNumber, value_};
        }
        std::vector<Cell>& cells = rows_.back().cells;
        if (cells.size() <= column_) {
            cells.resize(column_ + 1);
        }
        cells[column_] = std::move(cell);
    }

    const std::vector<std::string>& shared_;
    std::vector<SheetRow> rows_;
    std::uint32_t last_row_ = 0;
    std::size_t next_column_ = 0;
    std::size_t column_ = 0;
    std::string type_;
    std::string value_;
    bool in_cell_ = false;
    bool in_value_ = false;
    int phonetic_depth_ = 0;
    std::string error_;
};

// The sheets of a workbook by name, read on demand.
class WorkbookReader {
public:
    static Result<WorkbookReader> Open(const std::string& path) {
        MOTCUA_ASSIGN_OR_RETURN(ZipArchive archive, OpenArchive(path));
        WorkbookReader reader(path, std::move(archive));
        MOTCUA_ASSIGN_OR_RETURN(const std::optional<std::string> workbook_xml,
                                reader.Part("xl/workbook.xml"));
        MOTCUA_ASSIGN_OR_RETURN(const std::optional<std::string> rels_xml,
                                reader.Part("xl/_rels/workbook.xml.rels"));
        if (!workbook_xml || !rels_xml) {
            return tl::unexpected(NotWorkbook(path, "the zip has no xl/workbook.xml"));
        }
        WorkbookHandler workbook;
        MOTCUA_TRY(ParseXml(*workbook_xml, path, "xl/workbook.xml", workbook));
        RelationsHandler relations;
        MOTCUA_TRY(ParseXml(*rels_xml, path, "xl/_rels/workbook.xml.rels", relations));
        for (const auto& [name, id] : workbook.sheets) {
            const auto target = relations.targets.find(id);
            if (target != relations.targets.end()) {
                reader.sheet_parts_.emplace_back(name, target->second);
            }
        }
        const std::string shared_part = relations.shared_strings.empty()
                                            ? std::string("xl/sharedStrings.xml")
                                            : relations.shared_strings;
        MOTCUA_ASSIGN_OR_RETURN(const std::optional<std::string> shared_xml,
                                reader.Part(shared_part));
        if (shared_xml) {
            SharedStringsHandler shared;
            MOTCUA_TRY(ParseXml(*shared_xml, path, shared_part, shared));
            reader.shared_strings_ = std::move(shared.strings);
        }
        return reader;
    }

    // The rows of the sheet named `name` (case and diacritics ignored), nullopt when the
    // workbook has no such sheet.
    Result<std::optional<std::vector<SheetRow>>> Sheet(std::string_view name) {
        const std::string wanted = FoldVietnamese(name);
        for (const auto& [sheet_name, part] : sheet_parts_) {
            if (FoldVietnamese(sheet_name) != wanted) {
                continue;
            }
            MOTCUA_ASSIGN_OR_RETURN(const std::optional<std::string> xml, Part(part));
            if (!xml) {
                return tl::unexpected(
                    NotWorkbook(path_, fmt::format("sheet {} has no part {}", name, part)));
            }
            SheetHandler handler(shared_strings_);
            MOTCUA_TRY(ParseXml(*xml, path_, part, handler));
            if (!handler.ParseError().empty()) {
                return tl::unexpected(
                    NotWorkbook(path_, fmt::format("sheet {}: {}", name, handler.ParseError())));
            }
            return std::optional<std::vector<SheetRow>>(handler.TakeRows());
        }
        return std::optional<std::vector<SheetRow>>();
    }

private:
    WorkbookReader(std::string path, ZipArchive archive)
        : path_(std::move(path)), archive_(std::move(archive)) {}

    Result<std::optional<std::string>> Part(const std::string& name) {
        return ReadPart(archive_.get(), path_, name);
    }

    std::string path_;
    ZipArchive archive_;
    std::vector<std::pair<std::string, std::string>> sheet_parts_;  // name, part
    std::vector<std::string> shared_strings_;
};

// ---------------------------------------------------------------------------------------------
// Reading: cells to values

std::string_view Trim(std::string_view text) {
    constexpr std::string_view kSpace = " \t\r\n";
    const std::size_t first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

bool IsBlank(const Cell* cell) {
    return cell == nullptr || cell->type == CellType::kEmpty ||
           (cell->type == CellType::kString && Trim(cell->text).empty());
}

// A sheet whose header row has been matched against a layout.
class Table {
public:
    // Matches the first non-blank row against `columns`; kInvalidArgument when a `required`
    // column is missing.
    template <std::size_t N, std::size_t R, class Index>
    static Result<Table> Make(std::string_view sheet,
                              std::vector<SheetRow> rows,
                              const std::array<ColumnSpec, N>& columns,
                              const std::array<Index, R>& required) {
        Table table(sheet, columns);
        auto header = std::find_if(rows.begin(), rows.end(), [](const SheetRow& row) {
            return std::any_of(row.cells.begin(), row.cells.end(), [](const Cell& cell) {
                return !IsBlank(&cell);
            });
        });
        if (header != rows.end()) {
            for (std::size_t c = 0; c < header->cells.size(); ++c) {
                const std::string folded = FoldVietnamese(header->cells[c].text);
                for (std::size_t k = 0; k < N; ++k) {
                    if (!table.position_[k] && folded == FoldVietnamese(columns[k].header)) {
                        table.position_[k] = c;
                    }
                }
            }
            table.rows_.assign(std::make_move_iterator(header + 1),
                               std::make_move_iterator(rows.end()));
        }
        for (const Index k : required) {
            if (!table.position_[k]) {
                return Fail(
                    ErrorCode::kInvalidArgument,
                    fmt::format("sheet {}: missing column '{}' in the header row",
                                sheet,
                                columns[k].header),
                    fmt::format(
                        "trang {}: thiếu cột '{}' ở dòng tiêu đề", sheet, columns[k].header),
                    std::string(sheet));
            }
        }
        return table;
    }

    const std::vector<SheetRow>& Rows() const { return rows_; }

    bool HasColumn(std::size_t column) const { return position_[column].has_value(); }

    // The cell of `row` under layout column `column`; nullptr when absent.
    const Cell* At(const SheetRow& row, std::size_t column) const {
        const auto& position = position_[column];
        if (!position || *position >= row.cells.size()) {
            return nullptr;
        }
        return &row.cells[*position];
    }

    bool IsBlankRow(const SheetRow& row) const {
        return std::all_of(
            row.cells.begin(), row.cells.end(), [](const Cell& cell) { return IsBlank(&cell); });
    }

    Error CellError(std::uint32_t row,
                    std::size_t column,
                    std::string_view problem,
                    std::string_view problem_vi) const {
        const std::string_view header = columns_[column].header;
        const std::string cell =
            position_[column]
                ? fmt::format("{}!{}{}", sheet_, ColumnLetters(*position_[column]), row)
                : fmt::format("{}!{}", sheet_, row);
        return Error{ErrorCode::kInvalidArgument,
                     fmt::format("{} row {}, column '{}': {}", sheet_, row, header, problem),
                     fmt::format("{} dòng {}, cột '{}': {}", sheet_, row, header, problem_vi),
                     cell};
    }

    // Text of a cell; numbers as written, booleans as TRUE/FALSE.
    Result<std::string> Text(const SheetRow& row, std::size_t column) const {
        const Cell* cell = At(row, column);
        if (IsBlank(cell)) {
            return std::string();
        }
        switch (cell->type) {
            case CellType::kError:
                return tl::unexpected(CellError(row.number,
                                                column,
                                                fmt::format("error value {}", cell->text),
                                                fmt::format("ô lỗi {}", cell->text)));
            case CellType::kBool:
                return std::string(cell->text == "1" ? "TRUE" : "FALSE");
            default:
                return cell->text;
        }
    }

    // A procedure code; a code typed into Excel and stored as a number with a fraction
    // (1.001193, possibly as 1.0011930000000001) is read with six decimals.
    Result<std::string> Code(const SheetRow& row, std::size_t column) const {
        const Cell* cell = At(row, column);
        if (!IsBlank(cell) && cell->type == CellType::kNumber &&
            cell->text.find('.') != std::string::npos) {
            double value = 0;
            const auto [end, ec] =
                std::from_chars(cell->text.data(), cell->text.data() + cell->text.size(), value);
            if (ec == std::errc() && end == cell->text.data() + cell->text.size()) {
                return fmt::format("{:.6f}", value);
            }
        }
        return Text(row, column);
    }

    // An integer cell: a number without fraction, or text of digits. `fallback` when blank and
    // not required.
    Result<std::int64_t> Integer(const SheetRow& row,
                                 std::size_t column,
                                 bool required,
                                 std::int64_t min,
                                 std::int64_t max,
                                 std::int64_t fallback = 0) const {
        const Cell* cell = At(row, column);
        if (IsBlank(cell)) {
            if (required) {
                return tl::unexpected(CellError(row.number, column, "missing", "thiếu"));
            }
            return fallback;
        }
        const auto not_number = [&] {
            return tl::unexpected(
                CellError(row.number, column, "not a number", "không phải là số"));
        };
        std::int64_t value = 0;
        if (cell->type == CellType::kNumber) {
            double number = 0;
            const auto [end, ec] =
                std::from_chars(cell->text.data(), cell->text.data() + cell->text.size(), number);
            if (ec != std::errc() || end != cell->text.data() + cell->text.size()) {
                return not_number();
            }
            if (std::floor(number) != number || std::abs(number) > 9.0e15) {
                return tl::unexpected(
                    CellError(row.number,
                              column,
                              fmt::format("{} is not a whole number", cell->text),
                              fmt::format("{} không phải số nguyên", cell->text)));
            }
            value = static_cast<std::int64_t>(number);
        } else if (cell->type == CellType::kString) {
            const std::string_view text = Trim(cell->text);
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec != std::errc() || end != text.data() + text.size()) {
                return not_number();
            }
        } else {
            return not_number();
        }
        if (value < min || value > max) {
            return tl::unexpected(CellError(row.number,
                                            column,
                                            fmt::format("{} is out of range", value),
                                            fmt::format("{} nằm ngoài khoảng cho phép", value)));
        }
        return value;
    }

    // "Có"/"Không" (also x, TRUE/FALSE, 1/0, yes/no); `fallback` when blank.
    Result<bool> Flag(const SheetRow& row, std::size_t column, bool fallback) const {
        const Cell* cell = At(row, column);
        if (IsBlank(cell)) {
            return fallback;
        }
        if (cell->type == CellType::kBool || cell->type == CellType::kNumber) {
            if (cell->text == "1" || cell->text == "0") {
                return cell->text == "1";
            }
        } else if (cell->type == CellType::kString) {
            const std::string folded = FoldVietnamese(cell->text);
            if (folded == "co" || folded == "x" || folded == "true" || folded == "yes" ||
                folded == "1") {
                return true;
            }
            if (folded == "khong" || folded == "false" || folded == "no" || folded == "0") {
                return false;
            }
        }
        return tl::unexpected(
            CellError(row.number,
                      column,
                      fmt::format("'{}' is not {} or {}", cell->text, kYes, kNo),
                      fmt::format("'{}' không phải {} hoặc {}", cell->text, kYes, kNo)));
    }

    // A label parsed by `parse`; blank is `fallback` or, without one, "missing".
    template <class T>
    Result<T> Labelled(const SheetRow& row,
                       std::size_t column,
                       Result<T> (*parse)(std::string_view),
                       std::optional<T> fallback) const {
        MOTCUA_ASSIGN_OR_RETURN(const std::string text, Text(row, column));
        if (Trim(text).empty()) {
            if (fallback) {
                return *fallback;
            }
            return tl::unexpected(CellError(row.number, column, "missing", "thiếu"));
        }
        auto value = parse(Trim(text));
        if (!value) {
            const auto& cause = value.error();
            return tl::unexpected(
                CellError(row.number,
                          column,
                          cause.message,
                          cause.message_vi.empty() ? cause.message : cause.message_vi));
        }
        return *value;
    }

private:
    Table(std::string_view sheet, std::span<const ColumnSpec> columns)
        : sheet_(sheet), columns_(columns), position_(columns.size()) {}

    std::string_view sheet_;
    std::span<const ColumnSpec> columns_;
    std::vector<std::optional<std::size_t>> position_;  // layout column → sheet column
    std::vector<SheetRow> rows_;
};

std::vector<std::string_view> SplitList(std::string_view text) {
    std::vector<std::string_view> items;
    if (Trim(text).empty()) {
        return items;
    }
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find(';', start);
        items.push_back(Trim(text.substr(start, end == text.npos ? text.npos : end - start)));
        if (end == text.npos) {
            return items;
        }
        start = end + 1;
    }
}

// Where a procedure's parts came from, to report validation errors at their cells.
struct Origin {
    std::uint32_t row = 0;                      // ThuTuc row
    std::vector<std::uint32_t> component_rows;  // ThanhPhanHoSo rows
    std::vector<std::uint32_t> fee_rows;        // PhiLePhi rows, or the ThuTuc row
};

// Fees from the ThuTuc summary columns (used when the workbook has no PhiLePhi sheet).
Result<std::vector<Fee>> SummaryFees(const Table& table, const SheetRow& row) {
    std::vector<Fee> fees;
    const Cell* amounts = table.At(row, kFeeAmounts);
    if (IsBlank(amounts)) {
        return fees;
    }
    if (amounts->type == CellType::kNumber) {
        MOTCUA_ASSIGN_OR_RETURN(const std::int64_t amount,
                                table.Integer(row,
                                              kFeeAmounts,
                                              true,
                                              std::numeric_limits<std::int64_t>::min(),
                                              std::numeric_limits<std::int64_t>::max()));
        fees.push_back({"", amount, ""});
    } else {
        MOTCUA_ASSIGN_OR_RETURN(const std::string text, table.Text(row, kFeeAmounts));
        for (const std::string_view item : SplitList(text)) {
            std::string digits;
            for (const char c : item) {
                if (c != '.' && c != ',' && c != ' ') {
                    digits.push_back(c);
                }
            }
            std::int64_t amount = 0;
            const auto [end, ec] =
                std::from_chars(digits.data(), digits.data() + digits.size(), amount);
            if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
                return tl::unexpected(table.CellError(row.number,
                                                      kFeeAmounts,
                                                      fmt::format("'{}' is not a number", item),
                                                      fmt::format("'{}' không phải là số", item)));
            }
            fees.push_back({"", amount, ""});
        }
    }
    MOTCUA_ASSIGN_OR_RETURN(const std::string names_text, table.Text(row, kFeeNames));
    const std::vector<std::string_view> names = SplitList(names_text);
    if (!names.empty() && names.size() != fees.size()) {
        return tl::unexpected(
            table.CellError(row.number,
                            kFeeNames,
                            fmt::format("{} fee names for {} amounts", names.size(), fees.size()),
                            fmt::format("{} tên phí cho {} mức phí", names.size(), fees.size())));
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        fees[i].name = names[i];
    }
    return fees;
}

Result<std::pair<ProcedureVersion, Origin>> ReadProcedureRow(const Table& table,
                                                             const SheetRow& row) {
    ProcedureVersion v;
    Origin origin;
    origin.row = row.number;
    MOTCUA_ASSIGN_OR_RETURN(v.code, table.Code(row, kCode));
    MOTCUA_ASSIGN_OR_RETURN(v.name, table.Text(row, kName));
    MOTCUA_ASSIGN_OR_RETURN(v.sector_code, table.Text(row, kSectorCode));
    MOTCUA_ASSIGN_OR_RETURN(v.sector_name, table.Text(row, kSectorName));
    MOTCUA_ASSIGN_OR_RETURN(v.level,
                            table.Labelled(row,
                                           kLevel,
                                           &ParseProcedureLevelLabel,
                                           std::optional<core::catalog::ProcedureLevel>()));
    MOTCUA_ASSIGN_OR_RETURN(v.implementing_agency, table.Text(row, kImplementingAgency));
    MOTCUA_ASSIGN_OR_RETURN(v.competent_agency, table.Text(row, kCompetentAgency));
    MOTCUA_ASSIGN_OR_RETURN(const std::int64_t deadline,
                            table.Integer(row,
                                          kDeadline,
                                          true,
                                          std::numeric_limits<int>::min(),
                                          std::numeric_limits<int>::max()));
    v.deadline = static_cast<int>(deadline);
    MOTCUA_ASSIGN_OR_RETURN(v.deadline_unit,
                            table.Labelled(row,
                                           kDeadlineUnit,
                                           &ParseDurationUnitLabel,
                                           std::optional<core::catalog::DurationUnit>()));
    MOTCUA_ASSIGN_OR_RETURN(v.legal_basis, table.Text(row, kLegalBasis));
    MOTCUA_ASSIGN_OR_RETURN(v.result, table.Text(row, kResult));
    MOTCUA_ASSIGN_OR_RETURN(v.online_level,
                            table.Labelled(row,
                                           kOnlineLevel,
                                           &ParseOnlineLevelLabel,
                                           std::optional<OnlineLevel>(OnlineLevel::kNone)));
    MOTCUA_ASSIGN_OR_RETURN(v.postal, table.Flag(row, kPostal, false));
    MOTCUA_ASSIGN_OR_RETURN(v.subjects, table.Text(row, kSubjects));
    MOTCUA_ASSIGN_OR_RETURN(v.requirements, table.Text(row, kRequirements));
    MOTCUA_ASSIGN_OR_RETURN(v.steps, table.Text(row, kSteps));
    return std::pair{std::move(v), std::move(origin)};
}

// Reports a catalog::ValidateVersion error at the cell the field came from.
Error AtCell(const Error& error,
             const Origin& origin,
             const Table& procedures,
             const std::optional<Table>& components,
             const Table& fees_table,
             bool fees_in_summary) {
    std::string problem = error.message;
    std::string problem_vi = error.message_vi.empty() ? error.message : error.message_vi;
    const std::string prefix = error.field + ": ";
    if (problem.starts_with(prefix)) {
        problem.erase(0, prefix.size());
    }
    if (problem_vi.starts_with(prefix)) {
        problem_vi.erase(0, prefix.size());
    }
    const std::string_view field = error.field;
    if (field == "name") {
        return procedures.CellError(origin.row, kName, problem, problem_vi);
    }
    if (field == "sector_name") {
        return procedures.CellError(origin.row, kSectorName, problem, problem_vi);
    }
    if (field == "deadline") {
        return procedures.CellError(origin.row, kDeadline, problem, problem_vi);
    }
    const std::size_t open = field.find('[');
    const std::size_t close = field.find("].");
    if (open != std::string_view::npos && close != std::string_view::npos && open < close) {
        std::size_t index = 0;
        for (const char c : field.substr(open + 1, close - open - 1)) {
            index = index * 10 + static_cast<std::size_t>(c - '0');
        }
        const std::string_view list = field.substr(0, open);
        const std::string_view member = field.substr(close + 2);
        if (list == "components" && components && index < origin.component_rows.size()) {
            const std::size_t column = member == "code"   ? kComponentCode
                                       : member == "name" ? kComponentName
                                                          : kComponentCopies;
            return components->CellError(origin.component_rows[index], column, problem, problem_vi);
        }
        if (list == "fees" && index < origin.fee_rows.size()) {
            if (fees_in_summary) {
                return procedures.CellError(origin.row, kFeeAmounts, problem, problem_vi);
            }
            return fees_table.CellError(origin.fee_rows[index], kFeeAmount, problem, problem_vi);
        }
    }
    return procedures.CellError(origin.row, kCode, problem, problem_vi);
}

}  // namespace

Result<std::vector<ProcedureVersion>> ReadCatalogXlsx(const std::string& path) {
    MOTCUA_ASSIGN_OR_RETURN(WorkbookReader workbook, WorkbookReader::Open(path));

    MOTCUA_ASSIGN_OR_RETURN(std::optional<std::vector<SheetRow>> procedure_rows,
                            workbook.Sheet(kThuTucSheet));
    if (!procedure_rows) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("workbook '{}' has no sheet {}", path, kThuTucSheet),
                    fmt::format("bảng tính '{}' không có trang {}", path, kThuTucSheet));
    }
    MOTCUA_ASSIGN_OR_RETURN(
        const Table procedures,
        Table::Make(kThuTucSheet, std::move(*procedure_rows), kThuTucColumns, kThuTucRequired));

    std::vector<ProcedureVersion> versions;
    std::vector<Origin> origins;
    std::map<std::string, std::size_t, std::less<>> by_code;
    for (const SheetRow& row : procedures.Rows()) {
        if (procedures.IsBlankRow(row)) {
            continue;
        }
        MOTCUA_ASSIGN_OR_RETURN(auto read, ReadProcedureRow(procedures, row));
        auto& [version, origin] = read;
        const auto [it, inserted] = by_code.emplace(version.code, versions.size());
        if (!inserted) {
            return tl::unexpected(procedures.CellError(
                row.number,
                kCode,
                fmt::format("procedure {} already appears in row {}",
                            version.code,
                            origins[it->second].row),
                fmt::format("TTHC {} đã có ở dòng {}", version.code, origins[it->second].row)));
        }
        // Row fields first, so that errors come in row order.
        if (auto valid = core::catalog::ValidateVersion(version); !valid) {
            return tl::unexpected(
                AtCell(valid.error(), origin, procedures, std::nullopt, procedures, true));
        }
        versions.push_back(std::move(version));
        origins.push_back(std::move(origin));
    }

    // Finds the procedure of a ThanhPhanHoSo/PhiLePhi row by its Mã TTHC.
    const auto owner =
        [&](const Table& table, const SheetRow& row, std::size_t column) -> Result<std::size_t> {
        MOTCUA_ASSIGN_OR_RETURN(const std::string code, table.Code(row, column));
        const auto it = by_code.find(code);
        if (it == by_code.end()) {
            return tl::unexpected(table.CellError(
                row.number,
                column,
                fmt::format("procedure '{}' is not in sheet {}", code, kThuTucSheet),
                fmt::format("TTHC '{}' không có trong trang {}", code, kThuTucSheet)));
        }
        return it->second;
    };

    std::optional<Table> components;
    MOTCUA_ASSIGN_OR_RETURN(std::optional<std::vector<SheetRow>> component_rows,
                            workbook.Sheet(kComponentSheet));
    if (component_rows) {
        MOTCUA_ASSIGN_OR_RETURN(Table table,
                                Table::Make(kComponentSheet,
                                            std::move(*component_rows),
                                            kComponentColumns,
                                            kComponentRequiredColumns));
        components.emplace(std::move(table));
        for (const SheetRow& row : components->Rows()) {
            if (components->IsBlankRow(row)) {
                continue;
            }
            MOTCUA_ASSIGN_OR_RETURN(const std::size_t index,
                                    owner(*components, row, kComponentProcedure));
            Component c;
            MOTCUA_ASSIGN_OR_RETURN(c.code, components->Text(row, kComponentCode));
            MOTCUA_ASSIGN_OR_RETURN(c.name, components->Text(row, kComponentName));
            MOTCUA_ASSIGN_OR_RETURN(c.required, components->Flag(row, kComponentRequired, true));
            MOTCUA_ASSIGN_OR_RETURN(const std::int64_t copies,
                                    components->Integer(row,
                                                        kComponentCopies,
                                                        false,
                                                        std::numeric_limits<int>::min(),
                                                        std::numeric_limits<int>::max(),
                                                        1));
            c.copies = static_cast<int>(copies);
            MOTCUA_ASSIGN_OR_RETURN(c.original, components->Flag(row, kComponentOriginal, false));
            MOTCUA_ASSIGN_OR_RETURN(c.template_url, components->Text(row, kComponentTemplate));
            versions[index].components.push_back(std::move(c));
            origins[index].component_rows.push_back(row.number);
        }
    }

    MOTCUA_ASSIGN_OR_RETURN(std::optional<std::vector<SheetRow>> fee_rows,
                            workbook.Sheet(kFeeSheet));
    const bool fees_in_summary = !fee_rows.has_value();
    MOTCUA_ASSIGN_OR_RETURN(Table fees,
                            Table::Make(kFeeSheet,
                                        fee_rows ? std::move(*fee_rows) : std::vector<SheetRow>(),
                                        kFeeColumns,
                                        std::array<FeeColumn, 0>{}));
    if (fees_in_summary) {
        for (std::size_t i = 0; i < versions.size(); ++i) {
            const auto row = std::find_if(
                procedures.Rows().begin(), procedures.Rows().end(), [&](const SheetRow& r) {
                    return r.number == origins[i].row;
                });
            MOTCUA_ASSIGN_OR_RETURN(versions[i].fees, SummaryFees(procedures, *row));
            origins[i].fee_rows.assign(versions[i].fees.size(), origins[i].row);
        }
    } else {
        for (const FeeColumn k : kFeeRequiredColumns) {
            if (!fees.HasColumn(k)) {
                return Fail(ErrorCode::kInvalidArgument,
                            fmt::format("sheet {}: missing column '{}' in the header row",
                                        kFeeSheet,
                                        kFeeColumns[k].header),
                            fmt::format("trang {}: thiếu cột '{}' ở dòng tiêu đề",
                                        kFeeSheet,
                                        kFeeColumns[k].header),
                            std::string(kFeeSheet));
            }
        }
        for (const SheetRow& row : fees.Rows()) {
            if (fees.IsBlankRow(row)) {
                continue;
            }
            MOTCUA_ASSIGN_OR_RETURN(const std::size_t index, owner(fees, row, kFeeProcedure));
            Fee fee;
            MOTCUA_ASSIGN_OR_RETURN(fee.name, fees.Text(row, kFeeName));
            MOTCUA_ASSIGN_OR_RETURN(fee.amount_vnd,
                                    fees.Integer(row,
                                                 kFeeAmount,
                                                 true,
                                                 std::numeric_limits<std::int64_t>::min(),
                                                 std::numeric_limits<std::int64_t>::max()));
            MOTCUA_ASSIGN_OR_RETURN(fee.description, fees.Text(row, kFeeDescription));
            versions[index].fees.push_back(std::move(fee));
            origins[index].fee_rows.push_back(row.number);
        }
    }

    for (std::size_t i = 0; i < versions.size(); ++i) {
        if (auto valid = core::catalog::ValidateVersion(versions[i]); !valid) {
            return tl::unexpected(
                AtCell(valid.error(), origins[i], procedures, components, fees, fees_in_summary));
        }
    }
    return versions;
}

}  // namespace motcua::integrations::tthc
