#pragma once

#include "split.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace audioset {

/// A reviewer's judgement of one label on one segment. Cleared withdraws an earlier verdict
/// (undo): the history keeps both, and the latest counts.
enum class Verdict { Present, Absent, Unsure, Cleared };

/// "present", "absent", "unsure", "cleared".
std::string_view verdictName(Verdict verdict);
std::optional<Verdict> verdictFromName(std::string_view name);

/// Which label on which segment: what survives a re-index (split, video id, start) and the
/// class's machine id.
struct JudgedLabel {
    Split split = Split::Eval;
    std::string ytid;
    int64_t startMs = 0;
    std::string classMid;

    bool operator<(const JudgedLabel &other) const;
    bool operator==(const JudgedLabel &other) const;
};

/// One verdict as stored.
struct VerdictRecord {
    JudgedLabel label;
    Verdict verdict = Verdict::Unsure;
    std::string reviewer;
    int64_t givenAtMs = 0; // milliseconds since the epoch, UTC
    std::string note;
};

} // namespace audioset
