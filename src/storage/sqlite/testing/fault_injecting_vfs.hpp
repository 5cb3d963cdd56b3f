// FaultInjectingVfs: an SQLite VFS for tests that forwards to the default VFS until told to
// fail (STYLE.md §7, after LevelDB's fault-injecting Env). Open a Connection through it with
// OpenOptions{.vfs = vfs->Name()}; then FailSyncs(true) makes every fsync fail with
// SQLITE_IOERR_FSYNC — so the next COMMIT fails the way a dying disk makes it fail — and
// FailWrites(true) makes every write fail with SQLITE_FULL (disk full). Test-only: linked into
// the test binary, never into motcua.
//
// Thread-safety: the switches may be flipped from any thread while connections use the VFS.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include <sqlite3.h>

#include "common/result.hpp"

namespace motcua::storage::sqlite::testing {

class FaultInjectingVfs {
public:
    // Registers a VFS named `name` (unique per process) on top of the default VFS.
    // kAlreadyExists when the name is taken.
    [[nodiscard]] static Result<std::unique_ptr<FaultInjectingVfs>> Register(std::string name);

    FaultInjectingVfs(const FaultInjectingVfs&) = delete;
    FaultInjectingVfs& operator=(const FaultInjectingVfs&) = delete;
    FaultInjectingVfs(FaultInjectingVfs&&) = delete;
    FaultInjectingVfs& operator=(FaultInjectingVfs&&) = delete;
    // Unregisters. Precondition: every connection opened through it is closed.
    ~FaultInjectingVfs();

    [[nodiscard]] const std::string& Name() const noexcept { return name_; }

    void FailSyncs(bool on) noexcept { fail_syncs_.store(on); }

    void FailWrites(bool on) noexcept { fail_writes_.store(on); }

    // Operations failed so far.
    [[nodiscard]] std::uint64_t FailedSyncs() const noexcept { return failed_syncs_.load(); }

    [[nodiscard]] std::uint64_t FailedWrites() const noexcept { return failed_writes_.load(); }

private:
    struct File;
    friend struct Callbacks;

    explicit FaultInjectingVfs(std::string name, sqlite3_vfs* real);

    std::string name_;
    sqlite3_vfs* real_;  // The default VFS; not owned.
    sqlite3_vfs vfs_{};
    std::atomic<bool> fail_syncs_{false};
    std::atomic<bool> fail_writes_{false};
    std::atomic<std::uint64_t> failed_syncs_{0};
    std::atomic<std::uint64_t> failed_writes_{0};
};

}  // namespace motcua::storage::sqlite::testing
