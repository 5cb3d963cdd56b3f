#include "common/result.hpp"

namespace motcua {

std::string_view ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return "invalid_argument";
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kAlreadyExists:
            return "already_exists";
        case ErrorCode::kConflict:
            return "conflict";
        case ErrorCode::kFailedPrecondition:
            return "failed_precondition";
        case ErrorCode::kOutOfRange:
            return "out_of_range";
        case ErrorCode::kPermissionDenied:
            return "permission_denied";
        case ErrorCode::kUnavailable:
            return "unavailable";
        case ErrorCode::kInternal:
            return "internal";
    }
    return "internal";
}

}  // namespace motcua
