#pragma once

#include <cstddef>
#include <cstdint>

namespace audioset {

/// A read-only view onto part of a file, moved forward as the file is consumed: a large file's
/// bytes are read in place, without read()'s copy into a buffer, and only one window's pages
/// are mapped (and counted in the resident size) at a time.
///
/// A file truncated by another program while it is mapped raises SIGBUS where the bytes were;
/// touch the window only inside guardedAccess(), which turns that into `false`.
class MappedWindow {
public:
    static constexpr size_t kWindowBytes = 8u << 20;

    MappedWindow() = default;
    ~MappedWindow();
    MappedWindow(const MappedWindow &) = delete;
    MappedWindow &operator=(const MappedWindow &) = delete;

    /// Maps up to kWindowBytes of `fd` from `offset` rounded down to a page (`fileSize` bounds
    /// it); an offset at or past the end maps nothing. False when mmap fails.
    bool moveTo(int fd, uint64_t fileSize, uint64_t offset);

    const unsigned char *data() const { return m_data; }
    size_t size() const { return m_size; }
    /// The file offset of data()[0].
    uint64_t fileBegin() const { return m_fileBegin; }

private:
    void unmap();

    unsigned char *m_data = nullptr;
    size_t m_size = 0;
    uint64_t m_fileBegin = 0;
};

/// Calls `access(context)`; true when it returned, false when it touched a page of `window`
/// that the file no longer has (SIGBUS). `access` must be plain C-like code: it is left by
/// siglongjmp, so nothing in it may need destroying or unlocking.
bool guardedAccess(const MappedWindow &window, void (*access)(void *), void *context);

} // namespace audioset
