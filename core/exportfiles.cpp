#include "exportfiles.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

namespace audioset {

OutputFile::~OutputFile() {
    if (m_file) std::fclose(m_file);
}

bool OutputFile::fail(const char *what) {
    if (m_error.empty())
        m_error =
            m_path + ": " + what + ": " +
            (errno == ENOSPC ? std::string("the disk is full") : std::string(std::strerror(errno)));
    return false;
}

bool OutputFile::open(const std::string &path, bool append) {
    m_path = path;
    m_file = std::fopen(path.c_str(), append ? "ab" : "wb");
    if (!m_file) return fail("cannot create");
    std::setvbuf(m_file, nullptr, _IOFBF, 1 << 20);
    return true;
}

bool OutputFile::write(std::string_view bytes) {
    if (!m_error.empty()) return false;
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size())
        return fail("cannot write");
    return true;
}

bool OutputFile::writeAt(uint64_t offset, std::string_view bytes) {
    if (!m_error.empty()) return false;
    if (std::fflush(m_file) != 0) return fail("cannot write");
    if (::pwrite(fileno(m_file), bytes.data(), bytes.size(), static_cast<off_t>(offset)) !=
        static_cast<ssize_t>(bytes.size()))
        return fail("cannot write");
    return true;
}

bool OutputFile::close() {
    if (!m_file) return m_error.empty();
    if (std::fflush(m_file) != 0) fail("cannot write");
    if (std::fclose(m_file) != 0) fail("cannot close");
    m_file = nullptr;
    return m_error.empty();
}

std::string makeDirectories(const std::string &path) {
    for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
        const std::string prefix = path.substr(0, slash);
        if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST)
            return prefix + ": cannot create the folder: " + std::strerror(errno);
        if (slash == std::string::npos) return {};
    }
}

std::string syncTree(const std::string &path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return path + ": " + std::strerror(errno);
    const bool ok = ::syncfs(fd) == 0;
    const int error = errno;
    ::close(fd);
    return ok ? std::string() : path + ": cannot write to the disk: " + std::strerror(error);
}

void removeTree(const std::string &path) {
    ::nftw(
        path.c_str(),
        [](const char *file, const struct stat *, int, struct FTW *) { return ::remove(file); }, 16,
        FTW_DEPTH | FTW_PHYS);
}

} // namespace audioset
