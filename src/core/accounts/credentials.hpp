// The text rules of accounts: contacts (Vietnamese mobile numbers, e-mail addresses), usernames,
// display names and passwords, and a constant-time comparison for secrets. Pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "core/ports/accounts.hpp"

namespace motcua::core::accounts {

using ports::ContactKind;

// Passwords longer than this are refused (hashing cost is bounded by the input size).
inline constexpr std::size_t kMaxPasswordBytes = 1024;

struct Contact {
    ContactKind kind = ContactKind::kPhone;
    std::string value;  // "0912345678" or "an.nguyen@example.vn"

    bool operator==(const Contact&) const = default;
};

// Parses a contact: with an '@', an e-mail address (ASCII, lower-cased, a dotted domain with a
// letter top-level label); otherwise a Vietnamese mobile number written with or without spaces,
// dots, dashes or parentheses, as "0…", "+84…" or "84…", normalised to ten digits "0[35789]…".
// kInvalidArgument (field "contact") otherwise.
[[nodiscard]] Result<Contact> ParseContact(std::string_view text);

// The username a sign-in form's text refers to: a mobile number in any accepted spelling becomes
// its normalised form, anything else is trimmed and ASCII-lower-cased. Never fails.
std::string NormalizeLogin(std::string_view text);

// A staff username chosen by an administrator: 3–64 characters of a–z, 0–9, '.', '_', '-',
// starting with a letter or digit; upper case is lowered. kInvalidArgument (field "username").
[[nodiscard]] Result<std::string> ValidateUsername(std::string_view text);

// Trimmed display name: 1–120 characters (UTF-8), no control characters. kInvalidArgument
// (field "display_name").
[[nodiscard]] Result<std::string> ValidateDisplayName(std::string_view text);

// At least `min_length` characters (UTF-8 code points) and at most kMaxPasswordBytes bytes.
// kInvalidArgument (field "password").
[[nodiscard]] Result<void> ValidatePassword(std::string_view password, std::size_t min_length);

// True when a and b are equal; for equal sizes the time taken does not depend on where they
// differ. (The size itself is not secret: hashes and tokens have fixed sizes.)
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace motcua::core::accounts
