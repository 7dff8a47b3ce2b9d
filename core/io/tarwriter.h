#pragma once

#include <cstdint>
#include <string>
#include <string_view>

typedef struct gzFile_s *gzFile;

namespace audioset {

/// Writes a gzip-compressed ustar archive of regular files (for the demo's features.tar.gz and
/// the tests' broken archives).
class TarGzWriter {
public:
    TarGzWriter() = default;
    ~TarGzWriter();
    TarGzWriter(const TarGzWriter &) = delete;
    TarGzWriter &operator=(const TarGzWriter &) = delete;

    bool open(const std::string &path, int level = 6);
    /// Paths up to 100 bytes, or longer ones with a GNU long-name entry.
    bool add(std::string_view path, std::string_view data);
    /// Writes the end-of-archive blocks and closes; false if any write failed.
    bool close();

    /// The 512-byte ustar header for a file (exposed for tests that corrupt headers).
    static std::string header(std::string_view path, uint64_t size, char type = '0');

private:
    bool write(std::string_view bytes);

    gzFile m_file = nullptr;
    bool m_ok = true;
};

} // namespace audioset
