// A direct JSON writer: appends to one string, no tree. It writes exactly what nlohmann::json's
// dump() (no indent, ensure_ascii off) writes for the same values when the caller gives keys in
// byte order (nlohmann's objects are sorted maps): no whitespace, strings escaped the nlohmann
// way, integers in decimal. Text that is not UTF-8 is handled as the caller's InvalidUtf8 policy
// says: noted for the caller to act on (dump()'s strict mode throws there), or replaced the way
// dump()'s error_handler_t::replace replaces it. common knows no JSON library; the tests of the
// callers compare the bytes with nlohmann's.
#pragma once

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace motcua::common {

// What JsonWriter::String does with a string that is not UTF-8 (RFC 3629).
enum class InvalidUtf8 {
    // The string's bytes are written as they are (the text is then not JSON) and the writer
    // notes it (AllUtf8, FirstNotUtf8): the caller fails, or writes the value another way.
    kFail,
    // Each maximal ill-formed subsequence (Unicode §3.9: a lead byte and the continuation
    // bytes that may follow it, or else one byte) becomes U+FFFD, written as its three UTF-8
    // bytes: what nlohmann's dump(-1, ' ', false, error_handler_t::replace) writes.
    kReplace,
};

namespace internal {

// What may follow the byte `c` in well-formed UTF-8 (RFC 3629: no overlong form, no surrogate,
// nothing above U+10FFFF): how many continuation bytes (0 when `c` leads no sequence) and the
// range of the first of them (the others are 0x80–0xBF).
struct Utf8Lead {
    std::size_t more = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
};

constexpr Utf8Lead Utf8LeadOf(unsigned char c) {
    if (c >= 0xC2 && c <= 0xDF) {
        return {1, 0x80, 0xBF};
    }
    if (c >= 0xE0 && c <= 0xEF) {
        return {2,
                static_cast<unsigned char>(c == 0xE0 ? 0xA0 : 0x80),
                static_cast<unsigned char>(c == 0xED ? 0x9F : 0xBF)};
    }
    if (c >= 0xF0 && c <= 0xF4) {
        return {3,
                static_cast<unsigned char>(c == 0xF0 ? 0x90 : 0x80),
                static_cast<unsigned char>(c == 0xF4 ? 0x8F : 0xBF)};
    }
    return {};
}

}  // namespace internal

class JsonWriter {
public:
    // `capacity`: the expected size of the text, allocated once (the text grows past it).
    // `invalid_utf8`: what String does with a string that is not UTF-8.
    JsonWriter(std::size_t capacity, InvalidUtf8 invalid_utf8) : invalid_utf8_(invalid_utf8) {
        out_.resize(std::max<std::size_t>(capacity, 64));
    }

    // Bytes written so far (the offset of what comes next).
    std::size_t Size() const { return size_; }

    // Whether every string written so far was UTF-8 (under kReplace: nothing was replaced).
    bool AllUtf8() const { return all_utf8_; }

    // The first string written that was not UTF-8; empty while AllUtf8().
    std::string_view FirstNotUtf8() const { return first_not_utf8_; }

    // The text written; the writer is empty afterwards (AllUtf8 and FirstNotUtf8 stay).
    std::string Take() {
        out_.resize(size_);
        size_ = 0;
        return std::move(out_);
    }

    // Appends `text` as it is (punctuation, or JSON written elsewhere).
    JsonWriter& Raw(std::string_view text) {
        char* at = Room(text.size());
        std::memcpy(at, text.data(), text.size());
        size_ += text.size();
        return *this;
    }

    // `{` `}` `[` `]`; an object or array that is a value comes after its Key or Item.
    JsonWriter& BeginObject() { return Put('{'); }

    // `}`.
    JsonWriter& EndObject() { return Put('}'); }

    // `[`.
    JsonWriter& BeginArray() { return Put('['); }

    // `]`.
    JsonWriter& EndArray() { return Put(']'); }

    // Before each element of an array: a comma unless it is the first.
    JsonWriter& Item() {
        if (NeedsComma()) {
            Put(',');
        }
        return *this;
    }

    // `"key":`, after a comma unless it is the object's first. `key`, a literal, is plain ASCII
    // that needs no escaping; the caller gives an object's keys in byte order.
    template <std::size_t N>
    JsonWriter& Key(const char (&key)[N]) {
        constexpr std::size_t kLength = N - 1;
        char* at = Room(kLength + 4);
        std::size_t n = 0;
        if (NeedsComma()) {
            at[n++] = ',';
        }
        at[n++] = '"';
        std::memcpy(at + n, key, kLength);
        n += kLength;
        at[n++] = '"';
        at[n++] = ':';
        size_ += n;
        return *this;
    }

    // A string as nlohmann escapes it: `"` `\` and \b \f \n \r \t by their short escapes, other
    // bytes below 0x20 as \u00xx (lower-case hex), everything else (0x7F, `/`, UTF-8) as is.
    // What is not UTF-8 is handled as the writer's InvalidUtf8 policy says.
    JsonWriter& String(std::string_view s) {
        Room(s.size() + 2);
        Put('"');
        std::size_t from = 0;  // the start of the run not yet copied
        std::size_t i = 0;
        const std::size_t n = s.size();
        while (i < n) {
            // Eight plain bytes at a time; byte by byte through eight that hold another.
            if (n - i >= 8) {
                std::uint64_t eight = 0;
                std::memcpy(&eight, s.data() + i, 8);
                if (!AnyNotPlain(eight)) {
                    i += 8;
                    continue;
                }
            }
            const std::size_t end = std::min(n, i + 8);
            while (i < end) {
                const auto c = static_cast<unsigned char>(s[i]);
                if (kPlain[c]) {
                    ++i;
                    continue;
                }
                if (c >= 0x80) {
                    const std::size_t length = Utf8Length(s, i);
                    if (length == 0) [[unlikely]] {
                        NotUtf8(s, from, i);
                    } else {
                        i += length;
                    }
                    continue;
                }
                Raw(s.substr(from, i - from));
                Escape(c);
                from = ++i;
            }
        }
        Raw(s.substr(from));
        return Put('"');
    }

    // Decimal digits, `-` first when negative (nlohmann's form of every integer).
    JsonWriter& Int(std::int64_t value) {
        char* at = Room(20);  // "-9223372036854775808"
        size_ = static_cast<std::size_t>(std::to_chars(at, at + 20, value).ptr - out_.data());
        return *this;
    }

    // `true` or `false`.
    JsonWriter& Bool(bool value) {
        return Raw(value ? std::string_view("true") : std::string_view("false"));
    }

    // `null`, nlohmann's form of an empty optional.
    JsonWriter& Null() { return Raw("null"); }

private:
    // The bytes written as they are without a look at their neighbours: ASCII from 0x20 on,
    // except `"` and `\`.
    static constexpr auto kPlain = [] {
        std::array<bool, 256> plain{};
        for (std::size_t c = 0x20; c < 0x80; ++c) {
            plain[c] = c != '"' && c != '\\';
        }
        return plain;
    }();

    // Whether one of the eight bytes in `x` is not plain: below 0x20, `"`, `\` or from 0x80 on.
    // (Bytewise "less than" and "equal" by the carries of one subtraction; exact for "any".)
    static bool AnyNotPlain(std::uint64_t x) {
        constexpr std::uint64_t kOnes = 0x0101010101010101U;
        constexpr std::uint64_t kHigh = 0x8080808080808080U;
        const std::uint64_t below_space = x - kOnes * 0x20U;
        const std::uint64_t quote = (x ^ (kOnes * 0x22U)) - kOnes;
        const std::uint64_t backslash = (x ^ (kOnes * 0x5CU)) - kOnes;
        return ((((below_space | quote | backslash) & ~x) | x) & kHigh) != 0;
    }

    // Where the next `n` bytes go; the string is grown (at least doubled) when they do not fit.
    char* Room(std::size_t n) {
        if (out_.size() - size_ < n) [[unlikely]] {
            Grow(n);
        }
        return out_.data() + size_;
    }

    void Grow(std::size_t n);

    JsonWriter& Put(char c) {
        *Room(1) = c;
        ++size_;
        return *this;
    }

    // Whether a value or key follows another one: the last byte neither opens an object nor an
    // array (nor is there none).
    bool NeedsComma() const {
        if (size_ == 0) {
            return false;
        }
        const char last = out_[size_ - 1];
        return last != '{' && last != '[';
    }

    // The length of the well-formed UTF-8 sequence (RFC 3629: no overlong form, no surrogate,
    // nothing above U+10FFFF) that starts with the non-ASCII byte s[i]; 0 when there is none.
    static std::size_t Utf8Length(std::string_view s, std::size_t i) {
        const auto [more, lo, hi] = internal::Utf8LeadOf(static_cast<unsigned char>(s[i]));
        if (more == 0) {
            return 0;
        }
        if (s.size() - i <= more) {
            return 0;
        }
        const auto second = static_cast<unsigned char>(s[i + 1]);
        if (second < lo || second > hi) {
            return 0;
        }
        for (std::size_t k = 2; k <= more; ++k) {
            const auto next = static_cast<unsigned char>(s[i + k]);
            if (next < 0x80 || next > 0xBF) {
                return 0;
            }
        }
        return more + 1;
    }

    // The escape of an ASCII byte that needs one (below 0x20, `"` or `\`).
    void Escape(unsigned char c);

    // s[i] starts no well-formed sequence: notes the string and, as the policy says, moves `i`
    // past the byte (kFail: written as it is) or writes s[from, i) and U+FFFD and moves `from`
    // and `i` past the ill-formed subsequence (kReplace).
    void NotUtf8(std::string_view s, std::size_t& from, std::size_t& i);

    std::string out_;  // out_[0, size_) is the text; the rest is room to write into
    std::size_t size_ = 0;
    InvalidUtf8 invalid_utf8_;
    bool all_utf8_ = true;
    std::string first_not_utf8_;
};

}  // namespace motcua::common
