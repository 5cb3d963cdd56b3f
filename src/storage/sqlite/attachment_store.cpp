#include "storage/sqlite/attachment_store.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <span>
#include <utility>

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/hex.hpp"
#include "common/unique_fd.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/workflow/attachments.hpp"
#include "storage/common/json_codec.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace ports = core::ports;
namespace wf = core::workflow;

constexpr std::size_t kChunk = 64 * 1024;

// Upload records with their content's size and type.
constexpr std::string_view kSelectUploads =
    "SELECT a.sha256, a.size, a.content_type, u.display_name, u.uploaded_by, u.uploader_agency, "
    "u.uploaded_at FROM attachment_uploads u JOIN attachments a ON a.sha256 = u.sha256 "
    "WHERE u.sha256 = ?1 ORDER BY u.id";
constexpr std::string_view kSelectFirstUpload =
    "SELECT a.sha256, a.size, a.content_type, u.display_name, u.uploaded_by, u.uploader_agency, "
    "u.uploaded_at FROM attachment_uploads u JOIN attachments a ON a.sha256 = u.sha256 "
    "WHERE u.sha256 = ?1 ORDER BY u.id LIMIT 1";
constexpr std::string_view kSelectUploadBy =
    "SELECT a.sha256, a.size, a.content_type, u.display_name, u.uploaded_by, u.uploader_agency, "
    "u.uploaded_at FROM attachment_uploads u JOIN attachments a ON a.sha256 = u.sha256 "
    "WHERE u.sha256 = ?1 AND ifnull(u.uploaded_by, 0) = ?2 AND u.uploader_agency = ?3";

tl::unexpected<Error> IoError(std::string_view what, const std::string& path, int err) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("attachment store: cannot {} {}: {}", what, path, std::strerror(err)),
                "không lưu hoặc đọc được tệp đính kèm, vui lòng thử lại sau");
}

Result<void> WriteAll(int fd, const char* data, std::size_t n, const std::string& path) {
    while (n > 0) {
        const ssize_t w = ::write(fd, data, n);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return IoError("write", path, errno);
        }
        data += w;
        n -= static_cast<std::size_t>(w);
    }
    return {};
}

struct Digest {
    std::string sha256;
    std::int64_t size = 0;
};

// Hashes `in` from its start; with `copy_to` >= 0 also writes every byte there.
Result<Digest> HashFile(int in,
                        const std::string& path,
                        int copy_to = -1,
                        const std::string& copy_path = {}) {
    if (::lseek(in, 0, SEEK_SET) < 0) {
        return IoError("seek", path, errno);
    }
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    if (ctx == nullptr || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(ctx);
        return Fail(ErrorCode::kInternal, "attachment store: SHA-256 unavailable");
    }
    std::array<char, kChunk> buffer{};
    Digest digest;
    Result<Digest> result = digest;
    while (true) {
        const ssize_t r = ::read(in, buffer.data(), buffer.size());
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            result = IoError("read", path, errno);
            break;
        }
        if (r == 0) {
            std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
            unsigned int length = 0;
            EVP_DigestFinal_ex(ctx, md.data(), &length);
            digest.sha256 = HexLower(std::span<const unsigned char>(md.data(), length));
            result = digest;
            break;
        }
        const auto n = static_cast<std::size_t>(r);
        EVP_DigestUpdate(ctx, buffer.data(), n);
        digest.size += r;
        if (copy_to >= 0) {
            if (auto w = WriteAll(copy_to, buffer.data(), n, copy_path); !w) {
                result = tl::unexpected(w.error());
                break;
            }
        }
    }
    EVP_MD_CTX_free(ctx);
    return result;
}

Result<void> SyncDirectory(const std::string& dir) {
    const UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.ok()) {
        return IoError("open directory", dir, errno);
    }
    if (::fsync(fd.get()) != 0) {
        return IoError("sync directory", dir, errno);
    }
    return {};
}

// Creates `dir` (mode 0750) when missing; fsyncs its parent when it did.
Result<void> EnsureDirectory(const std::string& dir, const std::string& parent) {
    if (::mkdir(dir.c_str(), 0750) == 0) {
        return SyncDirectory(parent);
    }
    if (errno != EEXIST) {
        return IoError("create directory", dir, errno);
    }

    struct stat st {};

    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        return IoError("use directory", dir, ENOTDIR);
    }
    return {};
}

Result<ports::AttachmentMeta> MetaFrom(const Statement& row) {
    ports::AttachmentMeta m;
    m.sha256 = std::string(row.ColumnText(0));
    m.size = row.ColumnInt64(1);
    m.content_type = std::string(row.ColumnText(2));
    m.name = std::string(row.ColumnText(3));
    if (!row.IsNull(4)) {
        m.uploaded_by = core::model::UserId{row.ColumnInt64(4)};
    }
    m.uploader_agency = std::string(row.ColumnText(5));
    auto at = core::calendar::ParseDateTime(row.ColumnText(6));
    if (!at) {
        return Fail(ErrorCode::kInternal,
                    fmt::format("attachment upload of {} has a bad time", m.sha256));
    }
    m.uploaded_at = *at;
    return m;
}

Result<std::vector<ports::AttachmentMeta>> SelectUploads(Connection& c,
                                                         std::string_view sha256,
                                                         bool first_only) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement st,
                            c.Cached(first_only ? kSelectFirstUpload : kSelectUploads));
    MOTCUA_TRY(st->Bind(1, sha256));
    std::vector<ports::AttachmentMeta> out;
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            break;
        }
        MOTCUA_ASSIGN_OR_RETURN(ports::AttachmentMeta m, MetaFrom(*st));
        out.push_back(std::move(m));
    }
    return out;
}

auto UnknownContent() {
    return Fail(ErrorCode::kNotFound, "attachment not found", "không tìm thấy tệp đính kèm");
}

}  // namespace

Result<std::unique_ptr<SqliteAttachmentStore>> SqliteAttachmentStore::Open(Database& db,
                                                                           std::string dir,
                                                                           const Clock& clock) {
    while (dir.size() > 1 && dir.back() == '/') {
        dir.pop_back();
    }
    if (dir.empty()) {
        return Fail(ErrorCode::kInvalidArgument, "attachment directory is empty");
    }
    const std::size_t slash = dir.rfind('/');
    const std::string parent = slash == std::string::npos ? "."
                               : slash == 0               ? "/"
                                                          : dir.substr(0, slash);
    MOTCUA_TRY(EnsureDirectory(dir, parent));
    return std::unique_ptr<SqliteAttachmentStore>(
        new SqliteAttachmentStore(db, std::move(dir), clock));
}

std::string SqliteAttachmentStore::FileOf(std::string_view sha256) const {
    return fmt::format("{}/{}/{}", dir_, sha256.substr(0, 2), sha256);
}

Result<ports::AttachmentMeta> SqliteAttachmentStore::Put(const std::string& temp_path,
                                                         ports::AttachmentMeta meta) {
    if (!wf::IsSha256Hex(meta.sha256)) {
        return Fail(ErrorCode::kInvalidArgument,
                    "an attachment is named by the SHA-256 of its content (64 lower-case hex "
                    "digits)",
                    "mã tệp đính kèm không hợp lệ",
                    "sha256");
    }
    if (meta.content_type.empty()) {
        return Fail(ErrorCode::kInvalidArgument, "an attachment needs its content type");
    }
    meta.name = wf::SanitizeDisplayName(meta.name);

    // 1. The file: verify it, then give it its content name (durably) unless already there.
    UniqueFd in(::open(temp_path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!in.ok()) {
        return IoError("open", temp_path, errno);
    }

    struct stat st {};

    if (::fstat(in.get(), &st) != 0) {
        return IoError("inspect", temp_path, errno);
    }
    if (!S_ISREG(st.st_mode)) {
        return Fail(ErrorCode::kInvalidArgument, "an attachment must be a regular file");
    }
    MOTCUA_ASSIGN_OR_RETURN(const Digest digest, HashFile(in.get(), temp_path));
    if (digest.sha256 != meta.sha256) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the attachment's content does not match its SHA-256",
                    "nội dung tệp đính kèm không khớp mã kiểm tra",
                    "sha256");
    }
    meta.size = digest.size;
    const std::string subdir = fmt::format("{}/{}", dir_, meta.sha256.substr(0, 2));
    const std::string final_path = FileOf(meta.sha256);
    MOTCUA_TRY(EnsureDirectory(subdir, dir_));
    if (::access(final_path.c_str(), F_OK) == 0) {
        ::unlink(temp_path.c_str());  // the same bytes are already stored
    } else {
        if (::fsync(in.get()) != 0) {
            return IoError("sync", temp_path, errno);
        }
        if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
            if (errno != EXDEV) {
                return IoError("store", temp_path, errno);
            }
            // Another file system: copy beside the final name, sync, then rename.
            static std::atomic<std::uint64_t> counter{0};
            const std::string staging = fmt::format(
                "{}/.partial-{}-{}-{}", subdir, meta.sha256, ::getpid(), counter.fetch_add(1));
            UniqueFd out(::open(staging.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640));
            if (!out.ok()) {
                return IoError("create", staging, errno);
            }
            auto copied = HashFile(in.get(), temp_path, out.get(), staging);
            if (copied && copied->sha256 != meta.sha256) {
                copied = Fail(ErrorCode::kInvalidArgument,
                              "the attachment changed while it was being stored");
            }
            if (copied && ::fsync(out.get()) != 0) {
                copied = IoError("sync", staging, errno);
            }
            if (copied && out.Close() != 0) {
                copied = IoError("close", staging, errno);
            }
            if (copied && ::rename(staging.c_str(), final_path.c_str()) != 0) {
                copied = IoError("store", staging, errno);
            }
            if (!copied) {
                ::unlink(staging.c_str());
                return tl::unexpected(copied.error());
            }
            ::unlink(temp_path.c_str());
        }
        MOTCUA_TRY(SyncDirectory(subdir));
    }

    // 2. The metadata.
    const std::string now = EncodeTime(core::calendar::ToLocal(clock_.Now()));
    const std::string& tenant = db_.tenant();
    const std::optional<std::int64_t> by =
        meta.uploaded_by ? std::optional<std::int64_t>(meta.uploaded_by->value()) : std::nullopt;
    return db_.Write([&](Connection& c) -> Result<ports::AttachmentMeta> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement content,
            c.Cached("INSERT INTO attachments(sha256, tenant, size, content_type, stored_at) "
                     "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(sha256) DO NOTHING"));
        MOTCUA_TRY(content->BindAll(std::string_view(meta.sha256),
                                    std::string_view(tenant),
                                    meta.size,
                                    std::string_view(meta.content_type),
                                    std::string_view(now)));
        MOTCUA_TRY(content->Run());
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement upload,
            c.Cached("INSERT INTO attachment_uploads(tenant, sha256, display_name, uploaded_by, "
                     "uploader_agency, uploaded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6) "
                     "ON CONFLICT DO NOTHING"));
        MOTCUA_TRY(upload->BindAll(
            std::string_view(tenant), std::string_view(meta.sha256), std::string_view(meta.name)));
        MOTCUA_TRY(upload->Bind(4, by));
        MOTCUA_TRY(upload->Bind(5, std::string_view(meta.uploader_agency)));
        MOTCUA_TRY(upload->Bind(6, std::string_view(now)));
        MOTCUA_TRY(upload->Run());
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement select, c.Cached(kSelectUploadBy));
        MOTCUA_TRY(select->BindAll(
            std::string_view(meta.sha256), by.value_or(0), std::string_view(meta.uploader_agency)));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, select->Step());
        if (!row) {
            return Fail(ErrorCode::kInternal, "attachment upload row missing after insert");
        }
        return MetaFrom(*select);
    });
}

Result<ports::AttachmentMeta> SqliteAttachmentStore::Get(std::string_view sha256) {
    if (!wf::IsSha256Hex(sha256)) {
        return UnknownContent();
    }
    MOTCUA_ASSIGN_OR_RETURN(std::vector<ports::AttachmentMeta> first, db_.Read([&](Connection& c) {
        return SelectUploads(c, sha256, /*first_only=*/true);
    }));
    if (first.empty()) {
        return UnknownContent();
    }
    return std::move(first.front());
}

Result<std::vector<ports::AttachmentMeta>> SqliteAttachmentStore::Uploads(std::string_view sha256) {
    if (!wf::IsSha256Hex(sha256)) {
        return std::vector<ports::AttachmentMeta>{};
    }
    return db_.Read([&](Connection& c) { return SelectUploads(c, sha256, /*first_only=*/false); });
}

Result<std::string> SqliteAttachmentStore::PathOf(std::string_view sha256) {
    if (!wf::IsSha256Hex(sha256)) {
        return UnknownContent();
    }
    MOTCUA_ASSIGN_OR_RETURN(const bool known, db_.Read([&](Connection& c) -> Result<bool> {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st,
                                c.Cached("SELECT 1 FROM attachments WHERE sha256 = ?1"));
        MOTCUA_TRY(st->Bind(1, sha256));
        return st->Step();
    }));
    if (!known) {
        return UnknownContent();
    }
    std::string path = FileOf(sha256);
    if (::access(path.c_str(), R_OK) != 0) {
        return Fail(
            ErrorCode::kInternal,
            fmt::format("attachment {} is recorded but its file {} is missing", sha256, path));
    }
    return path;
}

Result<std::string> SqliteAttachmentStore::ReadAll(std::string_view sha256, std::size_t max_bytes) {
    MOTCUA_ASSIGN_OR_RETURN(const std::string path, PathOf(sha256));
    const UniqueFd in(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!in.ok()) {
        return IoError("open", path, errno);
    }

    struct stat st {};

    if (::fstat(in.get(), &st) != 0) {
        return IoError("inspect", path, errno);
    }
    if (st.st_size < 0 || static_cast<std::uint64_t>(st.st_size) > max_bytes) {
        return Fail(
            ErrorCode::kOutOfRange,
            fmt::format("attachment {} has {} bytes, more than {}", sha256, st.st_size, max_bytes),
            "tệp đính kèm quá lớn");
    }
    std::string out(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t r = ::read(in.get(), out.data() + done, out.size() - done);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            return IoError("read", path, errno);
        }
        if (r == 0) {
            return Fail(ErrorCode::kInternal,
                        fmt::format("attachment file {} shrank while being read", path));
        }
        done += static_cast<std::size_t>(r);
    }
    return out;
}

Result<std::vector<core::model::DossierId>> SqliteAttachmentStore::DossiersWith(
    std::string_view sha256) {
    if (!wf::IsSha256Hex(sha256)) {
        return std::vector<core::model::DossierId>{};
    }
    return db_.Read([&](Connection& c) -> Result<std::vector<core::model::DossierId>> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT DISTINCT dossier_id FROM dossier_attachments WHERE sha256 = ?1 "
                     "ORDER BY dossier_id"));
        MOTCUA_TRY(st->Bind(1, sha256));
        std::vector<core::model::DossierId> out;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                break;
            }
            out.emplace_back(st->ColumnInt64(0));
        }
        return out;
    });
}

Result<void> WriteAttachmentLinks(Connection& c, const wf::Dossier& d) {
    if (d.attachments.empty()) {
        return {};
    }
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached("INSERT INTO dossier_attachments(dossier_id, component_code, sha256) "
                 "VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING"));
    for (const wf::AttachmentRef& a : d.attachments) {
        MOTCUA_TRY(
            st->BindAll(d.id.value(), std::string_view(a.component), std::string_view(a.sha256)));
        MOTCUA_TRY(st->Run());
    }
    return {};
}

}  // namespace motcua::storage::sqlite
