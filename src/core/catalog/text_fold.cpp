#include "core/catalog/text_fold.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "common/utf8.hpp"

namespace motcua::core::catalog {
namespace {

// What a code point folds to: ASCII letters, nothing (a combining mark, which belongs to the
// letter before it) or a separator.
enum class FoldKind { kLetters, kMark, kSeparator };

struct Folded {
    FoldKind kind = FoldKind::kSeparator;
    std::string_view letters;
};

// A run of code points [first, last] folding to the same lower-case ASCII letters. Covers the
// Vietnamese alphabet in precomposed form (Latin-1 Supplement, Latin Extended-A, Ơ/Ư from
// Latin Extended-B and the Vietnamese block U+1EA0–U+1EF9 of Latin Extended Additional), plus
// the other Latin-1 and Latin Extended-A letters so that foreign names fold sensibly too.
// Sorted by `first`, not overlapping.
struct FoldRange {
    char32_t first;
    char32_t last;
    std::string_view letters;
};

constexpr auto kFoldRanges = std::to_array<FoldRange>({
    // Latin-1 Supplement: À Á Â Ã Ä Å, Æ, Ç, È–Ë, Ì–Ï, Ð, Ñ, Ò–Ö, (× is a sign), Ø, Ù–Ü, Ý, Þ, ß
    {0x00C0, 0x00C5, "a"},
    {0x00C6, 0x00C6, "ae"},
    {0x00C7, 0x00C7, "c"},
    {0x00C8, 0x00CB, "e"},
    {0x00CC, 0x00CF, "i"},
    {0x00D0, 0x00D0, "d"},  // Ð, often typed for Đ
    {0x00D1, 0x00D1, "n"},
    {0x00D2, 0x00D6, "o"},
    {0x00D8, 0x00D8, "o"},
    {0x00D9, 0x00DC, "u"},
    {0x00DD, 0x00DD, "y"},
    {0x00DE, 0x00DE, "th"},
    {0x00DF, 0x00DF, "ss"},
    // à á â ã ä å, æ, ç, è–ë, ì–ï, ð, ñ, ò–ö, (÷ is a sign), ø, ù–ü, ý, þ, ÿ
    {0x00E0, 0x00E5, "a"},
    {0x00E6, 0x00E6, "ae"},
    {0x00E7, 0x00E7, "c"},
    {0x00E8, 0x00EB, "e"},
    {0x00EC, 0x00EF, "i"},
    {0x00F0, 0x00F0, "d"},
    {0x00F1, 0x00F1, "n"},
    {0x00F2, 0x00F6, "o"},
    {0x00F8, 0x00F8, "o"},
    {0x00F9, 0x00FC, "u"},
    {0x00FD, 0x00FD, "y"},
    {0x00FE, 0x00FE, "th"},
    {0x00FF, 0x00FF, "y"},
    // Latin Extended-A, in upper/lower pairs: Ā ā Ă ă Ą ą, Ć…č, Ď ď Đ đ, Ē…ě, Ĝ…ģ, Ĥ…ħ,
    // Ĩ ĩ … ı, Ĳ ĳ, Ĵ ĵ, Ķ ķ ĸ, Ĺ…ł, Ń…ŋ, Ō…ő, Œ œ, Ŕ…ř, Ś…š, Ţ…ŧ, Ũ ũ … ų, Ŵ ŵ, Ŷ ŷ Ÿ,
    // Ź…ž, ſ
    {0x0100, 0x0105, "a"},
    {0x0106, 0x010D, "c"},
    {0x010E, 0x0111, "d"},
    {0x0112, 0x011B, "e"},
    {0x011C, 0x0123, "g"},
    {0x0124, 0x0127, "h"},
    {0x0128, 0x0131, "i"},
    {0x0132, 0x0133, "ij"},
    {0x0134, 0x0135, "j"},
    {0x0136, 0x0138, "k"},
    {0x0139, 0x0142, "l"},
    {0x0143, 0x014B, "n"},
    {0x014C, 0x0151, "o"},
    {0x0152, 0x0153, "oe"},
    {0x0154, 0x0159, "r"},
    {0x015A, 0x0161, "s"},
    {0x0162, 0x0167, "t"},
    {0x0168, 0x0173, "u"},
    {0x0174, 0x0175, "w"},
    {0x0176, 0x0178, "y"},
    {0x0179, 0x017E, "z"},
    {0x017F, 0x017F, "s"},
    // Latin Extended-B: Ơ ơ, Ư ư
    {0x01A0, 0x01A1, "o"},
    {0x01AF, 0x01B0, "u"},
    // Latin Extended Additional, Vietnamese block: each letter with dot below, hook above and
    // (for the vowels with circumflex or breve, and ơ/ư) acute, grave, tilde, in pairs.
    {0x1EA0, 0x1EB7, "a"},  // Ạ ạ Ả ả Ấ ấ Ầ ầ Ẩ ẩ Ẫ ẫ Ậ ậ Ắ ắ Ằ ằ Ẳ ẳ Ẵ ẵ Ặ ặ
    {0x1EB8, 0x1EC7, "e"},  // Ẹ ẹ Ẻ ẻ Ẽ ẽ Ế ế Ề ề Ể ể Ễ ễ Ệ ệ
    {0x1EC8, 0x1ECB, "i"},  // Ỉ ỉ Ị ị
    {0x1ECC, 0x1EE3, "o"},  // Ọ ọ Ỏ ỏ Ố ố Ồ ồ Ổ ổ Ỗ ỗ Ộ ộ Ớ ớ Ờ ờ Ở ở Ỡ ỡ Ợ ợ
    {0x1EE4, 0x1EF1, "u"},  // Ụ ụ Ủ ủ Ứ ứ Ừ ừ Ử ử Ữ ữ Ự ự
    {0x1EF2, 0x1EF9, "y"},  // Ỳ ỳ Ỵ ỵ Ỷ ỷ Ỹ ỹ
});

constexpr bool SortedAndDisjoint() {
    for (std::size_t i = 0; i < kFoldRanges.size(); ++i) {
        if (kFoldRanges[i].last < kFoldRanges[i].first ||
            (i > 0 && kFoldRanges[i].first <= kFoldRanges[i - 1].last)) {
            return false;
        }
    }
    return true;
}

static_assert(SortedAndDisjoint(), "kFoldRanges must be sorted and disjoint");

constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kDigits = "0123456789";

bool InRange(char32_t c, char32_t first, char32_t last) {
    return c >= first && c <= last;
}

Folded FoldCodePoint(char32_t c) {
    if (InRange(c, U'a', U'z')) {
        return {FoldKind::kLetters, kLower.substr(c - U'a', 1)};
    }
    if (InRange(c, U'A', U'Z')) {
        return {FoldKind::kLetters, kLower.substr(c - U'A', 1)};
    }
    if (InRange(c, U'0', U'9')) {
        return {FoldKind::kLetters, kDigits.substr(c - U'0', 1)};
    }
    if (c < 0xC0) {
        return {};
    }
    // Combining diacritical marks (U+0300–U+036F: grave, acute, circumflex, tilde, breve, hook
    // above, horn, dot below, …) attach to the letter before them: drop them.
    if (InRange(c, 0x0300, 0x036F)) {
        return {FoldKind::kMark, {}};
    }
    // Fullwidth digits and letters (０, Ｄ, ｄ) that some input methods produce.
    if (InRange(c, 0xFF10, 0xFF19)) {
        return {FoldKind::kLetters, kDigits.substr(c - 0xFF10, 1)};
    }
    if (InRange(c, 0xFF21, 0xFF3A)) {
        return {FoldKind::kLetters, kLower.substr(c - 0xFF21, 1)};
    }
    if (InRange(c, 0xFF41, 0xFF5A)) {
        return {FoldKind::kLetters, kLower.substr(c - 0xFF41, 1)};
    }
    const auto* it = std::upper_bound(
        kFoldRanges.begin(), kFoldRanges.end(), c, [](char32_t value, const FoldRange& range) {
            return value < range.first;
        });
    if (it == kFoldRanges.begin()) {
        return {};
    }
    --it;
    if (c <= it->last) {
        return {FoldKind::kLetters, it->letters};
    }
    return {};
}

}  // namespace

std::string FoldVietnamese(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const common::Utf8Char decoded = common::DecodeUtf8(text, pos);
        pos += decoded.length;
        const Folded folded =
            decoded.valid ? FoldCodePoint(decoded.code_point) : Folded{FoldKind::kSeparator, {}};
        switch (folded.kind) {
            case FoldKind::kMark:
                break;
            case FoldKind::kSeparator:
                pending_space = !out.empty();
                break;
            case FoldKind::kLetters:
                if (pending_space) {
                    out.push_back(' ');
                    pending_space = false;
                }
                out.append(folded.letters);
                break;
        }
    }
    return out;
}

}  // namespace motcua::core::catalog
