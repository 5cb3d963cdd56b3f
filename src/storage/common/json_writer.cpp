#include "storage/common/json_writer.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace motcua::storage {

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

void JsonWriter::ThrowNotUtf8(std::string_view s) {
    // nlohmann's message names the offending byte's index within the string: dumping the string
    // alone throws exactly what dumping the whole document would have thrown.
    static_cast<void>(nlohmann::json(std::string(s)).dump());
    // Unreachable: both accept exactly RFC 3629 UTF-8.
    throw nlohmann::json::type_error::create(316, "invalid UTF-8 string", nullptr);
}

}  // namespace motcua::storage
