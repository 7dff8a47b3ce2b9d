#include "outputfiles.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <random>
#include <vector>

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

namespace {

std::string parentOf(const std::string &path) {
    const size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string baseNameOf(const std::string &path) {
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Removes "NAME.partial-PID-XXXXXX" folders beside `target` whose process is gone.
void removeStaleStaging(const std::string &target) {
    const std::string parent = parentOf(target);
    const std::string prefix = baseNameOf(target) + ".partial-";
    DIR *dir = ::opendir(parent.c_str());
    if (!dir) return;
    std::vector<std::string> stale;
    while (const dirent *entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            stale.push_back(parent + '/' + name);
    }
    ::closedir(dir);
    for (const std::string &path : stale)
        removeTree(path);
}

} // namespace

bool pathExists(const std::string &path) {
    struct stat info {};
    return ::lstat(path.c_str(), &info) == 0;
}

bool isNonEmptyFolder(const std::string &path) {
    DIR *dir = ::opendir(path.c_str());
    if (!dir) return false;
    bool any = false;
    while (const dirent *entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name != "." && name != "..") {
            any = true;
            break;
        }
    }
    ::closedir(dir);
    return any;
}

StagedFolder::~StagedFolder() {
    if (!m_path.empty()) removeTree(m_path);
}

std::string StagedFolder::create(const std::string &target) {
    m_target = target;
    while (m_target.size() > 1 && m_target.back() == '/')
        m_target.pop_back();
    removeStaleStaging(m_target);
    // mkdir, not mkdtemp: mkdtemp makes the folder 0700, and it becomes the published one; mkdir
    // gives it the mode the user's umask asks for. A name taken already is tried again.
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        char suffix[16];
        std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(random()));
        const std::string path = m_target + ".partial-" + std::to_string(::getpid()) + "-" + suffix;
        if (::mkdir(path.c_str(), 0777) == 0) {
            m_path = path;
            return {};
        }
        if (errno != EEXIST) break;
    }
    return parentOf(m_target) + ": cannot write there: " + std::strerror(errno);
}

std::string StagedFolder::publish() {
    std::string old;
    if (pathExists(m_target)) {
        old = m_target + ".old-" + std::to_string(::getpid());
        if (::rename(m_target.c_str(), old.c_str()) != 0)
            return m_target + ": cannot move the existing folder aside: " + std::strerror(errno);
    }
    if (::rename(m_path.c_str(), m_target.c_str()) != 0) {
        const std::string error =
            m_target + ": cannot move the new folder into place: " + std::strerror(errno);
        if (!old.empty()) ::rename(old.c_str(), m_target.c_str());
        return error;
    }
    m_path.clear();
    if (!old.empty()) removeTree(old);
    return {};
}

} // namespace audioset
