#include "mappedwindow.h"

#include <algorithm>
#include <csetjmp>
#include <csignal>
#include <mutex>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22 // Linux 5.14; older kernels refuse it, which changes nothing
#endif

namespace audioset {

namespace {

struct Guard {
    sigjmp_buf jump;
    const unsigned char *begin;
    const unsigned char *end;
};

thread_local Guard *t_guard = nullptr;
struct sigaction g_previous {};

// A fault in a guarded window leaves the access; any other is what it was before.
void onBusError(int signal, siginfo_t *info, void *context) {
    const Guard *guard = t_guard;
    const auto *address = static_cast<const unsigned char *>(info->si_addr);
    if (guard && address >= guard->begin && address < guard->end)
        siglongjmp(const_cast<Guard *>(guard)->jump, 1);
    if ((g_previous.sa_flags & SA_SIGINFO) && g_previous.sa_sigaction) {
        g_previous.sa_sigaction(signal, info, context);
        return;
    }
    if (!(g_previous.sa_flags & SA_SIGINFO) && g_previous.sa_handler != SIG_DFL &&
        g_previous.sa_handler != SIG_IGN) {
        g_previous.sa_handler(signal);
        return;
    }
    ::signal(SIGBUS, SIG_DFL); // the faulting access runs again and takes the default action
}

void installHandler() {
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction action {};
        action.sa_sigaction = onBusError;
        action.sa_flags = SA_SIGINFO | SA_NODEFER; // NODEFER: not left blocked by siglongjmp
        sigemptyset(&action.sa_mask);
        sigaction(SIGBUS, &action, &g_previous);
    });
}

size_t pageSize() {
    static const size_t size = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

} // namespace

MappedWindow::~MappedWindow() {
    unmap();
}

void MappedWindow::unmap() {
    if (m_data) ::munmap(m_data, m_size);
    m_data = nullptr;
    m_size = 0;
}

bool MappedWindow::moveTo(int fd, uint64_t fileSize, uint64_t offset) {
    unmap();
    m_fileBegin = offset - offset % pageSize();
    if (m_fileBegin >= fileSize) {
        m_fileBegin = fileSize;
        return true;
    }
    const size_t size =
        static_cast<size_t>(std::min<uint64_t>(kWindowBytes, fileSize - m_fileBegin));
    void *data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, static_cast<off_t>(m_fileBegin));
    if (data == MAP_FAILED) return false;
    m_data = static_cast<unsigned char *>(data);
    m_size = size;
    // One call maps what is cached instead of a fault per 64 KB, and reads ahead what is not.
    ::madvise(m_data, m_size, MADV_SEQUENTIAL);
    ::madvise(m_data, m_size, MADV_POPULATE_READ);
    return true;
}

bool guardedAccess(const MappedWindow &window, void (*access)(void *), void *context) {
    installHandler();
    Guard guard;
    guard.begin = window.data();
    guard.end = window.data() + window.size();
    Guard *const outer = t_guard;
    if (sigsetjmp(guard.jump, 1) != 0) {
        t_guard = outer;
        return false;
    }
    t_guard = &guard;
    access(context);
    t_guard = outer;
    return true;
}

} // namespace audioset
