#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace audioset {

/// While it lives, makes a file's written pages durable every so often (fdatasync from a thread
/// of its own). An index built in one transaction otherwise stays in the page cache (the kernel
/// starts writing on its own only when a tenth of memory is dirty, or after 30 s), and the sync at
/// commit then writes all of it while nothing else runs. Synced early, the writing and the
/// device's flushes overlap the work, and the commit waits for the last few dozen ms only.
///
/// It syncs only bytes already written, which SQLite's journal can still undo: what SQLite's own
/// syncs guarantee is unchanged. Best effort: a file it cannot open is left to the kernel.
///
/// Pages written once and not read again soon (the embeddings: 3.6 GB for the release) can also
/// leave the page cache once synced: dropPagesAppendedFromNow(). The kernel then reuses those
/// pages for the next writes instead of taking fresh memory for all of them, which costs a page
/// fault in the host on a VM that hands free memory back, and evicts nothing the user cached.
///
/// Every 50 ms: the commit at the end of 200 k records then took 0.06-0.08 s instead of
/// 0.35-0.5 s with writes merely started every 400 ms (sync_file_range), on a disk whose flushes
/// are slow; measured interleaved, 0.2 s off 2.2 s.
class EarlyWriteback {
public:
    /// Of the pages dropPagesAppendedFromNow() lets go, the last `keptTail` bytes stay cached:
    /// SQLite may still read back the pages it wrote last (leaves it inserts into again).
    explicit EarlyWriteback(const std::string &path,
                            std::chrono::milliseconds interval = std::chrono::milliseconds(50),
                            int64_t keptTail = int64_t{64} << 20);
    ~EarlyWriteback();
    EarlyWriteback(const EarlyWriteback &) = delete;
    EarlyWriteback &operator=(const EarlyWriteback &) = delete;

    /// From now on, after each sync, drops the synced pages past the file's present end (but
    /// for the kept tail) from the page cache. Pages already there stay: the index's other
    /// tables, which queries read.
    void dropPagesAppendedFromNow();

private:
    void run();
    void dropSyncedPages(int64_t syncedSize);

    int m_fd = -1;
    const std::chrono::milliseconds m_interval;
    const int64_t m_keptTail;
    std::atomic<int64_t> m_dropFrom{-1}; // -1: drop nothing; read and advanced by the thread
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace audioset
