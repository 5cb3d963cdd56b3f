#include "storage/sqlite/internal/error.hpp"

#include <string>
#include <utility>

#include <sqlite3.h>

namespace motcua::storage::sqlite::internal {

ErrorCode MapResultCode(int rc) {
    switch (rc) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            return ErrorCode::kAlreadyExists;
        default:
            break;
    }
    switch (rc & 0xff) {
        case SQLITE_CONSTRAINT:
            return ErrorCode::kFailedPrecondition;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
            return ErrorCode::kUnavailable;
        default:
            return ErrorCode::kInternal;
    }
}

namespace {

std::string_view VietnameseMessage(int rc, ErrorCode code) {
    switch (code) {
        case ErrorCode::kAlreadyExists:
            return "Dữ liệu đã tồn tại.";
        case ErrorCode::kFailedPrecondition:
            return "Dữ liệu không thỏa mãn ràng buộc của hệ thống.";
        case ErrorCode::kUnavailable:
            if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
                return "Cơ sở dữ liệu đang bận, vui lòng thử lại sau.";
            }
            return "Không ghi hoặc đọc được dữ liệu, vui lòng thử lại sau.";
        default:
            return "Lỗi hệ thống cơ sở dữ liệu.";
    }
}

}  // namespace

Error MakeError(sqlite3* db, int rc, std::string_view context) {
    const ErrorCode code = MapResultCode(rc);
    std::string message = "sqlite: ";
    message.append(context);
    message.append(": ");
    // sqlite3_errmsg describes the most recent failure on `db`; when `db` is null or has since
    // been reset, fall back to the generic text for the code.
    const char* detail = db != nullptr && sqlite3_extended_errcode(db) == rc ? sqlite3_errmsg(db)
                                                                             : sqlite3_errstr(rc);
    message.append(detail != nullptr ? detail : "unknown error");
    message.append(" (");
    message.append(sqlite3_errstr(rc));
    message.append(", code ");
    message.append(std::to_string(rc));
    message.append(")");
    return Error{code, std::move(message), std::string(VietnameseMessage(rc, code)), {}};
}

}  // namespace motcua::storage::sqlite::internal
