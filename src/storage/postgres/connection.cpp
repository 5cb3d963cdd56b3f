#include "storage/postgres/connection.hpp"

#include <charconv>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <libpq-fe.h>

namespace motcua::storage::postgres {
namespace {

// The code and the Vietnamese message of SQLSTATE `state` ("" when libpq gave none).
ErrorCode MapState(std::string_view state) {
    if (state == "40001" || state == "40P01") {
        return ErrorCode::kConflict;  // serialization failure, deadlock: retry from the start
    }
    if (state == "23505") {
        return ErrorCode::kAlreadyExists;
    }
    const std::string_view klass = state.substr(0, std::min<std::size_t>(2, state.size()));
    if (klass == "23") {
        return ErrorCode::kFailedPrecondition;
    }
    if (klass == "22") {
        return ErrorCode::kInvalidArgument;
    }
    if (klass == "08" || klass == "53" || klass == "57" || klass == "58") {
        return ErrorCode::kUnavailable;
    }
    return ErrorCode::kInternal;
}

std::string_view VietnameseMessage(ErrorCode code) {
    switch (code) {
        case ErrorCode::kConflict:
            return "Dữ liệu vừa được cập nhật đồng thời, vui lòng thử lại.";
        case ErrorCode::kAlreadyExists:
            return "Dữ liệu đã tồn tại.";
        case ErrorCode::kFailedPrecondition:
            return "Dữ liệu không thỏa mãn ràng buộc của hệ thống.";
        case ErrorCode::kInvalidArgument:
            return "Dữ liệu không hợp lệ.";
        case ErrorCode::kUnavailable:
            return "Không kết nối được cơ sở dữ liệu, vui lòng thử lại sau.";
        default:
            return "Lỗi hệ thống cơ sở dữ liệu.";
    }
}

std::string Trimmed(const char* text) {
    std::string s = text != nullptr ? text : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
        s.pop_back();
    }
    return s;
}

Error MakeError(PGconn* conn, const PGresult* result, std::string_view context) {
    const char* state_text =
        result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view state = state_text != nullptr ? state_text : "";
    ErrorCode code = MapState(state);
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
        code = ErrorCode::kUnavailable;
    }
    std::string detail = result != nullptr ? Trimmed(PQresultErrorMessage(result)) : "";
    if (detail.empty()) {
        detail = Trimmed(conn != nullptr ? PQerrorMessage(conn) : "out of memory");
    }
    std::string message = fmt::format("postgres: {}: {}", context, detail);
    if (!state.empty()) {
        message += fmt::format(" (SQLSTATE {})", state);
    }
    return Error{code, std::move(message), std::string(VietnameseMessage(code)), {}};
}

// The first line of `sql`, for error messages.
std::string_view Context(std::string_view sql) {
    const std::size_t end = sql.find('\n');
    sql = sql.substr(0, end);
    return sql.substr(0, std::min<std::size_t>(sql.size(), 120));
}

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

}  // namespace

Param Param::Bytes(std::span<const std::byte> bytes) {
    Param p;
    p.value_.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    p.binary_ = true;
    return p;
}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
    if (this != &other) {
        if (result_ != nullptr) {
            PQclear(result_);
        }
        result_ = std::exchange(other.result_, nullptr);
    }
    return *this;
}

PgResult::~PgResult() {
    if (result_ != nullptr) {
        PQclear(result_);
    }
}

int PgResult::Rows() const {
    return result_ != nullptr ? PQntuples(result_) : 0;
}

bool PgResult::IsNull(int row, int column) const {
    return PQgetisnull(result_, row, column) != 0;
}

std::string_view PgResult::Text(int row, int column) const {
    const int length = PQgetlength(result_, row, column);
    return {PQgetvalue(result_, row, column), static_cast<std::size_t>(length)};
}

Result<std::int64_t> PgResult::Int64(int row, int column) const {
    const std::string_view text = Text(row, column);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || IsNull(row, column)) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("postgres: column {} is not an integer: '{}'", column, text));
    }
    return value;
}

Result<std::vector<std::byte>> PgResult::Bytes(int row, int column) const {
    std::size_t length = 0;
    unsigned char* raw = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row, column)), &length);
    if (raw == nullptr) {
        return Fail(ErrorCode::kInternal, "postgres: cannot decode a bytea value");
    }
    const std::unique_ptr<unsigned char, decltype(&PQfreemem)> owned(raw, &PQfreemem);
    const auto* begin = reinterpret_cast<const std::byte*>(raw);
    return std::vector<std::byte>(begin, begin + length);
}

std::int64_t PgResult::Affected() const {
    const std::string_view text = result_ != nullptr ? PQcmdTuples(result_) : "";
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

Result<PgConnection> PgConnection::Open(const std::string& conninfo) {
    PGconn* raw = PQconnectdb(conninfo.c_str());
    if (raw == nullptr) {
        return Fail(ErrorCode::kUnavailable,
                    "postgres: out of memory opening a connection",
                    std::string(VietnameseMessage(ErrorCode::kUnavailable)));
    }
    PgConnection connection(raw);
    if (PQstatus(raw) != CONNECTION_OK) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("postgres: cannot connect: {}", Trimmed(PQerrorMessage(raw))),
                    std::string(VietnameseMessage(ErrorCode::kUnavailable)));
    }
    PQsetNoticeProcessor(raw, &IgnoreNotice, nullptr);
    MOTCUA_TRY(connection.Exec("SET synchronous_commit = on"));
    return connection;
}

PgConnection& PgConnection::operator=(PgConnection&& other) noexcept {
    if (this != &other) {
        if (conn_ != nullptr) {
            PQfinish(conn_);
        }
        conn_ = std::exchange(other.conn_, nullptr);
    }
    return *this;
}

PgConnection::~PgConnection() {
    if (conn_ != nullptr) {
        PQfinish(conn_);
    }
}

Result<PgResult> PgConnection::Exec(std::string_view sql, std::span<const Param> params) {
    const std::string text(sql);
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size());
    std::vector<int> formats(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        const Param& p = params[i];
        values[i] = p.IsNull() ? nullptr : p.Value().c_str();
        lengths[i] = static_cast<int>(p.Value().size());
        formats[i] = p.IsBinary() ? 1 : 0;
    }
    PgResult result(PQexecParams(conn_,
                                 text.c_str(),
                                 static_cast<int>(params.size()),
                                 nullptr,
                                 values.data(),
                                 lengths.data(),
                                 formats.data(),
                                 0));
    PGresult* const raw = result.Raw();
    const ExecStatusType status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        return tl::unexpected(MakeError(conn_, raw, Context(sql)));
    }
    return result;
}

Result<std::vector<PgResult>> PgConnection::Pipeline(std::span<const PgStatement> statements) {
    if (PQenterPipelineMode(conn_) != 1) {
        return tl::unexpected(MakeError(conn_, nullptr, "pipeline mode"));
    }
    std::optional<Error> failure;
    std::size_t sent = 0;
    for (const PgStatement& st : statements) {
        std::vector<const char*> values(st.params.size());
        std::vector<int> lengths(st.params.size());
        std::vector<int> formats(st.params.size());
        for (std::size_t i = 0; i < st.params.size(); ++i) {
            const Param& p = st.params[i];
            values[i] = p.IsNull() ? nullptr : p.Value().c_str();
            lengths[i] = static_cast<int>(p.Value().size());
            formats[i] = p.IsBinary() ? 1 : 0;
        }
        if (PQsendQueryParams(conn_,
                              st.sql.c_str(),
                              static_cast<int>(st.params.size()),
                              nullptr,
                              values.data(),
                              lengths.data(),
                              formats.data(),
                              0) != 1) {
            failure = MakeError(conn_, nullptr, Context(st.sql));
            break;
        }
        ++sent;
    }
    const bool synced = PQpipelineSync(conn_) == 1;
    std::vector<PgResult> results;
    results.reserve(sent);
    // Each sent statement gives its result then a null; the sync gives PGRES_PIPELINE_SYNC.
    for (std::size_t i = 0; i < sent; ++i) {
        PgResult result(PQgetResult(conn_));
        PGresult* const raw = result.Raw();
        const ExecStatusType status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
        if (raw == nullptr) {
            if (!failure) {
                failure = MakeError(conn_, nullptr, Context(statements[i].sql));
            }
            break;
        }
        while (PGresult* extra = PQgetResult(conn_)) {
            PQclear(extra);
        }
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            results.push_back(std::move(result));
        } else if (!failure && status != PGRES_PIPELINE_ABORTED) {
            failure = MakeError(conn_, raw, Context(statements[i].sql));
        }
    }
    if (synced) {
        // Up to and including the sync's own result.
        while (PGresult* rest = PQgetResult(conn_)) {
            const ExecStatusType status = PQresultStatus(rest);
            PQclear(rest);
            if (status == PGRES_PIPELINE_SYNC) {
                break;
            }
        }
    }
    if (PQexitPipelineMode(conn_) != 1 && !failure) {
        failure = MakeError(conn_, nullptr, "leaving pipeline mode");
    }
    if (!synced && !failure) {
        failure = MakeError(conn_, nullptr, "pipeline sync");
    }
    if (failure) {
        return tl::unexpected(std::move(*failure));
    }
    if (results.size() != statements.size()) {
        return Fail(ErrorCode::kInternal, "postgres: a pipelined statement gave no result");
    }
    return results;
}

Result<void> PgConnection::ExecScript(std::string_view sql) {
    const std::string text(sql);
    PgResult result(PQexec(conn_, text.c_str()));
    PGresult* const raw = result.Raw();
    const ExecStatusType status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        return tl::unexpected(MakeError(conn_, raw, "script"));
    }
    return {};
}

bool PgConnection::Healthy() const {
    return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK;
}

Result<void> PgConnection::Reset() {
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("postgres: cannot reconnect: {}", Trimmed(PQerrorMessage(conn_))),
                    std::string(VietnameseMessage(ErrorCode::kUnavailable)));
    }
    PQsetNoticeProcessor(conn_, &IgnoreNotice, nullptr);
    MOTCUA_TRY(Exec("SET synchronous_commit = on"));
    return {};
}

}  // namespace motcua::storage::postgres
