#pragma once

#include "bytestream.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace audioset {

/// Streams the lines of a text file, plain or gzip-compressed (through FileStream), in large
/// chunks. Lines end in LF, CRLF or CR alone (the first line ending found decides which for the
/// whole file); a UTF-8 byte-order mark at the start is skipped. The views it hands out stay
/// valid until the next call to next().
class LineReader {
public:
    static constexpr size_t kMaxLineBytes = 64u << 20;

    /// Opens `path`; on failure returns false and error() says why.
    bool open(const std::string &path);
    /// Opens the lines of bytes [begin, end) of a plain file, `begin` being the start of a line
    /// and `terminator` the file's line ending ('\n' for LF and CRLF, '\r' for CR alone). No
    /// byte-order mark is looked for unless `begin` is 0; lineNumber() counts from the range's
    /// first line.
    bool openRange(const std::string &path, uint64_t begin, uint64_t end, char terminator);
    /// The file's line ending, once a line has been read ('\n' or '\r'; 0 before).
    char terminator() const { return m_terminator; }
    /// The next line without its line ending; false at the end of input or when reading failed
    /// (then error() is non-empty and the lines before stay valid).
    bool next(std::string_view &line);

    uint64_t lineNumber() const { return m_lineNumber; }
    /// Bytes of the file (compressed bytes for .gz) consumed so far: for progress.
    uint64_t fileOffset() const { return m_stream.fileOffset(); }
    /// For a plain file, the offset just past the last line handed out.
    uint64_t plainOffset() const { return m_stream.fileOffset() - (m_end - m_begin); }
    bool compressed() const { return m_stream.compressed(); }
    const std::string &error() const { return m_error; }

private:
    bool refill();
    void skipByteOrderMark();
    bool findLineEnd(size_t from, size_t &end) const;

    FileStream m_stream;
    std::vector<char> m_buffer;
    size_t m_begin = 0;
    size_t m_end = 0;
    bool m_eof = false;
    bool m_started = false;
    char m_terminator = 0; // '\n' (LF or CRLF) or '\r' (CR alone); 0 until one is seen
    uint64_t m_lineNumber = 0;
    std::string m_error;
};

} // namespace audioset
