// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing above U+10FFFF.
// The one decoder behind text folding, display-name cleaning and form-field checks.
#pragma once

#include <cstddef>
#include <string_view>

namespace motcua::common {

// One sequence decoded from a text: its code point and length in bytes.
struct Utf8Char {
    char32_t code_point = 0;
    std::size_t length = 1;
    bool valid = false;
};

// Decodes the sequence that starts at text[pos] (pos < text.size()). A byte that does not start
// a well-formed sequence (stray continuation byte, overlong form, surrogate, value beyond
// U+10FFFF, sequence cut by the end of the text) gives {0, 1, false}.
Utf8Char DecodeUtf8(std::string_view text, std::size_t pos);

// Whether every byte of `text` belongs to a well-formed sequence.
bool IsValidUtf8(std::string_view text);

}  // namespace motcua::common
