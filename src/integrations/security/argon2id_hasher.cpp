#include "integrations/security/argon2id_hasher.hpp"

#include <vector>

#include <argon2.h>
#include <fmt/format.h>
#include <openssl/rand.h>

namespace motcua::integrations::security {

class Argon2idHasher::Slot {
public:
    explicit Slot(std::counting_semaphore<>* slots) : slots_(slots) {
        if (slots_ != nullptr) {
            slots_->acquire();
        }
    }

    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

    ~Slot() {
        if (slots_ != nullptr) {
            slots_->release();
        }
    }

private:
    std::counting_semaphore<>* slots_;
};

Argon2idHasher::Argon2idHasher(const Argon2Params& params) : params_(params) {
    if (params.max_concurrent > 0) {
        slots_ = std::make_unique<std::counting_semaphore<>>(params.max_concurrent);
    }
}

Result<std::unique_ptr<Argon2idHasher>> Argon2idHasher::Create(const Argon2Params& params) {
    const bool valid = params.iterations >= ARGON2_MIN_TIME && params.parallelism >= 1 &&
                       params.parallelism <= ARGON2_MAX_LANES &&
                       params.memory_kib >= 8 * params.parallelism &&
                       params.salt_bytes >= ARGON2_MIN_SALT_LENGTH && params.salt_bytes <= 64 &&
                       params.hash_bytes >= ARGON2_MIN_OUTLEN && params.hash_bytes <= 128 &&
                       params.max_concurrent >= 0;
    if (!valid) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("invalid argon2id parameters m={} t={} p={} salt={} hash={}",
                                params.memory_kib,
                                params.iterations,
                                params.parallelism,
                                params.salt_bytes,
                                params.hash_bytes),
                    "tham số argon2id không hợp lệ");
    }
    return std::unique_ptr<Argon2idHasher>(new Argon2idHasher(params));
}

Result<std::string> Argon2idHasher::Hash(std::string_view password) {
    std::vector<unsigned char> salt(params_.salt_bytes);
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
        return Fail(ErrorCode::kInternal, "no randomness for a password salt");
    }
    const std::size_t length = argon2_encodedlen(params_.iterations,
                                                 params_.memory_kib,
                                                 params_.parallelism,
                                                 static_cast<std::uint32_t>(salt.size()),
                                                 static_cast<std::uint32_t>(params_.hash_bytes),
                                                 Argon2_id);
    std::string encoded(length, '\0');
    int rc = ARGON2_OK;
    {
        const Slot slot(slots_.get());
        rc = argon2id_hash_encoded(params_.iterations,
                                   params_.memory_kib,
                                   params_.parallelism,
                                   password.data(),
                                   password.size(),
                                   salt.data(),
                                   salt.size(),
                                   params_.hash_bytes,
                                   encoded.data(),
                                   encoded.size());
    }
    if (rc != ARGON2_OK) {
        return Fail(ErrorCode::kInternal,
                    fmt::format("argon2id: {}", argon2_error_message(rc)),
                    "lỗi hệ thống khi xử lý mật khẩu");
    }
    encoded.resize(encoded.find('\0'));
    return encoded;
}

bool Argon2idHasher::Verify(std::string_view encoded, std::string_view password) {
    if (!encoded.starts_with("$argon2id$")) {
        return false;
    }
    const std::string terminated(encoded);  // libargon2 wants a C string
    const Slot slot(slots_.get());
    return argon2id_verify(terminated.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace motcua::integrations::security
