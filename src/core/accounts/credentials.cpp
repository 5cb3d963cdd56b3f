#include "core/accounts/credentials.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace motcua::core::accounts {
namespace {

bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && IsSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && IsSpace(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

char Lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}

bool IsLowerAlnum(char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'z');
}

// Number of UTF-8 code points (bytes that are not continuation bytes).
std::size_t CodePoints(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

std::optional<std::string> ParsePhone(std::string_view text) {
    std::string digits;
    bool plus = false;
    for (const char c : text) {
        if (IsDigit(c)) {
            digits.push_back(c);
        } else if (c == '+' && digits.empty() && !plus) {
            plus = true;
        } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')') {
            return std::nullopt;
        }
    }
    if (digits.size() == 11 && digits.starts_with("84")) {
        digits = "0" + digits.substr(2);
    } else if (plus) {
        return std::nullopt;  // +<other country>
    }
    if (digits.size() != 10 || digits[0] != '0') {
        return std::nullopt;
    }
    // Mobile networks: 03x, 05x, 07x, 08x, 09x (after the 2018 renumbering).
    const char network = digits[1];
    if (network != '3' && network != '5' && network != '7' && network != '8' && network != '9') {
        return std::nullopt;
    }
    return digits;
}

bool ValidLocalPart(std::string_view local) {
    static constexpr std::string_view kSpecial = "!#$%&'*+/=?^_`{|}~-.";
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
        local.find("..") != std::string_view::npos) {
        return false;
    }
    return std::all_of(local.begin(), local.end(), [](char c) {
        return IsLowerAlnum(c) || kSpecial.find(c) != std::string_view::npos;
    });
}

bool ValidDomain(std::string_view domain) {
    if (domain.empty() || domain.size() > 253) {
        return false;
    }
    int labels = 0;
    std::string_view last;
    while (true) {
        const std::size_t dot = domain.find('.');
        const std::string_view label = domain.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-' ||
            !std::all_of(
                label.begin(), label.end(), [](char c) { return IsLowerAlnum(c) || c == '-'; })) {
            return false;
        }
        ++labels;
        last = label;
        if (dot == std::string_view::npos) {
            break;
        }
        domain.remove_prefix(dot + 1);
    }
    return labels >= 2 && last.size() >= 2 &&
           std::all_of(last.begin(), last.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::optional<std::string> ParseEmail(std::string_view text) {
    if (text.size() > 254) {
        return std::nullopt;
    }
    std::string email(text);
    std::transform(email.begin(), email.end(), email.begin(), Lower);
    const std::size_t at = email.find('@');
    if (at == std::string::npos || email.find('@', at + 1) != std::string::npos) {
        return std::nullopt;
    }
    const std::string_view view(email);
    if (!ValidLocalPart(view.substr(0, at)) || !ValidDomain(view.substr(at + 1))) {
        return std::nullopt;
    }
    return email;
}

}  // namespace

Result<Contact> ParseContact(std::string_view text) {
    text = Trim(text);
    if (text.find('@') != std::string_view::npos) {
        if (std::optional<std::string> email = ParseEmail(text)) {
            return Contact{ContactKind::kEmail, std::move(*email)};
        }
        return Fail(ErrorCode::kInvalidArgument,
                    "not a valid e-mail address",
                    "địa chỉ thư điện tử không hợp lệ",
                    "contact");
    }
    if (std::optional<std::string> phone = ParsePhone(text)) {
        return Contact{ContactKind::kPhone, std::move(*phone)};
    }
    return Fail(ErrorCode::kInvalidArgument,
                "give a Vietnamese mobile number (10 digits, 03x/05x/07x/08x/09x) or an e-mail "
                "address",
                "nhập số điện thoại di động Việt Nam (10 chữ số, đầu 03, 05, 07, 08, 09) hoặc "
                "địa chỉ thư điện tử",
                "contact");
}

std::string NormalizeLogin(std::string_view text) {
    text = Trim(text);
    if (text.find('@') == std::string_view::npos) {
        if (std::optional<std::string> phone = ParsePhone(text)) {
            return *phone;
        }
    }
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), Lower);
    return out;
}

Result<std::string> ValidateUsername(std::string_view text) {
    std::string name(Trim(text));
    std::transform(name.begin(), name.end(), name.begin(), Lower);
    const bool ok = name.size() >= 3 && name.size() <= 64 && IsLowerAlnum(name.front()) &&
                    std::all_of(name.begin(), name.end(), [](char c) {
                        return IsLowerAlnum(c) || c == '.' || c == '_' || c == '-';
                    });
    if (!ok) {
        return Fail(ErrorCode::kInvalidArgument,
                    "a username has 3-64 characters: letters a-z, digits, '.', '_' or '-', "
                    "starting with a letter or digit",
                    "tên đăng nhập gồm 3–64 ký tự: chữ a–z không dấu, chữ số, '.', '_' hoặc '-', "
                    "bắt đầu bằng chữ hoặc số",
                    "username");
    }
    return name;
}

Result<std::string> ValidateDisplayName(std::string_view text) {
    text = Trim(text);
    const std::size_t length = CodePoints(text);
    const bool control = std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20U || u == 0x7FU;
    });
    if (length == 0 || length > 120 || control) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the name must have 1-120 characters and no control characters",
                    "họ tên phải có từ 1 đến 120 ký tự",
                    "display_name");
    }
    return std::string(text);
}

Result<void> ValidatePassword(std::string_view password, std::size_t min_length) {
    if (password.size() > kMaxPasswordBytes) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the password is too long",
                    "mật khẩu quá dài",
                    "password");
    }
    if (CodePoints(password) < min_length) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the password must have at least " + std::to_string(min_length) + " characters",
                    "mật khẩu phải có ít nhất " + std::to_string(min_length) + " ký tự",
                    "password");
    }
    return {};
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    volatile std::uint8_t diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff = static_cast<std::uint8_t>(
            diff | (static_cast<std::uint8_t>(a[i]) ^ static_cast<std::uint8_t>(b[i])));
    }
    return diff == 0;
}

}  // namespace motcua::core::accounts
