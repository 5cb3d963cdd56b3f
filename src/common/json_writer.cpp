#include "common/json_writer.hpp"

#include <algorithm>

namespace motcua::common {

void JsonWriter::Grow(std::size_t n) {
    out_.resize(std::max(out_.size() * 2, size_ + n));
}

void JsonWriter::Escape(unsigned char c) {
    char text[6] = {'\\', 'u', '0', '0', 0, 0};
    std::size_t n = 2;
    switch (c) {
        case '"':
            text[1] = '"';
            break;
        case '\\':
            text[1] = '\\';
            break;
        case '\b':
            text[1] = 'b';
            break;
        case '\f':
            text[1] = 'f';
            break;
        case '\n':
            text[1] = 'n';
            break;
        case '\r':
            text[1] = 'r';
            break;
        case '\t':
            text[1] = 't';
            break;
        default: {
            constexpr std::string_view kHex = "0123456789abcdef";
            text[4] = kHex[c >> 4U];
            text[5] = kHex[c & 0xFU];
            n = 6;
        }
    }
    Raw(std::string_view(text, n));
}

namespace {

// The length of the maximal ill-formed subsequence at s[i], which starts no well-formed
// sequence: a lead byte and the continuation bytes that may follow it (as far as they do), or
// else the one byte. nlohmann's decoder rejects exactly after these bytes, so replace mode
// writes one U+FFFD for them.
std::size_t IllFormedLength(std::string_view s, std::size_t i) {
    const auto [more, lo, hi] = internal::Utf8LeadOf(static_cast<unsigned char>(s[i]));
    if (more == 0) {
        return 1;
    }
    std::size_t length = 1;
    while (length <= more && i + length < s.size()) {
        const auto next = static_cast<unsigned char>(s[i + length]);
        const bool fits = length == 1 ? next >= lo && next <= hi : next >= 0x80 && next <= 0xBF;
        if (!fits) {
            break;
        }
        ++length;
    }
    return length;
}

}  // namespace

void JsonWriter::NotUtf8(std::string_view s, std::size_t& from, std::size_t& i) {
    if (all_utf8_) {
        all_utf8_ = false;
        first_not_utf8_ = std::string(s);
    }
    if (invalid_utf8_ == InvalidUtf8::kFail) {
        ++i;
        return;
    }
    Raw(s.substr(from, i - from));
    Raw("\xEF\xBF\xBD");
    i += IllFormedLength(s, i);
    from = i;
}

}  // namespace motcua::common
