#include "youtubeid.h"

namespace audioset {

namespace {
bool isIdChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

std::string wholeSeconds(int64_t ms) {
    return std::to_string(ms < 0 ? 0 : ms / 1000);
}
} // namespace

bool isValidYoutubeId(std::string_view id) {
    if (id.size() != 11) return false;
    for (char c : id)
        if (!isIdChar(c)) return false;
    return true;
}

std::optional<std::string> youtubeWatchUrl(std::string_view id, int64_t startMs) {
    if (!isValidYoutubeId(id)) return std::nullopt;
    return "https://www.youtube.com/watch?v=" + std::string(id) + "&t=" + wholeSeconds(startMs) +
           "s";
}

std::optional<std::string> youtubeEmbedUrl(std::string_view id, int64_t startMs, int64_t endMs) {
    if (!isValidYoutubeId(id)) return std::nullopt;
    // end rounds up so that a fractional segment is played to its last sample.
    const int64_t endSeconds = endMs <= 0 ? 0 : (endMs + 999) / 1000;
    return "https://www.youtube.com/embed/" + std::string(id) + "?start=" + wholeSeconds(startMs) +
           "&end=" + std::to_string(endSeconds);
}

} // namespace audioset
