#include "storage/sqlite/internal/page_cache.hpp"

#include <algorithm>
#include <new>

#include <sqlite3.h>

namespace motcua::storage::sqlite::internal {

void TruncationBound::Created(unsigned key) {
    created_max_ = std::max(created_max_, key);
}

void TruncationBound::Moved(unsigned from, unsigned to) {
    for (std::size_t i = 0; i < moved_count_; ++i) {
        if (moved_[i] == from) {
            moved_[i] = moved_[--moved_count_];
            break;
        }
    }
    if (to <= created_max_) {
        return;
    }
    if (moved_count_ == moved_.size()) {
        overflow_ = true;
        return;
    }
    moved_[moved_count_++] = to;
}

bool TruncationBound::MayHoldFrom(unsigned limit) const {
    if (overflow_ || created_max_ >= limit) {
        return true;
    }
    return std::any_of(moved_.begin(),
                       moved_.begin() + static_cast<std::ptrdiff_t>(moved_count_),
                       [limit](unsigned key) { return key >= limit; });
}

void TruncationBound::Truncated(unsigned limit) {
    const unsigned below = limit == 0 ? 0 : limit - 1;
    created_max_ = std::min(created_max_, below);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < moved_count_; ++i) {
        if (moved_[i] < limit) {
            moved_[kept++] = moved_[i];
        }
    }
    moved_count_ = kept;
    overflow_ = false;
}

namespace {

// SQLite's default page cache, captured before the layer is installed. Written once, under
// the call_once of InstallPageCache, before SQLite initialises and calls any method.
sqlite3_pcache_methods2 g_default;  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

// One cache of the layer: the default cache it forwards to and the bound of its keys. A cache
// belongs to one pager, which SQLite uses from one thread at a time.
struct LayeredCache {
    sqlite3_pcache* inner = nullptr;
    TruncationBound bound;
};

LayeredCache* Layered(sqlite3_pcache* cache) {
    return static_cast<LayeredCache*>(static_cast<void*>(cache));
}

int Init(void* /*arg*/) {
    return g_default.xInit != nullptr ? g_default.xInit(g_default.pArg) : SQLITE_OK;
}

void Shutdown(void* /*arg*/) {
    if (g_default.xShutdown != nullptr) {
        g_default.xShutdown(g_default.pArg);
    }
}

sqlite3_pcache* Create(int page_size, int extra_size, int purgeable) {
    auto* layered = new (std::nothrow) LayeredCache;
    if (layered == nullptr) {
        return nullptr;
    }
    layered->inner = g_default.xCreate(page_size, extra_size, purgeable);
    if (layered->inner == nullptr) {
        delete layered;
        return nullptr;
    }
    return static_cast<sqlite3_pcache*>(static_cast<void*>(layered));
}

void Cachesize(sqlite3_pcache* cache, int pages) {
    g_default.xCachesize(Layered(cache)->inner, pages);
}

int Pagecount(sqlite3_pcache* cache) {
    return g_default.xPagecount(Layered(cache)->inner);
}

sqlite3_pcache_page* Fetch(sqlite3_pcache* cache, unsigned key, int create) {
    LayeredCache* layered = Layered(cache);
    if (create != 0) {
        layered->bound.Created(key);
    }
    return g_default.xFetch(layered->inner, key, create);
}

void Unpin(sqlite3_pcache* cache, sqlite3_pcache_page* page, int discard) {
    g_default.xUnpin(Layered(cache)->inner, page, discard);
}

void Rekey(sqlite3_pcache* cache, sqlite3_pcache_page* page, unsigned from, unsigned to) {
    LayeredCache* layered = Layered(cache);
    layered->bound.Moved(from, to);
    g_default.xRekey(layered->inner, page, from, to);
}

void Truncate(sqlite3_pcache* cache, unsigned limit) {
    LayeredCache* layered = Layered(cache);
    if (!layered->bound.MayHoldFrom(limit)) {
        return;
    }
    g_default.xTruncate(layered->inner, limit);
    layered->bound.Truncated(limit);
}

void Destroy(sqlite3_pcache* cache) {
    LayeredCache* layered = Layered(cache);
    g_default.xDestroy(layered->inner);
    delete layered;
}

void Shrink(sqlite3_pcache* cache) {
    g_default.xShrink(Layered(cache)->inner);
}

}  // namespace

bool InstallPageCache() {
    static const bool installed = [] {
        if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &g_default) != SQLITE_OK ||
            g_default.xCreate == nullptr) {
            return false;
        }
        static const sqlite3_pcache_methods2 layered{
            .iVersion = 1,
            .pArg = nullptr,
            .xInit = Init,
            .xShutdown = Shutdown,
            .xCreate = Create,
            .xCachesize = Cachesize,
            .xPagecount = Pagecount,
            .xFetch = Fetch,
            .xUnpin = Unpin,
            .xRekey = Rekey,
            .xTruncate = Truncate,
            .xDestroy = Destroy,
            .xShrink = Shrink,
        };
        return sqlite3_config(SQLITE_CONFIG_PCACHE2, &layered) == SQLITE_OK;
    }();
    return installed;
}

}  // namespace motcua::storage::sqlite::internal
