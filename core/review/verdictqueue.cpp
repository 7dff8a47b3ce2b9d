#include "verdictqueue.h"

#include "textparse.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <unistd.h>

namespace audioset {

namespace {

std::string hex(const std::string &text) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : text) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string unhex(const std::string &text) {
    std::string out;
    auto value = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    for (size_t i = 0; i + 1 < text.size(); i += 2)
        out += static_cast<char>(value(text[i]) << 4 | value(text[i + 1]));
    return out;
}

std::vector<std::string> fields(const std::string &line) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
        const size_t tab = line.find('\t', start);
        parts.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
        if (tab == std::string::npos) return parts;
        start = tab + 1;
    }
}

} // namespace

std::string newClientId() {
    std::random_device device;
    std::string id;
    for (int i = 0; i < 4; ++i) {
        char part[9];
        std::snprintf(part, sizeof part, "%08x", device());
        id += part;
    }
    return id;
}

std::string VerdictQueue::append(const std::string &clientId, const VerdictRecord &record) {
    const std::string line =
        clientId + '\t' + std::to_string(splitIndex(record.label.split)) + '\t' +
        hex(record.label.ytid) + '\t' + std::to_string(record.label.startMs) + '\t' +
        hex(record.label.classMid) + '\t' + std::string(verdictName(record.verdict)) + '\t' +
        std::to_string(record.givenAtMs) + '\t' + hex(record.note) + '\n';
    const int fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return m_path + ": cannot keep the verdict: " + std::strerror(errno);
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!written || !synced) return m_path + ": cannot keep the verdict: " + std::strerror(errno);
    return {};
}

std::vector<std::pair<std::string, VerdictRecord>> VerdictQueue::read() const {
    std::vector<std::pair<std::string, VerdictRecord>> entries;
    std::ifstream in(m_path);
    std::string line;
    while (std::getline(in, line)) {
        const std::vector<std::string> part = fields(line);
        if (part.size() != 8) continue; // a line cut by a crash while it was written
        const auto split = parseNonNegativeInt(part[1]);
        const auto start = parseNonNegativeInt(part[3]);
        const auto verdict = verdictFromName(part[5]);
        const auto at = parseNonNegativeInt(part[6]);
        if (!split || *split >= kSplitCount || !start || !verdict || !at) continue;
        VerdictRecord record;
        record.label = {static_cast<Split>(*split), unhex(part[2]), *start, unhex(part[4])};
        record.verdict = *verdict;
        record.givenAtMs = *at;
        record.note = unhex(part[7]);
        entries.emplace_back(part[0], std::move(record));
    }
    return entries;
}

void VerdictQueue::clear() {
    ::unlink(m_path.c_str());
}

} // namespace audioset
