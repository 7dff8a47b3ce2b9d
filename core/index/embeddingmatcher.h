#pragma once

#include "audiosetrecord.h"
#include "classgraph.h"
#include "packedytid.h"
#include "split.h"

#include <array>
#include <cstdint>
#include <memory>
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

    void readClassesOfSegments(Database &db, uint32_t maxId);

    std::array<std::vector<Entry>, kSplitCount> m_entries;
    std::vector<int> m_classes;           // the classes of segment id s at
    std::vector<uint32_t> m_classesBegin; // [m_classesBegin[s], m_classesBegin[s + 1])
    std::vector<int> m_classOfLabelIndex;
    std::vector<int> m_scratch, m_csvScratch;
};

/// Segments' frame sums added up per dimension. They add in 32 bits, four times as many per
/// instruction as in 64, and move into 64-bit totals before they could overflow.
struct FrameSumAccumulator {
    std::array<uint64_t, kEmbeddingDims> values{};
    std::array<uint32_t, kEmbeddingDims> partial{};
    uint32_t partialFrames = 0;
    int64_t frames = 0;
    int64_t segments = 0;

    void add(const FrameSums &frameSums, size_t frameCount);
    uint64_t total(size_t d) const { return values[d] + partial[d]; }
};

/// Per class and split, the mean frame over all frames of the class's segments (direct, and
/// rollup: the class and its descendants, each segment once).
class ClassEmbeddingMeans {
public:
    explicit ClassEmbeddingMeans(Database &db);
    /// `sums` are the segment's frames summed per dimension; `classes` its labels as class ids.
    void add(Split split, const int *classes, size_t classCount, const FrameSums &sums,
             size_t frameCount);
    void write(Database &db) const;

private:
    using Sums = FrameSumAccumulator;
    Sums &sums(int classId, Split split, bool rollup);

    ClassGraph m_graph;
    std::vector<std::unique_ptr<Sums>> m_sums; // [class][split][rollup], allocated when used
    std::vector<uint32_t> m_stamp;
    uint32_t m_addCount = 0;
};

} // namespace audioset
