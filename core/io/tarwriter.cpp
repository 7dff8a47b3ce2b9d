#include "tarwriter.h"

#include <cstdio>
#include <cstring>
#include <zlib.h>

namespace audioset {

namespace {
void putOctal(std::string &block, size_t offset, size_t width, uint64_t value) {
    char text[32];
    std::snprintf(text, sizeof text, "%0*llo", static_cast<int>(width - 1),
                  static_cast<unsigned long long>(value));
    std::memcpy(&block[offset], text, width - 1);
    block[offset + width - 1] = '\0';
}
} // namespace

TarGzWriter::~TarGzWriter() {
    if (m_file) gzclose(m_file);
}

bool TarGzWriter::open(const std::string &path, int level) {
    const std::string mode = "wb" + std::to_string(level);
    m_file = gzopen(path.c_str(), mode.c_str());
    if (m_file) gzbuffer(m_file, 1u << 20);
    return m_file != nullptr;
}

std::string TarGzWriter::header(std::string_view path, uint64_t size, char type) {
    std::string block(512, '\0');
    std::memcpy(&block[0], path.data(), std::min<size_t>(path.size(), 100));
    putOctal(block, 100, 8, 0644);
    putOctal(block, 108, 8, 0);
    putOctal(block, 116, 8, 0);
    putOctal(block, 124, 12, size);
    putOctal(block, 136, 12, 1489000000); // a fixed time keeps the archive reproducible
    block[156] = type;
    std::memcpy(&block[257], "ustar", 6);
    std::memcpy(&block[263], "00", 2);
    std::memset(&block[148], ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : block)
        sum += c;
    putOctal(block, 148, 7, sum);
    block[155] = ' ';
    return block;
}

bool TarGzWriter::write(std::string_view bytes) {
    if (!bytes.empty() && gzwrite(m_file, bytes.data(), static_cast<unsigned>(bytes.size())) !=
                              static_cast<int>(bytes.size()))
        m_ok = false;
    return m_ok;
}

bool TarGzWriter::add(std::string_view path, std::string_view data) {
    if (path.size() > 100) {
        std::string name(path);
        name.push_back('\0');
        write(header("././@LongLink", name.size(), 'L'));
        write(name);
        write(std::string((512 - name.size() % 512) % 512, '\0'));
    }
    write(header(path, data.size()));
    write(data);
    return write(std::string((512 - data.size() % 512) % 512, '\0'));
}

bool TarGzWriter::close() {
    write(std::string(1024, '\0'));
    const bool closed = gzclose(m_file) == Z_OK;
    m_file = nullptr;
    return m_ok && closed;
}

} // namespace audioset
