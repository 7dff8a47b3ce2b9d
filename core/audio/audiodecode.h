#pragma once

#include <optional>
#include <string>
#include <vector>

namespace audioset {

/// A stretch of a file's sound as mono samples (the channels averaged).
struct DecodedAudio {
    int sampleRate = 0;
    std::vector<float> samples;
    double offsetSeconds = 0; // where in the file the samples start
    double fileSeconds = 0;   // the whole file's length
};

/// The file's length in seconds; nullopt with `error` naming the file when it cannot be read.
std::optional<double> audioDuration(const std::string &path, std::string &error);

/// Decodes `seconds` of the file from `offsetSeconds` (libsndfile: WAV, FLAC, Ogg/Opus, MP3;
/// FFmpeg's decoders: AAC in .m4a, Opus or Vorbis in .webm).
/// A file that ends early gives what it has; one that cannot be decoded gives nullopt and an
/// `error` that names the file and says why.
std::optional<DecodedAudio> decodeAudio(const std::string &path, double offsetSeconds,
                                        double seconds, std::string &error);

} // namespace audioset
