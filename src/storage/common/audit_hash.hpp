// The audit chain's hash (DESIGN.md §3), one definition for every back end:
// hash = SHA-256(prev_hash ‖ canonical event JSON), with prev_hash all zeros for the first event.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace motcua::storage {

// One chain entry's hash (32 bytes).
using AuditHash = std::array<std::byte, 32>;

// SHA-256 of `prev` followed by `event_json` (the bytes EncodeEvent gives, as stored).
AuditHash AuditChainHash(std::span<const std::byte> prev, std::string_view event_json);

}  // namespace motcua::storage
