#include "earlywriteback.h"

#include <fcntl.h>
#include <unistd.h>

namespace audioset {

EarlyWriteback::EarlyWriteback(const std::string &path, std::chrono::milliseconds interval)
    : m_interval(interval) {
#ifdef __linux__
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd >= 0) m_thread = std::thread([this] { run(); });
#else
    (void)path;
#endif
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
#ifdef __linux__
    std::unique_lock<std::mutex> lock(m_mutex);
    while (!m_wake.wait_for(lock, m_interval, [this] { return m_stop; }))
        ::sync_file_range(m_fd, 0, 0, SYNC_FILE_RANGE_WRITE); // 0, 0: the whole file
#endif
}

} // namespace audioset
