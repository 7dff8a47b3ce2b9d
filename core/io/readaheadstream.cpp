#include "readaheadstream.h"

#include <algorithm>
#include <cstring>

namespace audioset {

ReadAheadStream::ReadAheadStream(FileStream &source, size_t chunkBytes, size_t chunks)
    : m_source(source)
    , m_chunkBytes(chunkBytes)
    , m_totalSize(source.remaining())
    , m_full(chunks)
    , m_empty(chunks) {
    for (size_t i = 0; i < chunks; ++i) {
        Chunk chunk;
        chunk.bytes.resize(chunkBytes);
        m_empty.push(std::move(chunk));
    }
    m_thread = std::thread([this] { produce(); });
}

ReadAheadStream::~ReadAheadStream() {
    m_stop = true;
    m_full.close();
    m_empty.close();
    m_thread.join();
}

void ReadAheadStream::produce() {
    Chunk chunk;
    while (!m_stop && m_empty.pop(chunk)) {
        chunk.size = m_source.readFully(chunk.bytes.data(), m_chunkBytes);
        chunk.fileOffset = m_source.fileOffset();
        chunk.last = chunk.size < m_chunkBytes;
        chunk.error = m_source.error();
        const bool last = chunk.last;
        if (!m_full.push(std::move(chunk)) || last) break;
    }
    m_full.close();
}

// Hands the used chunk back for refilling and takes the next; false at the end.
bool ReadAheadStream::nextChunk() {
    if (m_end) return false;
    if (!m_current.bytes.empty()) m_empty.push(std::move(m_current));
    m_current = Chunk();
    m_position = 0;
    if (!m_full.pop(m_current)) {
        m_end = true;
        return false;
    }
    m_fileOffset = m_current.fileOffset;
    return true;
}

size_t ReadAheadStream::read(void *buffer, size_t size) {
    auto *out = static_cast<unsigned char *>(buffer);
    size_t total = 0;
    while (total < size) {
        if (m_position == m_current.size) {
            if (m_current.last || !nextChunk()) {
                if (m_current.last && !m_current.error.empty()) m_error = m_current.error;
                m_end = true;
                break;
            }
            continue;
        }
        const size_t n = std::min(size - total, m_current.size - m_position);
        std::memcpy(out + total, m_current.bytes.data() + m_position, n);
        m_position += n;
        total += n;
    }
    m_offset += total;
    return total;
}

// Only within the current chunk (or the next, when the current one is used up): a view across
// two chunks would need a copy anyway.
std::optional<std::string_view> ReadAheadStream::readInPlace(size_t size) {
    if (m_position == m_current.size && !m_current.last && !nextChunk()) return std::nullopt;
    if (m_current.size - m_position < size) return std::nullopt;
    const std::string_view view(reinterpret_cast<const char *>(m_current.bytes.data()) + m_position,
                                size);
    m_position += size;
    m_offset += size;
    return view;
}

std::optional<uint64_t> ReadAheadStream::remaining() const {
    if (!m_totalSize) return std::nullopt;
    return *m_totalSize > m_offset ? *m_totalSize - m_offset : 0;
}

} // namespace audioset
