#include "verdict.h"

#include <tuple>

namespace audioset {

std::string_view verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::Present:
        return "present";
    case Verdict::Absent:
        return "absent";
    case Verdict::Unsure:
        return "unsure";
    case Verdict::Cleared:
        return "cleared";
    }
    return {};
}

std::optional<Verdict> verdictFromName(std::string_view name) {
    for (Verdict verdict : {Verdict::Present, Verdict::Absent, Verdict::Unsure, Verdict::Cleared})
        if (verdictName(verdict) == name) return verdict;
    return std::nullopt;
}

bool JudgedLabel::operator<(const JudgedLabel &other) const {
    return std::tie(split, ytid, startMs, classMid) <
           std::tie(other.split, other.ytid, other.startMs, other.classMid);
}

bool JudgedLabel::operator==(const JudgedLabel &other) const {
    return split == other.split && ytid == other.ytid && startMs == other.startMs &&
           classMid == other.classMid;
}

} // namespace audioset
