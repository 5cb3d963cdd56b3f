// A small RAII layer over libpq (DESIGN.md §5): a connection opened from a conninfo string,
// parameterised statements returning a result wrapper, a transaction helper, and libpq/SQLSTATE
// errors mapped to Result/Error. A connection is used by one thread at a time (PgPool hands them
// out).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

struct pg_conn;
struct pg_result;

namespace motcua::storage::postgres {

// One statement parameter: text (PostgreSQL infers the type from the statement; cast in SQL
// where it cannot, e.g. `$3::jsonb`), SQL NULL, or binary bytes for a bytea column.
class Param {
public:
    Param(std::nullopt_t) : null_(true) {}  // NOLINT(google-explicit-constructor)

    Param(std::string_view text) : value_(text) {}  // NOLINT

    Param(const char* text) : value_(text) {}  // NOLINT

    Param(const std::string& text) : value_(text) {}  // NOLINT

    Param(std::int64_t number) : value_(std::to_string(number)) {}  // NOLINT

    Param(int number) : value_(std::to_string(number)) {}  // NOLINT

    Param(bool flag) : value_(flag ? "true" : "false") {}  // NOLINT

    Param(const std::optional<std::string>& text)  // NOLINT
        : value_(text.value_or("")), null_(!text.has_value()) {}

    Param(std::optional<std::int64_t> number)  // NOLINT
        : value_(number ? std::to_string(*number) : ""), null_(!number.has_value()) {}

    // Raw bytes sent in binary format (a bytea parameter).
    static Param Bytes(std::span<const std::byte> bytes);

    [[nodiscard]] bool IsNull() const { return null_; }

    [[nodiscard]] bool IsBinary() const { return binary_; }

    [[nodiscard]] const std::string& Value() const { return value_; }

private:
    Param() = default;

    std::string value_;
    bool null_ = false;
    bool binary_ = false;
};

// The rows of a statement (text format). Owns the PGresult. Row and column indexes must be in
// range (checked by the caller with Rows()).
class PgResult {
public:
    explicit PgResult(pg_result* result) : result_(result) {}

    PgResult(PgResult&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}

    PgResult& operator=(PgResult&& other) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;
    ~PgResult();

    [[nodiscard]] int Rows() const;
    [[nodiscard]] bool IsNull(int row, int column) const;
    // The value as text ("" for NULL); valid while this result lives.
    [[nodiscard]] std::string_view Text(int row, int column) const;
    // The value as an integer; kInvalidArgument when it is not one (or NULL).
    [[nodiscard]] Result<std::int64_t> Int64(int row, int column) const;
    // A bytea value (text format, hex-escaped on the wire) as bytes.
    [[nodiscard]] Result<std::vector<std::byte>> Bytes(int row, int column) const;
    // Rows changed by an INSERT/UPDATE/DELETE (PQcmdTuples), 0 when not applicable.
    [[nodiscard]] std::int64_t Affected() const;

    // The underlying PGresult (null when libpq ran out of memory); still owned by this.
    [[nodiscard]] pg_result* Raw() const { return result_; }

private:
    pg_result* result_ = nullptr;
};

// A statement and its parameters, for PgConnection::Pipeline.
struct PgStatement {
    std::string sql;
    std::vector<Param> params;
};

// One libpq connection. Move-only; closes on destruction.
class PgConnection {
public:
    // Connects (blocking) with `conninfo` ("host=/run/postgresql dbname=motcua", a URI, …) and
    // sets synchronous_commit = on, so a COMMIT returns only once durable. kUnavailable when the
    // server cannot be reached or refuses the connection.
    [[nodiscard]] static Result<PgConnection> Open(const std::string& conninfo);

    PgConnection(PgConnection&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}

    PgConnection& operator=(PgConnection&& other) noexcept;
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;
    ~PgConnection();

    // Runs one statement with `$1, $2, …` parameters. Errors are mapped by SQLSTATE:
    // serialization failure / deadlock → kConflict, unique violation → kAlreadyExists, other
    // integrity violations → kFailedPrecondition, data errors → kInvalidArgument, a lost
    // connection or a server shutting down → kUnavailable, anything else → kInternal.
    [[nodiscard]] Result<PgResult> Exec(std::string_view sql, std::span<const Param> params);

    [[nodiscard]] Result<PgResult> Exec(std::string_view sql,
                                        std::initializer_list<Param> params = {}) {
        return Exec(sql, std::span<const Param>(params.begin(), params.size()));
    }

    // Sends `statements` in one round trip (libpq pipeline mode) and returns their results in
    // order. On the first failure returns its error (mapped as Exec's); the statements after it
    // are not run, and an open transaction is left failed (roll it back).
    [[nodiscard]] Result<std::vector<PgResult>> Pipeline(std::span<const PgStatement> statements);
    // Runs a script of several statements without parameters (a migration), in one round trip.
    [[nodiscard]] Result<void> ExecScript(std::string_view sql);

    // Whether the connection is still usable (not broken by a network or server failure).
    [[nodiscard]] bool Healthy() const;
    // Reconnects a broken connection with its original parameters; kUnavailable on failure.
    [[nodiscard]] Result<void> Reset();

private:
    explicit PgConnection(pg_conn* conn) : conn_(conn) {}

    pg_conn* conn_ = nullptr;
};

// Runs `body(connection)` between BEGIN and COMMIT (READ COMMITTED), or ROLLBACK when it
// fails; returns its result, or the COMMIT's error (then nothing was written). `begin` may name
// another isolation level ("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").
template <class Body>
auto InTransaction(PgConnection& connection, Body&& body, std::string_view begin = "BEGIN")
    -> decltype(body(connection)) {
    MOTCUA_TRY(connection.Exec(begin));
    auto result = body(connection);
    if (!result) {
        // The transaction's own error is the one to report; a failed ROLLBACK (lost connection)
        // leaves nothing committed either.
        static_cast<void>(connection.Exec("ROLLBACK"));
        return result;
    }
    MOTCUA_TRY(connection.Exec("COMMIT"));
    return result;
}

}  // namespace motcua::storage::postgres
