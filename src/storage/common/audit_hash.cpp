#include "storage/common/audit_hash.hpp"

#include <openssl/evp.h>

namespace motcua::storage {
namespace {

// SHA-256, fetched once: EVP_sha256() makes every EVP_DigestInit_ex look the algorithm up again.
const EVP_MD* Sha256() {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    return md != nullptr ? md : EVP_sha256();
}

}  // namespace

AuditHash AuditChainHash(std::span<const std::byte> prev, std::string_view event_json) {
    AuditHash out{};
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    unsigned int length = 0;
    EVP_DigestInit_ex(ctx, Sha256(), nullptr);
    EVP_DigestUpdate(ctx, prev.data(), prev.size());
    EVP_DigestUpdate(ctx, event_json.data(), event_json.size());
    EVP_DigestFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data()), &length);
    EVP_MD_CTX_free(ctx);
    return out;
}

}  // namespace motcua::storage
