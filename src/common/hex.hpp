// Hexadecimal digits: lower-case encoding of bytes (digests, tokens, content addresses) and the
// value of one digit (percent-encoding).
#pragma once

#include <span>
#include <string>

namespace motcua {

// Two lower-case hex digits per byte, in order.
std::string HexLower(std::span<const unsigned char> bytes);

// The value 0–15 of a hex digit in either case; -1 for any other character.
int HexDigitValue(char c);

}  // namespace motcua
