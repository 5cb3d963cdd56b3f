// Turning SQLite result codes into motcua Errors (STYLE.md §4). One mapping for the whole
// module so that every caller sees the same ErrorCode for the same SQLite failure:
//   SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY → kAlreadyExists
//   other SQLITE_CONSTRAINT_*              → kFailedPrecondition
//   SQLITE_BUSY / SQLITE_LOCKED            → kUnavailable
//   SQLITE_FULL / SQLITE_IOERR / _CANTOPEN → kUnavailable
//   anything else                          → kInternal
#pragma once

#include <string_view>

#include <tl/expected.hpp>

#include "common/result.hpp"

struct sqlite3;

namespace motcua::storage::sqlite::internal {

// The ErrorCode for an (extended) SQLite result code; see the table above.
ErrorCode MapResultCode(int rc);

// An Error for `rc`, raised while doing `context` on `db` (nullable). The English message names
// the context, SQLite's own message (never bound values) and the code; the Vietnamese one is a
// short user-facing sentence chosen by the mapped ErrorCode.
Error MakeError(sqlite3* db, int rc, std::string_view context);

// tl::unexpected(MakeError(...)), for `return Failure(db, rc, "…");`.
inline tl::unexpected<Error> Failure(sqlite3* db, int rc, std::string_view context) {
    return tl::unexpected<Error>(MakeError(db, rc, context));
}

}  // namespace motcua::storage::sqlite::internal
