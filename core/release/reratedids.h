#pragma once

#include <string>

namespace audioset {

class Diagnostics;
class ReratedSet;

/// rerated_video_ids.txt: one YouTube id per line. Every bad line is reported as FILE:LINE;
/// returns false only when the file could not be read at all.
bool loadReratedIds(const std::string &path, ReratedSet &out, Diagnostics &diagnostics);

} // namespace audioset
