#include "bytestream.h"

#include "mappedwindow.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace audioset {

namespace {
constexpr size_t kInputBytes = 256 * 1024;
constexpr unsigned char kGzipMagic[2] = {0x1f, 0x8b};

std::string describeInflateError(int status, uint64_t byte) {
    const std::string at = " (byte " + std::to_string(byte) + ")";
    switch (status) {
    case ISAL_INCORRECT_CHECKSUM:
        return "the gzip trailer's CRC-32 or length does not match the data" + at;
    case ISAL_INVALID_WRAPPER:
        return "not a valid gzip header" + at;
    case ISAL_UNSUPPORTED_METHOD:
        return "the gzip member is not deflate-compressed" + at;
    case ISAL_INVALID_BLOCK:
        return "corrupt gzip data" + at + ": an invalid deflate block";
    case ISAL_INVALID_SYMBOL:
        return "corrupt gzip data" + at + ": an invalid code";
    case ISAL_INVALID_LOOKBACK:
        return "corrupt gzip data" + at + ": a distance too far back";
    default:
        return "corrupt gzip data" + at + " (inflate error " + std::to_string(status) + ")";
    }
}
} // namespace

size_t ByteStream::readFully(void *buffer, size_t size) {
    auto *out = static_cast<char *>(buffer);
    size_t got = 0;
    while (got < size) {
        const size_t n = read(out + got, size - got);
        if (n == 0) break;
        got += n;
    }
    return got;
}

uint64_t ByteStream::skip(uint64_t size) {
    char scratch[64 * 1024];
    uint64_t skipped = 0;
    while (skipped < size) {
        const size_t want = static_cast<size_t>(std::min<uint64_t>(sizeof scratch, size - skipped));
        const size_t n = read(scratch, want);
        if (n == 0) break;
        skipped += n;
    }
    return skipped;
}

size_t MemoryStream::read(void *buffer, size_t size) {
    const size_t n = std::min(size, m_data.size() - m_offset);
    if (n) std::memcpy(buffer, m_data.data() + m_offset, n);
    m_offset += n;
    return n;
}

std::optional<std::string_view> MemoryStream::readInPlace(size_t size) {
    if (size > m_data.size() - m_offset) return std::nullopt;
    const std::string_view view(m_data.data() + m_offset, size);
    m_offset += size;
    return view;
}

std::optional<uint64_t> MemoryStream::remaining() const {
    if (!m_knowsLength) return std::nullopt;
    return m_data.size() - m_offset;
}

/// ISA-L's inflate state for one gzip member at a time. ISA-L parses each member's header and
/// checks its trailer (CRC-32 and length) itself; it inflates about twice as fast as zlib here.
class FileStream::Inflater {
public:
    Inflater() { startMember(); }
    void startMember() {
        isal_inflate_init(&state);
        state.crc_flag = ISAL_GZIP;
        inMember = true;
    }
    inflate_state state{};
    bool inMember = true; // between a member's header and its trailer
};

FileStream::FileStream() = default;

FileStream::~FileStream() {
    if (m_fd >= 0) ::close(m_fd);
}

bool FileStream::openFile(const std::string &path) {
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) {
        m_error = std::strerror(errno);
        return false;
    }
    struct stat info {};
    if (::fstat(m_fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        m_error = "not a regular file";
        return false;
    }
    m_fileSize = static_cast<uint64_t>(info.st_size);
    // No bigger than the file: a folder of small shards opens thousands.
    m_input.resize(static_cast<size_t>(std::min<uint64_t>(kInputBytes, m_fileSize + 1)));
    m_inputData = m_input.data();
    return true;
}

bool FileStream::openRange(const std::string &path, uint64_t begin, uint64_t end) {
    if (!openFile(path)) return false;
    if (begin > end || ::lseek(m_fd, static_cast<off_t>(begin), SEEK_SET) < 0) {
        m_error = "cannot seek to byte " + std::to_string(begin);
        return false;
    }
    m_fileRead = begin;
    m_readLimit = end;
    m_fileSize = end - begin; // what remaining() counts down from
    return fillInput();
}

bool FileStream::open(const std::string &path) {
    if (!openFile(path)) return false;
    unsigned char magic[2] = {};
    const bool gzip = ::pread(m_fd, magic, sizeof magic, 0) == sizeof magic &&
                      std::memcmp(magic, kGzipMagic, sizeof magic) == 0;
    if (gzip) {
        m_inflater = std::make_unique<Inflater>();
        // In place where the file can be mapped, else through m_input.
        m_window = std::make_unique<MappedWindow>();
        if (mapInput()) return true;
        m_window.reset();
        m_error.clear();
    }
    return fillInput();
}

// Moves the window to start at the first unconsumed byte (what is left of the last one is in
// the new one too); false when the file can no longer be mapped.
bool FileStream::mapInput() {
    const uint64_t position = fileOffset();
    if (position >= m_fileSize) { // the end, as read() finds it: nothing buffered
        m_inputBegin = m_inputEnd = 0;
        m_fileRead = position;
        return true;
    }
    if (!m_window->moveTo(m_fd, m_fileSize, position)) {
        m_error =
            "cannot map the file at byte " + std::to_string(position) + ": " + std::strerror(errno);
        return false;
    }
    m_inputData = m_window->data();
    m_inputBegin = static_cast<size_t>(position - m_window->fileBegin());
    m_inputEnd = m_window->size();
    m_fileRead = m_window->fileBegin() + m_window->size();
    return true;
}

// Reads more of the file after what is buffered; false only on a read error.
bool FileStream::fillInput() {
    if (m_window) return mapInput();
    if (m_inputBegin > 0) {
        std::memmove(m_input.data(), m_input.data() + m_inputBegin, m_inputEnd - m_inputBegin);
        m_inputEnd -= m_inputBegin;
        m_inputBegin = 0;
    }
    while (m_inputEnd < m_input.size() && m_fileRead < m_readLimit) {
        const size_t want = static_cast<size_t>(
            std::min<uint64_t>(m_input.size() - m_inputEnd, m_readLimit - m_fileRead));
        const ssize_t got = ::read(m_fd, m_input.data() + m_inputEnd, want);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            m_error = std::string("read error at byte ") + std::to_string(m_fileRead) + ": " +
                      std::strerror(errno);
            return false;
        }
        if (got == 0) break;
        m_inputEnd += static_cast<size_t>(got);
        m_fileRead += static_cast<uint64_t>(got);
    }
    return true;
}

size_t FileStream::readFile(void *buffer, size_t size) {
    auto *out = static_cast<unsigned char *>(buffer);
    size_t total = 0;
    while (total < size) {
        if (m_inputBegin == m_inputEnd) {
            if (!fillInput() || m_inputEnd == 0) break;
        }
        const size_t n = std::min(size - total, m_inputEnd - m_inputBegin);
        std::memcpy(out + total, m_input.data() + m_inputBegin, n);
        m_inputBegin += n;
        total += n;
    }
    return total;
}

// Runs `access` on the input bytes; on a window onto a file that shrank under it, false with
// the error set (instead of SIGBUS).
bool FileStream::accessInput(void (*access)(void *), void *context) {
    if (!m_window) {
        access(context);
        return true;
    }
    if (guardedAccess(*m_window, access, context)) return true;
    m_error =
        "the file became shorter while it was read (at byte " + std::to_string(fileOffset()) + ")";
    m_end = true;
    return false;
}

// Whether the next input bytes are a gzip member's magic (not when the file shrank).
bool FileStream::memberAhead() {
    struct Peek {
        const unsigned char *bytes;
        bool magic;
    } peek{m_inputData + m_inputBegin, false};
    auto compare = [](void *context) {
        auto *p = static_cast<Peek *>(context);
        p->magic = p->bytes[0] == kGzipMagic[0] && p->bytes[1] == kGzipMagic[1];
    };
    return m_inputEnd - m_inputBegin >= 2 && accessInput(compare, &peek) && peek.magic;
}

// isal_inflate on the current input; false when the file shrank under it.
bool FileStream::inflateInput(int &status) {
    struct Call {
        inflate_state *state;
        int status;
    } call{&m_inflater->state, ISAL_DECOMP_OK};
    auto inflate = [](void *context) {
        auto *c = static_cast<Call *>(context);
        c->status = isal_inflate(c->state);
    };
    if (!accessInput(inflate, &call)) return false;
    status = call.status;
    return true;
}

// At the end of the file ISA-L may still hold output (its window, bits already read), so
// it is called until it gives nothing more; only then is an unfinished member truncated.
size_t FileStream::inflateInto(unsigned char *out, size_t size) {
    inflate_state &z = m_inflater->state;
    size_t total = 0;
    while (total < size && !m_end) {
        bool atEnd = false;
        if (m_inputBegin == m_inputEnd) {
            if (!fillInput()) break;
            atEnd = m_inputEnd == 0;
        }
        if (!m_inflater->inMember) {
            // After a member: another member, or the end. Anything else is reported, not read.
            if (atEnd) {
                m_end = true;
                break;
            }
            if (m_inputEnd - m_inputBegin < 2 && !fillInput()) break;
            if (!memberAhead()) {
                if (m_error.empty())
                    m_error = "unexpected bytes after the gzip stream at byte " +
                              std::to_string(fileOffset()) + "; they are ignored";
                m_end = true;
                break;
            }
            m_inflater->startMember();
        }
        z.next_in = const_cast<unsigned char *>(m_inputData + m_inputBegin);
        z.avail_in = static_cast<uint32_t>(m_inputEnd - m_inputBegin);
        z.next_out = out + total;
        z.avail_out = static_cast<uint32_t>(std::min<size_t>(size - total, 1u << 30));
        const uint32_t before = z.avail_out;
        int status = ISAL_DECOMP_OK;
        // The output of an inflate cut short by a shrinking file is not handed out.
        if (!inflateInput(status)) break;
        const size_t produced = before - z.avail_out;
        total += produced;
        m_inputBegin = m_inputEnd - z.avail_in;
        if (status != ISAL_DECOMP_OK) {
            m_error = describeInflateError(status, fileOffset());
            m_end = true;
        } else if (z.block_state == ISAL_BLOCK_FINISH) {
            m_inflater->inMember = false;
        } else if (atEnd && produced == 0) {
            m_error = "the compressed stream ends early at byte " + std::to_string(m_fileRead) +
                      " (the file is truncated)";
            m_end = true;
        }
    }
    return total;
}

size_t FileStream::read(void *buffer, size_t size) {
    if (m_fd < 0 || !m_error.empty() || size == 0) return 0;
    const size_t got = m_inflater ? inflateInto(static_cast<unsigned char *>(buffer), size)
                                  : readFile(buffer, size);
    m_offset += got;
    return got;
}

std::optional<uint64_t> FileStream::remaining() const {
    if (m_inflater) return std::nullopt;
    return m_fileSize > m_offset ? m_fileSize - m_offset : 0;
}

uint64_t FileStream::fileOffset() const {
    return m_fileRead - (m_inputEnd - m_inputBegin);
}

} // namespace audioset
