#pragma once

#include "bytestream.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace audioset {

/// Streams the lines of a text file, plain or gzip-compressed (through FileStream), in large
/// chunks. The views it
/// hands out stay valid until the next call to next().
class LineReader {
public:
    static constexpr size_t kMaxLineBytes = 64u << 20;

    /// Opens `path`; on failure returns false and error() says why.
    bool open(const std::string &path);
    /// The next line without its line ending; false at the end of input or when reading failed
    /// (then error() is non-empty and the lines before stay valid).
    bool next(std::string_view &line);

    uint64_t lineNumber() const { return m_lineNumber; }
    /// Bytes of the file (compressed bytes for .gz) consumed so far: for progress.
    uint64_t fileOffset() const { return m_stream.fileOffset(); }
    const std::string &error() const { return m_error; }

private:
    bool refill();

    FileStream m_stream;
    std::vector<char> m_buffer;
    size_t m_begin = 0;
    size_t m_end = 0;
    bool m_eof = false;
    uint64_t m_lineNumber = 0;
    std::string m_error;
};

} // namespace audioset
