#include "earlywriteback.h"

#include <fcntl.h>
#include <unistd.h>

namespace audioset {

EarlyWriteback::EarlyWriteback(const std::string &path, std::chrono::milliseconds interval)
    : m_interval(interval) {
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
        ::fdatasync(m_fd);
        lock.lock();
    }
}

} // namespace audioset
