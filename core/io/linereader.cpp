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

bool LineReader::openRange(const std::string &path, uint64_t begin, uint64_t end, char terminator) {
    if (!m_stream.openRange(path, begin, end)) {
        m_error = m_stream.error();
        return false;
    }
    m_buffer.resize(kChunkBytes);
    m_started = begin != 0; // a byte-order mark can only open the file
    m_terminator = terminator;
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

void LineReader::skipByteOrderMark() {
    m_started = true;
    while (m_end - m_begin < 3 && refill()) {
    }
    if (m_end - m_begin >= 3 && std::memcmp(m_buffer.data() + m_begin, "\xEF\xBB\xBF", 3) == 0)
        m_begin += 3;
}

// Finds the end of the line that starts at m_begin, searching from `from`. Until the file's
// line ending is known, a CR decides only when what follows it is already buffered.
bool LineReader::findLineEnd(size_t from, size_t &end) const {
    const char *data = m_buffer.data();
    if (m_terminator) {
        const void *hit = std::memchr(data + from, m_terminator, m_end - from);
        if (!hit) return false;
        end = static_cast<size_t>(static_cast<const char *>(hit) - data);
        return true;
    }
    for (size_t i = from; i < m_end; ++i) {
        if (data[i] == '\n' || data[i] == '\r') {
            end = i;
            return true;
        }
    }
    return false;
}

bool LineReader::next(std::string_view &line) {
    if (!m_started) skipByteOrderMark();
    size_t searchFrom = m_begin;
    for (;;) {
        size_t end = 0;
        if (findLineEnd(searchFrom, end)) {
            if (!m_terminator) {
                if (m_buffer[end] == '\r' && end + 1 == m_end && !m_eof) {
                    // Is it CR alone or CRLF? Look at the next byte first.
                    const size_t offset = end - m_begin;
                    if (refill()) {
                        searchFrom = m_begin + offset;
                        continue;
                    }
                    end = m_begin + offset;
                }
                const bool crlf =
                    m_buffer[end] == '\r' && end + 1 < m_end && m_buffer[end + 1] == '\n';
                m_terminator = (m_buffer[end] == '\n' || crlf) ? '\n' : '\r';
                if (crlf) ++end;
            }
            size_t lineEnd = end;
            if (m_terminator == '\n' && lineEnd > m_begin && m_buffer[lineEnd - 1] == '\r')
                --lineEnd;
            line = std::string_view(m_buffer.data() + m_begin, lineEnd - m_begin);
            m_begin = end + 1;
            ++m_lineNumber;
            return true;
        }
        const size_t scanned = m_end - m_begin;
        if (!refill()) {
            if (m_begin < m_end && m_error.empty()) {
                // The last line has no line ending.
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
