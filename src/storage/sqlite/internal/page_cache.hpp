// SQLite's own page cache, minus the truncations that have nothing to remove.
//
// At the end of every write transaction SQLite truncates its page cache to the database size.
// Its default cache finds the pages to drop by walking hash buckets from the smallest key it
// must drop to the largest key it has ever held, or every bucket when that range is wider than
// the table. When a b-tree page splits, SQLite renumbers the new pages through a temporary page
// number (the lock-byte page: 262,145 with 4 KiB pages), so on a database smaller than 1 GiB the
// largest key "ever held" sits far beyond the end of the file and every commit that split a page
// walks the whole cache: with the writer's 64 MiB cache, about 16,000 buckets and pages whose
// headers are scattered in memory, at every group commit. On the engine benchmark that walk was
// about a tenth of the writer thread's time.
//
// InstallPageCache() puts a thin layer over the default cache that keeps a true upper bound of
// the keys its pages can have (see TruncationBound) and passes a truncation on only when a page
// at or beyond the limit may exist. Everything else is the default cache, unchanged.
#pragma once

#include <array>
#include <cstddef>

namespace motcua::storage::sqlite::internal {

// An upper bound of the page numbers held by one page cache, kept from the calls that can give
// a page a number: creating it at a key, and moving it from one key to another. Pages that leave
// the cache by other ways (eviction, discarding) only make the bound looser, never wrong.
// Re-keying to a number above every created one (SQLite's temporary number during a split) is
// remembered exactly, so moving the page away again brings the bound back down.
class TruncationBound {
public:
    // A page was looked up with permission to create it at `key`.
    void Created(unsigned key);
    // A page moved from `from` to `to`.
    void Moved(unsigned from, unsigned to);
    // True if a page with a key >= `limit` may be held, so truncating at `limit` may drop one.
    bool MayHoldFrom(unsigned limit) const;
    // Every page with a key >= `limit` was dropped.
    void Truncated(unsigned limit);

private:
    static constexpr std::size_t kMovedSlots = 8;

    unsigned created_max_ = 0;
    // Keys above created_max_ that a page was moved to and has not been moved away from.
    std::array<unsigned, kMovedSlots> moved_{};
    std::size_t moved_count_ = 0;
    // More such keys than slots: the bound is unknown until the next truncation.
    bool overflow_ = false;
};

// Installs the layer over SQLite's default page cache for the whole process. Must run before
// SQLite initialises (Connection::Open calls it first); later calls do nothing. Returns false
// if SQLite refused (already initialised), leaving the default cache in place.
bool InstallPageCache();

}  // namespace motcua::storage::sqlite::internal
