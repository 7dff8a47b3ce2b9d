#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

typedef struct gzFile_s *gzFile;

namespace audioset {

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

    /// Reads exactly `size` bytes unless the stream ends; returns how many it got.
    size_t readFully(void *buffer, size_t size);
    /// Skips `size` bytes; returns how many it skipped.
    uint64_t skip(uint64_t size);
};

/// A file read through zlib: gzip-compressed or plain (then read as is).
class FileStream : public ByteStream {
public:
    FileStream() = default;
    ~FileStream() override;
    FileStream(const FileStream &) = delete;
    FileStream &operator=(const FileStream &) = delete;

    bool open(const std::string &path);
    size_t read(void *buffer, size_t size) override;
    uint64_t offset() const override { return m_offset; }
    std::optional<uint64_t> remaining() const override;
    const std::string &error() const override { return m_error; }
    /// Compressed bytes consumed, for progress.
    uint64_t fileOffset() const;
    bool compressed() const { return m_compressed; }

private:
    gzFile m_file = nullptr;
    uint64_t m_fileSize = 0;
    uint64_t m_offset = 0;
    bool m_compressed = false;
    std::string m_error;
};

} // namespace audioset
