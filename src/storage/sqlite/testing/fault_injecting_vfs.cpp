#include "storage/sqlite/testing/fault_injecting_vfs.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace motcua::storage::sqlite::testing {

// Our sqlite3_file: SQLite allocates vfs.szOsFile bytes; the real VFS's file lives right after.
struct FaultInjectingVfs::File {
    sqlite3_file base;  // First: SQLite sees a File* as a sqlite3_file*.
    FaultInjectingVfs* owner;
    sqlite3_file* real;
};

namespace {

constexpr std::size_t kAlign = alignof(std::max_align_t);

constexpr std::size_t RoundUp(std::size_t n) {
    return (n + kAlign - 1) / kAlign * kAlign;
}

}  // namespace

// The C callbacks; a friend so they can reach the switches.
struct Callbacks {
    using File = FaultInjectingVfs::File;

    static File* Of(sqlite3_file* file) { return reinterpret_cast<File*>(file); }

    static sqlite3_file* Real(sqlite3_file* file) { return Of(file)->real; }

    static FaultInjectingVfs* Owner(sqlite3_vfs* vfs) {
        return static_cast<FaultInjectingVfs*>(vfs->pAppData);
    }

    static sqlite3_vfs* RealVfs(sqlite3_vfs* vfs) { return Owner(vfs)->real_; }

    // ---- sqlite3_io_methods ----
    static int Close(sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); }

    static int Read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
        return Real(f)->pMethods->xRead(Real(f), buffer, amount, offset);
    }

    static int Write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
        FaultInjectingVfs* owner = Of(f)->owner;
        if (owner->fail_writes_.load()) {
            owner->failed_writes_.fetch_add(1);
            return SQLITE_FULL;
        }
        return Real(f)->pMethods->xWrite(Real(f), buffer, amount, offset);
    }

    static int Truncate(sqlite3_file* f, sqlite3_int64 size) {
        return Real(f)->pMethods->xTruncate(Real(f), size);
    }

    static int Sync(sqlite3_file* f, int flags) {
        FaultInjectingVfs* owner = Of(f)->owner;
        if (owner->fail_syncs_.load()) {
            owner->failed_syncs_.fetch_add(1);
            return SQLITE_IOERR_FSYNC;
        }
        return Real(f)->pMethods->xSync(Real(f), flags);
    }

    static int FileSize(sqlite3_file* f, sqlite3_int64* size) {
        return Real(f)->pMethods->xFileSize(Real(f), size);
    }

    static int Lock(sqlite3_file* f, int level) { return Real(f)->pMethods->xLock(Real(f), level); }

    static int Unlock(sqlite3_file* f, int level) {
        return Real(f)->pMethods->xUnlock(Real(f), level);
    }

    static int CheckReservedLock(sqlite3_file* f, int* out) {
        return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
    }

    static int FileControl(sqlite3_file* f, int op, void* arg) {
        return Real(f)->pMethods->xFileControl(Real(f), op, arg);
    }

    static int SectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }

    static int DeviceCharacteristics(sqlite3_file* f) {
        return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
    }

    static int ShmMap(sqlite3_file* f, int page, int page_size, int extend, volatile void** out) {
        return Real(f)->pMethods->xShmMap(Real(f), page, page_size, extend, out);
    }

    static int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
        return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
    }

    static void ShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }

    static int ShmUnmap(sqlite3_file* f, int delete_flag) {
        return Real(f)->pMethods->xShmUnmap(Real(f), delete_flag);
    }

    static int Fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
        return Real(f)->pMethods->xFetch(Real(f), offset, amount, out);
    }

    static int Unfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
        return Real(f)->pMethods->xUnfetch(Real(f), offset, page);
    }

    static const sqlite3_io_methods* Methods(int version) {
        static const sqlite3_io_methods kMethods[3] = {
            {1,
             Close,
             Read,
             Write,
             Truncate,
             Sync,
             FileSize,
             Lock,
             Unlock,
             CheckReservedLock,
             FileControl,
             SectorSize,
             DeviceCharacteristics,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             nullptr},
            {2,
             Close,
             Read,
             Write,
             Truncate,
             Sync,
             FileSize,
             Lock,
             Unlock,
             CheckReservedLock,
             FileControl,
             SectorSize,
             DeviceCharacteristics,
             ShmMap,
             ShmLock,
             ShmBarrier,
             ShmUnmap,
             nullptr,
             nullptr},
            {3,
             Close,
             Read,
             Write,
             Truncate,
             Sync,
             FileSize,
             Lock,
             Unlock,
             CheckReservedLock,
             FileControl,
             SectorSize,
             DeviceCharacteristics,
             ShmMap,
             ShmLock,
             ShmBarrier,
             ShmUnmap,
             Fetch,
             Unfetch},
        };
        return &kMethods[std::clamp(version, 1, 3) - 1];
    }

    // ---- sqlite3_vfs ----
    static int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out) {
        File* ours = Of(file);
        ours->owner = Owner(vfs);
        ours->real =
            reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + RoundUp(sizeof(File)));
        ours->real->pMethods = nullptr;
        const int rc = RealVfs(vfs)->xOpen(RealVfs(vfs), name, ours->real, flags, out);
        ours->base.pMethods =
            ours->real->pMethods != nullptr ? Methods(ours->real->pMethods->iVersion) : nullptr;
        return rc;
    }

    static int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
        return RealVfs(vfs)->xDelete(RealVfs(vfs), name, sync_dir);
    }

    static int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
        return RealVfs(vfs)->xAccess(RealVfs(vfs), name, flags, out);
    }

    static int FullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
        return RealVfs(vfs)->xFullPathname(RealVfs(vfs), name, size, out);
    }

    static void* DlOpen(sqlite3_vfs* vfs, const char* name) {
        return RealVfs(vfs)->xDlOpen(RealVfs(vfs), name);
    }

    static void DlError(sqlite3_vfs* vfs, int size, char* out) {
        RealVfs(vfs)->xDlError(RealVfs(vfs), size, out);
    }

    static void (*DlSym(sqlite3_vfs* vfs, void* handle, const char* symbol))() {
        return RealVfs(vfs)->xDlSym(RealVfs(vfs), handle, symbol);
    }

    static void DlClose(sqlite3_vfs* vfs, void* handle) {
        RealVfs(vfs)->xDlClose(RealVfs(vfs), handle);
    }

    static int Randomness(sqlite3_vfs* vfs, int size, char* out) {
        return RealVfs(vfs)->xRandomness(RealVfs(vfs), size, out);
    }

    static int Sleep(sqlite3_vfs* vfs, int microseconds) {
        return RealVfs(vfs)->xSleep(RealVfs(vfs), microseconds);
    }

    static int CurrentTime(sqlite3_vfs* vfs, double* out) {
        return RealVfs(vfs)->xCurrentTime(RealVfs(vfs), out);
    }

    static int GetLastError(sqlite3_vfs* vfs, int size, char* out) {
        return RealVfs(vfs)->xGetLastError(RealVfs(vfs), size, out);
    }

    static int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
        return RealVfs(vfs)->xCurrentTimeInt64(RealVfs(vfs), out);
    }

    static int SetSystemCall(sqlite3_vfs* vfs, const char* name, sqlite3_syscall_ptr call) {
        return RealVfs(vfs)->xSetSystemCall(RealVfs(vfs), name, call);
    }

    static sqlite3_syscall_ptr GetSystemCall(sqlite3_vfs* vfs, const char* name) {
        return RealVfs(vfs)->xGetSystemCall(RealVfs(vfs), name);
    }

    static const char* NextSystemCall(sqlite3_vfs* vfs, const char* name) {
        return RealVfs(vfs)->xNextSystemCall(RealVfs(vfs), name);
    }
};

FaultInjectingVfs::FaultInjectingVfs(std::string name, sqlite3_vfs* real)
    : name_(std::move(name)), real_(real) {
    vfs_.iVersion = std::min(real->iVersion, 3);
    vfs_.szOsFile =
        static_cast<int>(RoundUp(sizeof(File)) + static_cast<std::size_t>(real->szOsFile));
    vfs_.mxPathname = real->mxPathname;
    vfs_.zName = name_.c_str();
    vfs_.pAppData = this;
    vfs_.xOpen = Callbacks::Open;
    vfs_.xDelete = Callbacks::Delete;
    vfs_.xAccess = Callbacks::Access;
    vfs_.xFullPathname = Callbacks::FullPathname;
    vfs_.xDlOpen = Callbacks::DlOpen;
    vfs_.xDlError = Callbacks::DlError;
    vfs_.xDlSym = Callbacks::DlSym;
    vfs_.xDlClose = Callbacks::DlClose;
    vfs_.xRandomness = Callbacks::Randomness;
    vfs_.xSleep = Callbacks::Sleep;
    vfs_.xCurrentTime = Callbacks::CurrentTime;
    vfs_.xGetLastError = Callbacks::GetLastError;
    if (vfs_.iVersion >= 2) {
        vfs_.xCurrentTimeInt64 = Callbacks::CurrentTimeInt64;
    }
    if (vfs_.iVersion >= 3) {
        vfs_.xSetSystemCall = Callbacks::SetSystemCall;
        vfs_.xGetSystemCall = Callbacks::GetSystemCall;
        vfs_.xNextSystemCall = Callbacks::NextSystemCall;
    }
}

Result<std::unique_ptr<FaultInjectingVfs>> FaultInjectingVfs::Register(std::string name) {
    if (sqlite3_vfs_find(name.c_str()) != nullptr) {
        return Fail(ErrorCode::kAlreadyExists, "fault vfs: name taken: " + name);
    }
    sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
    if (real == nullptr) {
        return Fail(ErrorCode::kInternal, "fault vfs: no default VFS");
    }
    std::unique_ptr<FaultInjectingVfs> vfs(new FaultInjectingVfs(std::move(name), real));
    const int rc = sqlite3_vfs_register(&vfs->vfs_, 0);
    if (rc != SQLITE_OK) {
        return Fail(ErrorCode::kInternal, "fault vfs: register failed");
    }
    return vfs;
}

FaultInjectingVfs::~FaultInjectingVfs() {
    sqlite3_vfs_unregister(&vfs_);
}

}  // namespace motcua::storage::sqlite::testing
