#include "integrations/security/secrets.hpp"

#include <array>
#include <span>
#include <vector>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "common/check.hpp"
#include "common/hex.hpp"

namespace motcua::integrations::security {

std::string Base64Url(std::span<const unsigned char> bytes) {
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v =
            (unsigned{bytes[i]} << 16U) | (unsigned{bytes[i + 1]} << 8U) | unsigned{bytes[i + 2]};
        out.push_back(kAlphabet[(v >> 18U) & 63U]);
        out.push_back(kAlphabet[(v >> 12U) & 63U]);
        out.push_back(kAlphabet[(v >> 6U) & 63U]);
        out.push_back(kAlphabet[v & 63U]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        unsigned v = unsigned{bytes[i]} << 16U;
        if (rest == 2) {
            v |= unsigned{bytes[i + 1]} << 8U;
        }
        out.push_back(kAlphabet[(v >> 18U) & 63U]);
        out.push_back(kAlphabet[(v >> 12U) & 63U]);
        if (rest == 2) {
            out.push_back(kAlphabet[(v >> 6U) & 63U]);
        }
    }
    return out;
}

std::string Sha256SecretHasher::Hash(std::string_view secret) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    const int ok =
        EVP_Digest(secret.data(), secret.size(), digest.data(), &length, EVP_sha256(), nullptr);
    // Fails only when OpenSSL cannot allocate: a broken process, not a request error.
    MOTCUA_CHECK(ok == 1 && length == 32, "SHA-256 failed");
    return HexLower(std::span<const unsigned char>(digest.data(), length));
}

Result<std::string> OpenSslRandom::Token(std::size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    if (bytes > 0 && RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
        return Fail(ErrorCode::kInternal, "no randomness available (RAND_bytes)");
    }
    return Base64Url(buffer);
}

Result<std::string> OpenSslRandom::Digits(std::size_t digits) {
    std::string out;
    out.reserve(digits);
    std::array<unsigned char, 32> buffer{};
    while (out.size() < digits) {
        if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
            return Fail(ErrorCode::kInternal, "no randomness available (RAND_bytes)");
        }
        for (const unsigned char b : buffer) {
            // 250 = 25 × 10: bytes above it would favour the low digits.
            if (b < 250 && out.size() < digits) {
                out.push_back(static_cast<char>('0' + b % 10));
            }
        }
    }
    return out;
}

}  // namespace motcua::integrations::security
