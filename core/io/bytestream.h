#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace audioset {

class MappedWindow;

/// A forward-only source of bytes: a file (plain or gzip), or one entry of a tar archive.
class ByteStream {
public:
    virtual ~ByteStream() = default;
    /// Reads up to `size` bytes; fewer only at the end or on an error (see error()).
    virtual size_t read(void *buffer, size_t size) = 0;
    /// Bytes consumed so far (uncompressed).
    virtual uint64_t offset() const = 0;
    /// Bytes left, when the stream knows (a plain file, a tar entry); nothing for gzip.
    virtual std::optional<uint64_t> remaining() const = 0;
    /// Non-empty once reading failed (for example a gzip stream that ends early).
    virtual const std::string &error() const = 0;

    /// The next `size` bytes without copying them, when the stream already holds them in one
    /// piece in memory; valid until the next call on the stream. Nothing when it does not
    /// (nothing is consumed then: read them with read()).
    virtual std::optional<std::string_view> readInPlace(size_t size) {
        (void)size;
        return std::nullopt;
    }

    /// Reads exactly `size` bytes unless the stream ends; returns how many it got.
    size_t readFully(void *buffer, size_t size);
    /// Skips `size` bytes; returns how many it skipped.
    uint64_t skip(uint64_t size);
};

/// Bytes in memory (its own copy), read as a stream; it knows its length (like a plain file) or
/// hides it (like a gzip stream), as the caller chooses.
class MemoryStream : public ByteStream {
public:
    explicit MemoryStream(std::string data, bool knowsLength = true)
        : m_data(std::move(data))
        , m_knowsLength(knowsLength) {}
    size_t read(void *buffer, size_t size) override;
    std::optional<std::string_view> readInPlace(size_t size) override;
    uint64_t offset() const override { return m_offset; }
    std::optional<uint64_t> remaining() const override;
    const std::string &error() const override { return m_error; }

private:
    std::string m_data;
    size_t m_offset = 0;
    bool m_knowsLength;
    std::string m_error;
};

/// A file read as is, or inflated when it starts with the gzip magic (several gzip members
/// in a row are read as one stream). Every byte that inflated before damage (a corrupt block,
/// a wrong trailer CRC or length, a truncated file) is handed out first; the error then names
/// the compressed byte offset where the damage was found.
class FileStream : public ByteStream {
public:
    FileStream();
    ~FileStream() override;
    FileStream(const FileStream &) = delete;
    FileStream &operator=(const FileStream &) = delete;

    bool open(const std::string &path);
    /// Opens bytes [begin, end) of a file, as they are (never inflated), for reading one part
    /// of a large plain file on each of several threads. fileOffset() stays in file bytes.
    bool openRange(const std::string &path, uint64_t begin, uint64_t end);
    size_t read(void *buffer, size_t size) override;
    uint64_t offset() const override { return m_offset; }
    std::optional<uint64_t> remaining() const override;
    const std::string &error() const override { return m_error; }
    /// Bytes of the file (compressed bytes for gzip) consumed, for progress.
    uint64_t fileOffset() const;
    bool compressed() const { return m_inflater != nullptr; }

private:
    class Inflater;

    bool openFile(const std::string &path);
    size_t readFile(void *buffer, size_t size);
    bool fillInput();
    bool mapInput();
    bool accessInput(void (*access)(void *), void *context);
    bool memberAhead();
    bool inflateInput(int &status);
    size_t inflateInto(unsigned char *out, size_t size);

    int m_fd = -1;
    uint64_t m_fileSize = 0;
    uint64_t m_fileRead = 0;           // bytes read from the file so far (its offset)
    uint64_t m_readLimit = UINT64_MAX; // where reading stops (the end of a range)
    uint64_t m_offset = 0;             // bytes handed out
    std::vector<unsigned char> m_input;
    // A compressed file is read in place through a window onto it (no copy into m_input);
    // `m_inputData` is the window's or m_input's bytes, m_inputBegin/End index it.
    std::unique_ptr<MappedWindow> m_window;
    const unsigned char *m_inputData = nullptr;
    size_t m_inputBegin = 0;
    size_t m_inputEnd = 0;
    std::unique_ptr<Inflater> m_inflater;
    bool m_end = false;
    std::string m_error;
};

} // namespace audioset
