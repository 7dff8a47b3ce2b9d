#pragma once

#include "audiosetrecord.h"
#include "packedytid.h"
#include "split.h"

#include <array>
#include <cstdint>
#include <vector>

namespace audioset {

class Database;

/// The index's segments, sorted for matching embedding records to them by split, video id and
/// start time. Real records' start times equal the CSV's only up to float32 rounding, so the
/// nearest start within half a second counts as the same segment.
class SegmentMatcher {
public:
    static constexpr int64_t kStartToleranceMs = 500;

    enum class Outcome { Matched, NoSegment, AlreadyMatched };
    struct Match {
        uint32_t segmentId = 0;
        bool labelsAgree = true;
        const int *classes = nullptr; // the segment's labels as class ids
        size_t classCount = 0;
    };

    /// Throws SqliteError, also when the segments' ids are not those indexing writes.
    explicit SegmentMatcher(Database &db);

    /// `recordLabels` are label indices as the record holds them.
    Outcome match(Split split, const PackedYtid &ytid, int64_t startMs,
                  const std::vector<int64_t> &recordLabels, Match &match);

private:
    struct Entry {
        PackedYtid ytid;
        int64_t startMs;
        uint32_t segmentId;
        bool matched;
    };

    struct ClassPostings {
        int classId = 0;
        std::vector<uint32_t> segments;
    };

    void readSegments(Database &db, int64_t capacity);
    static std::vector<ClassPostings> readDirectPostings(Database &db, uint32_t maxId);
    void invertPostings(std::vector<ClassPostings> &postings, uint32_t maxId);

    std::array<std::vector<Entry>, kSplitCount> m_entries;
    std::vector<int> m_classes;           // the classes of segment id s at
    std::vector<uint32_t> m_classesBegin; // [m_classesBegin[s], m_classesBegin[s + 1])
    std::vector<int> m_classOfLabelIndex;
    std::vector<int> m_scratch, m_csvScratch;
};

} // namespace audioset
