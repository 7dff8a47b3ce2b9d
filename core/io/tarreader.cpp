#include "tarreader.h"

#include <algorithm>
#include <cstring>

namespace audioset {

namespace {

constexpr size_t kBlock = 512;
constexpr uint64_t kMaxMetadataBytes = 1u << 20; // long names and pax headers

bool isZeroBlock(const unsigned char *block) {
    return std::all_of(block, block + kBlock, [](unsigned char c) { return c == 0; });
}

// Numeric fields are octal text, or base-256 when the top bit of the first byte is set.
bool parseNumber(const unsigned char *field, size_t length, uint64_t &value) {
    value = 0;
    if (field[0] & 0x80) {
        for (size_t i = 1; i < length; ++i) {
            if (value >> 56) return false;
            value = (value << 8) | field[i];
        }
        return true;
    }
    size_t i = 0;
    while (i < length && field[i] == ' ')
        ++i;
    bool digits = false;
    for (; i < length && field[i] >= '0' && field[i] <= '7'; ++i) {
        if (value >> 60) return false;
        value = (value << 3) | static_cast<uint64_t>(field[i] - '0');
        digits = true;
    }
    return digits && (i == length || field[i] == 0 || field[i] == ' ');
}

bool checksumMatches(const unsigned char *block) {
    uint64_t stored = 0;
    if (!parseNumber(block + 148, 8, stored)) return false;
    uint64_t unsignedSum = 0;
    int64_t signedSum = 0;
    for (size_t i = 0; i < kBlock; ++i) {
        const unsigned char c = (i >= 148 && i < 156) ? ' ' : block[i];
        unsignedSum += c;
        signedSum += static_cast<signed char>(c);
    }
    return stored == unsignedSum || static_cast<int64_t>(stored) == signedSum;
}

std::string fieldText(const unsigned char *field, size_t length) {
    const auto *text = reinterpret_cast<const char *>(field);
    return std::string(text, strnlen(text, length));
}

constexpr uint64_t kMaxEntryBytes = uint64_t(1) << 50; // a petabyte: larger is a corrupt field
constexpr int kMaxMetadataInARow = 8; // pax and long-name headers before a file must come

// Reads "LEN key=value\n" records; sets `path` from a path= record. Returns an error for a
// record whose length is not a number, runs past the data or does not end in a newline.
std::string parsePaxRecords(const std::string &records, std::string &path) {
    size_t pos = 0;
    while (pos < records.size()) {
        if (records[pos] == '\0') break; // padding
        size_t digits = pos;
        uint64_t length = 0;
        while (digits < records.size() && records[digits] >= '0' && records[digits] <= '9' &&
               digits - pos < 8) {
            length = length * 10 + static_cast<uint64_t>(records[digits] - '0');
            ++digits;
        }
        const size_t space = digits;
        if (space == pos || space >= records.size() || records[space] != ' ')
            return "pax record at byte " + std::to_string(pos) + " does not start with a length";
        if (length <= space - pos + 1 || length > records.size() - pos ||
            records[pos + length - 1] != '\n')
            return "pax record at byte " + std::to_string(pos) + " claims " +
                   std::to_string(length) + " bytes, which do not end in a newline inside the " +
                   std::to_string(records.size()) + "-byte header";
        const std::string_view record(records.data() + space + 1, pos + length - space - 2);
        if (record.substr(0, 5) == "path=") path = std::string(record.substr(5));
        pos += length;
    }
    return {};
}

} // namespace

void TarReader::EntryStream::reset(uint64_t size) {
    m_size = size;
    m_offset = 0;
}

size_t TarReader::EntryStream::read(void *buffer, size_t size) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(size, m_size - m_offset));
    const size_t got = want ? m_archive.read(buffer, want) : 0;
    m_offset += got;
    return got;
}

std::optional<std::string_view> TarReader::EntryStream::readInPlace(size_t size) {
    if (size > m_size - m_offset) return std::nullopt;
    auto view = m_archive.readInPlace(size);
    if (view) m_offset += size;
    return view;
}

TarReader::TarReader(ByteStream &archive, ProblemHandler onProblem)
    : m_archive(archive)
    , m_onProblem(std::move(onProblem))
    , m_entry(archive) {}

bool TarReader::readHeaderBlock(unsigned char *block) {
    return m_archive.readFully(block, kBlock) == kBlock;
}

bool TarReader::readMetadata(uint64_t size, std::string &out, uint64_t headerOffset) {
    const uint64_t padded = (size + kBlock - 1) / kBlock * kBlock;
    if (size > kMaxMetadataBytes) {
        m_onProblem(headerOffset, "tar metadata entry of " + std::to_string(size) +
                                      " bytes is implausibly large; skipped");
        return m_archive.skip(padded) == padded && (out.clear(), true);
    }
    out.resize(static_cast<size_t>(padded));
    if (m_archive.readFully(out.data(), out.size()) != out.size()) return false;
    out.resize(static_cast<size_t>(size));
    return true;
}

bool TarReader::next(TarEntry &entry) {
    const uint64_t leftover = m_entry.unread() + m_padding;
    if (m_archive.skip(leftover) != leftover) return false;
    m_entry.reset(0);
    m_padding = 0;

    std::string longName;
    bool inResync = false;
    int metadataInARow = 0;
    unsigned char block[kBlock];
    for (;;) {
        const uint64_t headerOffset = m_archive.offset();
        if (!readHeaderBlock(block)) return false;
        if (isZeroBlock(block)) {
            if (inResync) continue;
            return false; // end of archive
        }
        if (!checksumMatches(block)) {
            if (!inResync)
                m_onProblem(headerOffset, "tar header checksum mismatch (corrupt header); "
                                          "skipping to the next valid header");
            inResync = true;
            continue;
        }
        inResync = false;
        uint64_t size = 0;
        if (!parseNumber(block + 124, 12, size)) {
            m_onProblem(headerOffset, "tar header size field is not a number; skipping");
            inResync = true;
            continue;
        }
        if (size > kMaxEntryBytes) {
            m_onProblem(headerOffset, "tar header claims an entry of " + std::to_string(size) +
                                          " bytes (corrupt size field); skipping");
            inResync = true;
            continue;
        }
        const char type = static_cast<char>(block[156]);
        const uint64_t padding = (kBlock - size % kBlock) % kBlock;
        if (type == 'L' || type == 'x') {
            std::string metadata;
            if (!readMetadata(size, metadata, headerOffset)) return false;
            if (++metadataInARow > kMaxMetadataInARow) {
                if (metadataInARow == kMaxMetadataInARow + 1)
                    m_onProblem(headerOffset, "more than " + std::to_string(kMaxMetadataInARow) +
                                                  " pax or long-name headers in a row without a "
                                                  "file; they are ignored until the next file");
                longName.clear();
                continue;
            }
            if (type == 'L') {
                longName = fieldText(reinterpret_cast<const unsigned char *>(metadata.data()),
                                     metadata.size());
            } else {
                std::string path;
                const std::string error = parsePaxRecords(metadata, path);
                if (!error.empty())
                    m_onProblem(headerOffset, "malformed pax header: " + error);
                else if (!path.empty())
                    longName = path;
            }
            continue;
        }
        metadataInARow = 0;
        if (type != '0' && type != '\0' && type != '7') {
            // Directories, links, global pax headers: nothing to read.
            if (m_archive.skip(size + padding) != size + padding) return false;
            longName.clear();
            continue;
        }
        std::string path = longName;
        if (path.empty()) {
            path = fieldText(block, 100);
            const std::string prefix = fieldText(block + 345, 155);
            if (std::memcmp(block + 257, "ustar", 5) == 0 && !prefix.empty())
                path = prefix + '/' + path;
        }
        entry.path = path;
        entry.size = size;
        entry.headerOffset = headerOffset;
        m_entry.reset(size);
        m_padding = padding;
        return true;
    }
}

} // namespace audioset
