// Vietnamese text folding for search: one function decides how "Đăng ký kết hôn" and
// "dang ky ket hon" meet. Lower case, diacritics removed, đ → d, runs of whitespace and
// punctuation collapsed to one space. Pure, allocation only for the result.
#pragma once

#include <string>
#include <string_view>

namespace motcua::core::catalog {

// Folds UTF-8 `text` (precomposed or combining forms) to lower-case ASCII words separated by
// single spaces. Characters outside Latin/Vietnamese letters and digits become separators.
std::string FoldVietnamese(std::string_view text);

}  // namespace motcua::core::catalog
