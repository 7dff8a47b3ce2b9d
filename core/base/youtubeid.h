#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace audioset {

/// True when `id` matches ^[A-Za-z0-9_-]{11}$, the only ids that may ever become a URL.
bool isValidYoutubeId(std::string_view id);

/// https://www.youtube.com/watch?v=ID&t=Ss, opening the video at the segment start.
/// Empty for an id that is not a valid YouTube id.
std::optional<std::string> youtubeWatchUrl(std::string_view id, int64_t startMs);

/// https://www.youtube.com/embed/ID?start=S&end=E, playing just the segment.
std::optional<std::string> youtubeEmbedUrl(std::string_view id, int64_t startMs, int64_t endMs);

} // namespace audioset
