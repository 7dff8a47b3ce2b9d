#pragma once

#include "split.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace audioset {

/// How a local audio file names its segment. The common layouts of AudioSet download scripts:
/// the PANNs training code's `Y<ytid>.wav`, a bare `<ytid>.flac`, and `<ytid>_<start>[_<end>]`
/// with the start in seconds or milliseconds.
enum class AudioLayout { PrefixedY = 0, BareYtid = 1, StartSeconds = 2, StartMilliseconds = 3 };
constexpr int kAudioLayoutCount = 4;

/// "Y<ytid>.<ext>" and the like, for messages and stats.
const char *audioLayoutName(AudioLayout layout);

/// What a file name says: the video, and the start when the name carries one (both readings,
/// seconds and milliseconds, are kept until the index says which exists).
struct AudioFileName {
    std::string ytid;
    bool prefixedY = false;
    std::optional<int64_t> startIfSeconds; // ms, reading the number as seconds
    std::optional<int64_t> startIfMs;      // ms, reading it as milliseconds (integers only)
};

/// True for the extensions the tool plays and draws: wav, flac, ogg, oga, opus, mp3, m4a, webm.
bool isAudioExtension(std::string_view extension);

/// The readings of a file name (without its folder); none for a name in no known layout.
/// A name may have two readings (a 12-character stem starting with Y is also "Y" + an id).
std::vector<AudioFileName> parseAudioFileName(std::string_view fileName);

/// The split a folder name stands for ("eval", "bal_train", "unbalanced_train_segments", ...).
std::optional<Split> splitOfFolderName(std::string_view folder);

} // namespace audioset
