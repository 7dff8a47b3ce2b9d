#include "linereader.h"

#include <cstring>

namespace audioset {

namespace {
constexpr size_t kChunkBytes = 1u << 20;
}

bool LineReader::open(const std::string &path) {
    if (!m_stream.open(path)) {
        m_error = m_stream.error();
        return false;
    }
    m_buffer.resize(kChunkBytes);
    return true;
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
    const size_t got = m_stream.read(m_buffer.data() + m_end, m_buffer.size() - m_end);
    m_end += got;
    if (!m_stream.error().empty()) {
        // What arrived before the failure is still handed out; the line it cuts is not.
        m_error = m_stream.error();
        return got > 0;
    }
    if (got == 0) {
        m_eof = true;
        return false;
    }
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
