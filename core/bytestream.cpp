#include "bytestream.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <zlib.h>

namespace audioset {

size_t ByteStream::readFully(void *buffer, size_t size) {
    auto *out = static_cast<char *>(buffer);
    size_t got = 0;
    while (got < size) {
        const size_t n = read(out + got, size - got);
        if (n == 0) break;
        got += n;
    }
    return got;
}

uint64_t ByteStream::skip(uint64_t size) {
    char scratch[64 * 1024];
    uint64_t skipped = 0;
    while (skipped < size) {
        const size_t want = static_cast<size_t>(std::min<uint64_t>(sizeof scratch, size - skipped));
        const size_t n = read(scratch, want);
        if (n == 0) break;
        skipped += n;
    }
    return skipped;
}

FileStream::~FileStream() {
    if (m_file) gzclose(m_file);
}

bool FileStream::open(const std::string &path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        m_error = errno ? std::strerror(errno) : "not a regular file";
        return false;
    }
    m_fileSize = static_cast<uint64_t>(info.st_size);
    m_file = gzopen(path.c_str(), "rb");
    if (!m_file) {
        m_error = "cannot open";
        return false;
    }
    gzbuffer(m_file, 1u << 20);
    // Right after gzopen, gzdirect() reads the first bytes to tell gzip from plain.
    m_compressed = gzdirect(m_file) == 0;
    return true;
}

size_t FileStream::read(void *buffer, size_t size) {
    if (!m_error.empty() || size == 0) return 0;
    size_t total = 0;
    auto *out = static_cast<char *>(buffer);
    while (total < size) {
        const unsigned chunk = static_cast<unsigned>(std::min<size_t>(size - total, 1u << 30));
        const int got = gzread(m_file, out + total, chunk);
        int errnum = Z_OK;
        const char *message = gzerror(m_file, &errnum);
        if (got > 0) total += static_cast<size_t>(got);
        if (got < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
            m_error = errnum == Z_BUF_ERROR ? std::string("compressed stream ends early")
                                            : std::string("read error: ") + message;
            break;
        }
        if (got < static_cast<int>(chunk)) break;
    }
    m_offset += total;
    return total;
}

std::optional<uint64_t> FileStream::remaining() const {
    if (m_compressed) return std::nullopt;
    return m_fileSize > m_offset ? m_fileSize - m_offset : 0;
}

uint64_t FileStream::fileOffset() const {
    const auto offset = m_file ? gzoffset(m_file) : 0;
    return offset < 0 ? 0 : static_cast<uint64_t>(offset);
}

} // namespace audioset
