// Argon2idHasher: the PasswordHasher of production, argon2id (RFC 9106) through libargon2, with
// PHC-encoded results "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" that carry their own
// parameters, so raising the parameters later still verifies older hashes. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <semaphore>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "core/ports/accounts.hpp"

namespace motcua::integrations::security {

struct Argon2Params {
    // Memory per hash in KiB, passes and lanes. The defaults are OWASP's minimum for argon2id
    // (19 MiB, 2 passes, 1 lane: about 30-60 ms on one core). Tests use small values.
    std::uint32_t memory_kib = 19456;
    std::uint32_t iterations = 2;
    std::uint32_t parallelism = 1;
    std::size_t salt_bytes = 16;
    std::size_t hash_bytes = 32;
    // At most this many hashes run at once (others wait), bounding memory to
    // max_concurrent × memory_kib under a burst of sign-ins; 0: no bound.
    int max_concurrent = 4;
};

class Argon2idHasher final : public core::ports::PasswordHasher {
public:
    // kInvalidArgument for parameters libargon2 refuses (memory < 8 KiB × lanes, no pass, salt
    // under 8 bytes, hash under 4 bytes) or a negative max_concurrent.
    [[nodiscard]] static Result<std::unique_ptr<Argon2idHasher>> Create(
        const Argon2Params& params = {});

    // Fresh random salt (OpenSSL RAND_bytes); kInternal when randomness or libargon2 fails.
    [[nodiscard]] Result<std::string> Hash(std::string_view password) override;

    // False for a mismatch and for anything that is not a valid argon2id encoding.
    bool Verify(std::string_view encoded, std::string_view password) override;

    const Argon2Params& params() const { return params_; }

private:
    explicit Argon2idHasher(const Argon2Params& params);

    // Holds one of the max_concurrent slots while alive.
    class Slot;

    Argon2Params params_;
    std::unique_ptr<std::counting_semaphore<>> slots_;  // null: unbounded
};

}  // namespace motcua::integrations::security
