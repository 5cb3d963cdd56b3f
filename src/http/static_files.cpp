// The web UI's files: loaded into memory at start-up, served for GET and HEAD outside /api/.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>

#include "http/internal/server_impl.hpp"

namespace motcua::http {

// ---- Static files --------------------------------------------------------------------------

class StaticFiles {
public:
    struct File {
        std::string content_type;
        std::string body;
        std::string gzip;  // precompressed sibling (<name>.gz), if any
        bool immutable = false;
    };

    // The file for a URL path; client-side routes (no extension) fall back to index.html.
    const File* Find(std::string_view path) const {
        if (path.empty() || path == "/") {
            path = "/index.html";
        }
        const auto it = files_.find(std::string(path));
        if (it != files_.end()) {
            return &it->second;
        }
        const auto slash = path.rfind('/');
        if (path.find('.', slash == std::string_view::npos ? 0 : slash) == std::string_view::npos) {
            const auto index = files_.find("/index.html");
            return index == files_.end() ? nullptr : &index->second;
        }
        return nullptr;
    }

    std::unordered_map<std::string, File> files_;
};

namespace {

std::string_view ContentTypeOf(const std::filesystem::path& p) {
    static const std::unordered_map<std::string, std::string_view> kTypes = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    const auto it = kTypes.find(p.extension().string());
    return it == kTypes.end() ? std::string_view("application/octet-stream") : it->second;
}

Result<std::string> ReadWholeFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        return Fail(ErrorCode::kUnavailable, fmt::format("cannot read {}", p.string()));
    }
    // Not istreambuf_iterator: GCC 12 at -O3 flags it as a null dereference (false positive).
    std::ostringstream content;
    content << in.rdbuf();
    return std::move(content).str();
}

}  // namespace

Result<std::shared_ptr<const StaticFiles>> LoadStaticFiles(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_regular_file(fs::path(dir) / "index.html", ec)) {
        return Fail(ErrorCode::kNotFound,
                    fmt::format("web directory {} has no index.html (build the UI first)", dir),
                    fmt::format("Thư mục giao diện {} không có index.html", dir));
    }
    auto files = std::make_shared<StaticFiles>();
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        if (!it->is_regular_file()) {
            continue;
        }
        const fs::path& p = it->path();
        std::string url = "/" + fs::relative(p, dir).generic_string();
        MOTCUA_ASSIGN_OR_RETURN(std::string body, ReadWholeFile(p));
        if (p.extension() == ".gz") {
            url.resize(url.size() - 3);
            files->files_[url].gzip = std::move(body);
            continue;
        }
        StaticFiles::File& f = files->files_[url];
        f.content_type = std::string(ContentTypeOf(p));
        f.body = std::move(body);
        f.immutable = url.starts_with("/assets/");
    }
    if (ec) {
        return Fail(ErrorCode::kUnavailable, fmt::format("cannot list {}: {}", dir, ec.message()));
    }
    // A .gz without its original is not served.
    std::erase_if(files->files_,
                  [](const auto& entry) { return entry.second.content_type.empty(); });
    return std::shared_ptr<const StaticFiles>(std::move(files));
}

std::optional<Response> Server::Impl::ServeStatic(const Request& request) const {
    if (!web_ || (request.method != "GET" && request.method != "HEAD") ||
        request.path.starts_with("/api/")) {
        return std::nullopt;
    }
    const StaticFiles::File* file = web_->Find(request.path);
    if (file == nullptr) {
        return std::nullopt;
    }
    Response r;
    r.content_type = file->content_type;
    const auto encodings = request.Header("accept-encoding");
    if (!file->gzip.empty() && encodings && encodings->find("gzip") != std::string_view::npos) {
        r.body = file->gzip;
        r.headers.emplace_back("Content-Encoding", "gzip");
    } else {
        r.body = file->body;
    }
    if (!file->gzip.empty()) {
        r.headers.emplace_back("Vary", "Accept-Encoding");
    }
    r.headers.emplace_back("Cache-Control",
                           file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return r;
}

}  // namespace motcua::http
