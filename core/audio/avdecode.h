#pragma once
// The decoder for what libsndfile cannot read (AAC in .m4a, Opus or Vorbis in .webm, as
// YouTube downloaders write them), through FFmpeg's libavformat and libavcodec.
#include "audiodecode.h"

namespace audioset::avdecode {

std::optional<double> duration(const std::string &path, std::string &error);
std::optional<DecodedAudio> decode(const std::string &path, double offsetSeconds, double seconds,
                                   std::string &error);

} // namespace audioset::avdecode
