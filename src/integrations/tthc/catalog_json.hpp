// The procedure catalog in the JSON layout of the national TTHC database (Cơ sở dữ liệu quốc gia
// về TTHC, DVCQG `LayThuTuc`, spec §6): an array of records, one per procedure version.
//
//   MATTHC, TENTTHC                  code, name (required strings)
//   LINHVUCTHUCHIEN                  {MALINHVUC, TENLINHVUC (required)}; read also as [one such]
//   CAPTHUCHIEN                      "Cấp Bộ" | "Cấp Tỉnh" | "Cấp Huyện" | "Cấp Xã" (required)
//   COQUANTHUCHIEN                   [{MADONVI?, TENDONVI}]; several are joined with "; "
//   COQUANCOTHAMQUYEN                string
//   TRINHTUTHUCHIEN                  [{TRUONGHOP, TRINHTU: [{TENTRINHTU}]}]: one step per line of
//                                    `steps`; on reading a named case becomes a line; a string is
//                                    also accepted
//   CACHTHUCTHUCHIEN (required)      [{KENH 1 counter | 2 online | 3 postal, THOIGIAN:
//                                    [{THOIGIANGIAIQUYET int, DONVITINH "Ngày làm việc" | "Ngày" |
//                                    "Giờ", MOTA, PHILEPHI: [{SOTIEN int, DONVI "Đồng", MOTA,
//                                    TENPHILEPHI (extension: the fee's name)}]}]}]. Written: one
//                                    channel per way the procedure is offered, all with the same
//                                    THOIGIAN; read: deadline, unit and fees of the first THOIGIAN
//                                    of the first channel (the others are checked, not kept)
//   THANHPHANHOSO                    [{GIAYTO: [{MAGIAYTO, TENGIAYTO (required), SOBANCHINH,
//                                    SOBANSAO, TENMAUDON, URL, BATBUOC}]}]; groups are flattened.
//                                    copies = SOBANCHINH + SOBANSAO, original = SOBANCHINH > 0; a
//                                    template that is a URL goes to URL, a form name to TENMAUDON
//   KETQUATHUCHIEN                   [{TENKETQUA}]; several are joined with "; "
//   CANCUPHAPLY                      [{SOVANBAN, TENVANBAN}], one per line of `legal_basis`
//                                    (SOVANBAN: the document number found in the line)
//   YEUCAU, MOTADOITUONGTHUCHIEN     strings
//   MUCDODVC, BUUCHINH (extensions)  "full" | "partial" | "none", bool; when absent, derived
//                                    from the presence of channels 2 and 3
//
// Keys not listed are ignored; null is the same as absent.
//
// Also the Vietnamese labels of the national database (cấp thực hiện, đơn vị tính, mức độ DVC),
// shared with the XLSX layout. Pure functions, thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/catalog/procedure.hpp"

namespace motcua::integrations::tthc {

// Parses an array of DVCQG procedure records into procedure versions, in input order, each
// checked with catalog::ValidateVersion. Only the content is read: id, version, decision and
// effective dates are left at their defaults (a publication decision sets them).
// kInvalidArgument for malformed JSON, a root that is not an array, a missing required key,
// a value of the wrong type or an invalid value; the message names the 1-based record and the
// field ("record 12, field THANHPHANHOSO[0].GIAYTO[2].TENGIAYTO: missing"), Error::field holds
// the same path with a 0-based record index ("[11].THANHPHANHOSO[0].GIAYTO[2].TENGIAYTO").
[[nodiscard]] Result<std::vector<core::catalog::ProcedureVersion>> ParseCatalogJson(
    std::string_view text);

// Writes `versions` as a JSON array of DVCQG records (UTF-8, two-space indent, keys in the
// order of the layout, trailing newline). ParseCatalogJson(WriteCatalogJson(v)) gives back the
// content of `v` exactly. Deterministic.
std::string WriteCatalogJson(std::span<const core::catalog::ProcedureVersion> versions);

// Cấp thực hiện as the national database writes it: "Cấp Bộ", "Cấp Tỉnh", "Cấp Huyện", "Cấp Xã".
std::string_view ProcedureLevelLabel(core::catalog::ProcedureLevel level);

// Reads a level label in any case, with or without diacritics ("Cấp tỉnh", "CAP TINH", "Tỉnh"),
// or our own names ("province"). kInvalidArgument otherwise.
[[nodiscard]] Result<core::catalog::ProcedureLevel> ParseProcedureLevelLabel(std::string_view text);

// Đơn vị tính of the settlement deadline: "Ngày làm việc", "Ngày", "Giờ" (working hours).
std::string_view DurationUnitLabel(core::catalog::DurationUnit unit);

// Reads a unit label like ParseProcedureLevelLabel ("ngày làm việc", "Giờ làm việc", "days",
// "working_days"). kInvalidArgument otherwise.
[[nodiscard]] Result<core::catalog::DurationUnit> ParseDurationUnitLabel(std::string_view text);

// Mức độ dịch vụ công trực tuyến in Vietnamese: "Toàn trình", "Một phần", "Cung cấp thông tin".
std::string_view OnlineLevelLabel(core::catalog::OnlineLevel level);

// Reads an online level as a Vietnamese label (any case, diacritics optional) or as our own
// names "full", "partial", "none". kInvalidArgument otherwise.
[[nodiscard]] Result<core::catalog::OnlineLevel> ParseOnlineLevelLabel(std::string_view text);

}  // namespace motcua::integrations::tthc
