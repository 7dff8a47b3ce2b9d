#pragma once

#include "bytestream.h"

#include <cstdint>
#include <functional>
#include <string>

namespace audioset {

/// One regular file in a tar archive.
struct TarEntry {
    std::string path;
    uint64_t size = 0;
    uint64_t headerOffset = 0; // where its header starts in the (uncompressed) archive
};

/// Streams a tar archive (ustar, GNU long names, pax path headers) from a ByteStream without
/// unpacking it. Header checksums are verified; after a corrupt header it reports the offset
/// and resynchronises on the next valid header, so the rest of the archive is still read.
class TarReader {
public:
    using ProblemHandler = std::function<void(uint64_t offset, const std::string &message)>;

    TarReader(ByteStream &archive, ProblemHandler onProblem);

    /// Moves to the next regular file (skipping what is left of the current one); false at the
    /// end of the archive or when the stream failed.
    bool next(TarEntry &entry);
    /// The current entry's bytes.
    ByteStream &entryData() { return m_entry; }

private:
    class EntryStream : public ByteStream {
    public:
        explicit EntryStream(ByteStream &archive)
            : m_archive(archive) {}
        void reset(uint64_t size);
        size_t read(void *buffer, size_t size) override;
        std::optional<std::string_view> readInPlace(size_t size) override;
        uint64_t offset() const override { return m_offset; }
        std::optional<uint64_t> remaining() const override { return m_size - m_offset; }
        const std::string &error() const override { return m_archive.error(); }
        uint64_t unread() const { return m_size - m_offset; }

    private:
        ByteStream &m_archive;
        uint64_t m_size = 0;
        uint64_t m_offset = 0;
    };

    bool readHeaderBlock(unsigned char *block);
    bool readMetadata(uint64_t size, std::string &out, uint64_t headerOffset);

    ByteStream &m_archive;
    ProblemHandler m_onProblem;
    EntryStream m_entry;
    uint64_t m_padding = 0; // zero bytes after the current entry's data
};

} // namespace audioset
