// OpenSSL-backed secret hashing and randomness for accounts: SHA-256 of session and API tokens,
// and RAND_bytes for tokens, salts and one-time codes. Thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "core/ports/accounts.hpp"

namespace motcua::integrations::security {

// Lower-case hex SHA-256 (64 characters). Enough for secrets of 256 random bits, where a slow
// hash would add nothing but latency to every request.
class Sha256SecretHasher final : public core::ports::SecretHasher {
public:
    std::string Hash(std::string_view secret) override;
};

// Randomness from OpenSSL's CSPRNG (RAND_bytes). kInternal when it fails.
class OpenSslRandom final : public core::ports::RandomSource {
public:
    [[nodiscard]] Result<std::string> Token(std::size_t bytes) override;
    [[nodiscard]] Result<std::string> Digits(std::size_t digits) override;
};

// Unpadded base64url (RFC 4648 §5) of `bytes`.
std::string Base64Url(std::span<const unsigned char> bytes);

}  // namespace motcua::integrations::security
