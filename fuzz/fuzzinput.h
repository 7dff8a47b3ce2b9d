#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <unistd.h>

namespace audioset::fuzz {

/// The input as text.
inline std::string_view text(const uint8_t *data, size_t size) {
    return {reinterpret_cast<const char *>(data), size};
}

/// Writes the input to a file of this process (for parsers that read files) and returns its
/// path. The file is rewritten for every input; /dev/shm keeps it off the disk.
inline const std::string &inputFile(const uint8_t *data, size_t size, const char *name) {
    static const std::string dir = [] {
        const char *shm = "/dev/shm";
        return std::string(::access(shm, W_OK) == 0 ? shm : "/tmp");
    }();
    static std::string path;
    path = dir + "/audioset-fuzz-" + std::to_string(::getpid()) + "-" + name;
    if (FILE *file = std::fopen(path.c_str(), "wb")) {
        if (size) std::fwrite(data, 1, size, file);
        std::fclose(file);
    }
    return path;
}

} // namespace audioset::fuzz
