#include "linereader.h"

#include <cerrno>
#include <cstring>
#include <zlib.h>

namespace audioset {

namespace {
constexpr size_t kChunkBytes = 1u << 20;
}

LineReader::~LineReader() {
    if (m_file) gzclose(m_file);
}

bool LineReader::open(const std::string &path) {
    m_file = gzopen(path.c_str(), "rb");
    if (!m_file) {
        m_error = errno ? std::strerror(errno) : "cannot open";
        return false;
    }
    gzbuffer(m_file, 256u << 10);
    m_buffer.resize(kChunkBytes);
    return true;
}

uint64_t LineReader::fileOffset() const {
    if (!m_file) return 0;
    const auto offset = gzoffset(m_file);
    return offset < 0 ? 0 : static_cast<uint64_t>(offset);
}

bool LineReader::refill() {
    if (m_eof || !m_error.empty()) return false;
    if (m_begin > 0) {
        std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
    }
    if (m_end == m_buffer.size()) {
        if (m_buffer.size() >= kMaxLineBytes) {
            m_error = "line longer than " + std::to_string(kMaxLineBytes >> 20) + " MiB";
            return false;
        }
        m_buffer.resize(m_buffer.size() * 2);
    }
    const unsigned want = static_cast<unsigned>(m_buffer.size() - m_end);
    const int got = gzread(m_file, m_buffer.data() + m_end, want);
    int errnum = Z_OK;
    const char *message = gzerror(m_file, &errnum);
    if (got < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
        if (got > 0) m_end += static_cast<size_t>(got);
        m_error = errnum == Z_BUF_ERROR ? std::string("compressed stream ends early")
                                        : std::string("read error: ") + message;
        return got > 0;
    }
    if (got == 0) {
        m_eof = true;
        return false;
    }
    m_end += static_cast<size_t>(got);
    return true;
}

bool LineReader::next(std::string_view &line) {
    size_t searchFrom = m_begin;
    for (;;) {
        const char *start = m_buffer.data() + searchFrom;
        const void *newline = std::memchr(start, '\n', m_end - searchFrom);
        if (newline) {
            const size_t end =
                static_cast<size_t>(static_cast<const char *>(newline) - m_buffer.data());
            size_t lineEnd = end;
            if (lineEnd > m_begin && m_buffer[lineEnd - 1] == '\r') --lineEnd;
            line = std::string_view(m_buffer.data() + m_begin, lineEnd - m_begin);
            m_begin = end + 1;
            ++m_lineNumber;
            return true;
        }
        const size_t scanned = m_end - m_begin;
        if (!refill()) {
            if (m_begin < m_end && m_error.empty()) {
                // The last line has no newline.
                size_t lineEnd = m_end;
                if (m_buffer[lineEnd - 1] == '\r') --lineEnd;
                line = std::string_view(m_buffer.data() + m_begin, lineEnd - m_begin);
                m_begin = m_end;
                ++m_lineNumber;
                return true;
            }
            return false;
        }
        searchFrom = m_begin + scanned;
    }
}

} // namespace audioset
