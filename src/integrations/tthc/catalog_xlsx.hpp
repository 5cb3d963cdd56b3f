// The procedure catalog as an Excel workbook, the spreadsheet form in which provinces exchange
// the list of TTHC (same fields as the national database, Vietnamese column headers):
//
//   ThuTuc         one row per procedure: Mã TTHC, Tên TTHC, Mã lĩnh vực, Lĩnh vực,
//                  Cấp thực hiện, Cơ quan thực hiện, Cơ quan có thẩm quyền, Thời hạn giải quyết,
//                  Đơn vị tính, Phí/lệ phí (VND), Mô tả phí, Căn cứ pháp lý, Kết quả,
//                  Mức độ DVC, Bưu chính, Đối tượng, Yêu cầu, Trình tự
//   ThanhPhanHoSo  one row per paper: Mã TTHC, Mã giấy tờ, Tên giấy tờ, Bắt buộc, Số bản,
//                  Bản chính, Mẫu đơn
//   PhiLePhi       one row per fee: Mã TTHC, Tên phí, Số tiền (VND), Mô tả
//
// Row 1 of each sheet is the header (bold, frozen). "Phí/lệ phí (VND)" and "Mô tả phí" in ThuTuc
// summarise the fees (amounts and names joined by "; "); PhiLePhi is the full record and wins on
// reading; without a PhiLePhi sheet the summary columns are read instead. Labels as in
// catalog_json.hpp; yes/no cells hold "Có"/"Không". Writing uses libxlsxwriter; reading unzips the
// workbook (libzip) and parses its XML parts (expat). Functions are thread-safe for distinct paths.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "core/catalog/procedure.hpp"

namespace motcua::integrations::tthc {

// Writes `versions` to a new workbook at `path` (replacing any file there), in input order.
// A workbook holds one version per procedure code. kInvalidArgument when two versions share a
// code or a text is longer than a cell holds (32,767 characters), naming the procedure and the
// column; kUnavailable when the file cannot be written.
[[nodiscard]] Result<void> WriteCatalogXlsx(
    const std::string& path,
    std::span<const core::catalog::ProcedureVersion> versions);

// Reads a workbook in the layout above, in ThuTuc row order; the header is the first non-blank
// row of a sheet, its columns are matched by text in any order (case and diacritics ignored),
// columns other than codes, names, sector, level and deadline are optional, blank rows are
// skipped, a code typed as a number (1.001193) is read as text, and each procedure is checked
// with catalog::ValidateVersion; ThanhPhanHoSo and PhiLePhi may be absent. Only the content is read
// (id, version, decision and dates keep their defaults). kNotFound when `path` does not exist;
// kInvalidArgument when the file is not an XLSX workbook, a required sheet or column is missing, or
// a cell is invalid — then the message names the sheet, the spreadsheet row and the column header
// ("ThuTuc row 7, column 'Thời hạn giải quyết': not a number") and Error::field the cell
// ("ThuTuc!H7"); kUnavailable when the file cannot be read.
[[nodiscard]] Result<std::vector<core::catalog::ProcedureVersion>> ReadCatalogXlsx(
    const std::string& path);

}  // namespace motcua::integrations::tthc
