#include "earlywriteback.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace audioset {

EarlyWriteback::EarlyWriteback(const std::string &path, std::chrono::milliseconds interval,
                               int64_t keptTail)
    : m_interval(interval)
    , m_keptTail(keptTail) {
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd >= 0) m_thread = std::thread([this] { run(); });
}

EarlyWriteback::~EarlyWriteback() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
    if (m_fd >= 0) ::close(m_fd);
}

void EarlyWriteback::run() {
    std::unique_lock<std::mutex> lock(m_mutex);
    while (!m_wake.wait_for(lock, m_interval, [this] { return m_stop; })) {
        lock.unlock(); // the destructor can ask to stop while a sync runs
        // The size before the sync: what is appended while it runs is not yet clean, and
        // dropping past it would skip those pages for good.
        struct stat file {};
        const bool sized = ::fstat(m_fd, &file) == 0;
        if (::fdatasync(m_fd) == 0 && sized) dropSyncedPages(static_cast<int64_t>(file.st_size));
        lock.lock();
    }
}

void EarlyWriteback::dropPagesAppendedFromNow() {
    struct stat file {};
    if (m_fd >= 0 && ::fstat(m_fd, &file) == 0) m_dropFrom = static_cast<int64_t>(file.st_size);
}

void EarlyWriteback::dropSyncedPages(int64_t syncedSize) {
    int64_t from = m_dropFrom;
    if (from < 0) return;
    const int64_t to = syncedSize - m_keptTail;
    if (to <= from) return;
    // Clean pages only: any SQLite wrote again since the sync stay, which is harmless.
    ::posix_fadvise(m_fd, static_cast<off_t>(from), static_cast<off_t>(to - from),
                    POSIX_FADV_DONTNEED);
    m_dropFrom.compare_exchange_strong(from, to); // unless asked again meanwhile
}

} // namespace audioset
