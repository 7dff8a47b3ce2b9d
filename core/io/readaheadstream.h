#pragma once

#include "boundedqueue.h"
#include "bytestream.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace audioset {

/// Reads a FileStream on its own thread, a few chunks ahead of the caller, so inflating one
/// chunk overlaps with parsing the one before. The chunk buffers are reused: memory is
/// `chunks` x `chunkBytes` whatever the file's size. The source's error is handed out only
/// after every byte read before it.
class ReadAheadStream : public ByteStream {
public:
    explicit ReadAheadStream(FileStream &source, size_t chunkBytes = 1u << 20, size_t chunks = 4);
    ~ReadAheadStream() override;
    ReadAheadStream(const ReadAheadStream &) = delete;
    ReadAheadStream &operator=(const ReadAheadStream &) = delete;

    size_t read(void *buffer, size_t size) override;
    std::optional<std::string_view> readInPlace(size_t size) override;
    uint64_t offset() const override { return m_offset; }
    std::optional<uint64_t> remaining() const override;
    const std::string &error() const override { return m_error; }
    /// Bytes of the file consumed for what was handed out so far, for progress.
    uint64_t fileOffset() const { return m_fileOffset; }

private:
    struct Chunk {
        std::vector<unsigned char> bytes;
        size_t size = 0;
        uint64_t fileOffset = 0; // the source's file offset after this chunk
        bool last = false;
        std::string error;
    };

    void produce();
    bool nextChunk();

    FileStream &m_source;
    const size_t m_chunkBytes;
    const std::optional<uint64_t> m_totalSize; // known for a plain file
    BoundedQueue<Chunk> m_full;
    BoundedQueue<Chunk> m_empty;
    std::atomic<bool> m_stop{false};
    Chunk m_current;
    size_t m_position = 0; // in m_current
    bool m_end = false;
    uint64_t m_offset = 0;
    uint64_t m_fileOffset = 0;
    std::string m_error;
    std::thread m_thread;
};

} // namespace audioset
