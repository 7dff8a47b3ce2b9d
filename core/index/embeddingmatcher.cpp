#include "embeddingmatcher.h"
#include "littleendian.h"

#include "midlookup.h"
#include "sqlitedb.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>

namespace audioset {

namespace {

std::vector<int> readClassOfLabelIndex(Database &db) {
    std::vector<int> classOf;
    Statement labels =
        db.prepare("SELECT label_index, id FROM classes WHERE label_index IS NOT NULL");
    while (labels.step()) {
        const auto index = static_cast<size_t>(labels.columnInt(0));
        if (index >= classOf.size()) classOf.resize(index + 1, -1);
        classOf[index] = static_cast<int>(labels.columnInt(1));
    }
    return classOf;
}

} // namespace

SegmentMatcher::SegmentMatcher(Database &db)
    : m_classOfLabelIndex(readClassOfLabelIndex(db)) {
    std::deque<std::string> mids; // what the lookup's views point into
    MidLookup classOfMid;
    Statement classes = db.prepare("SELECT mid, id FROM classes");
    while (classes.step()) {
        mids.push_back(classes.columnString(0));
        if (classOfMid.find(mids.back()) < 0)
            classOfMid.insert(mids.back(), static_cast<int>(classes.columnInt(1)));
    }

    Statement segments = db.prepare("SELECT id, split, ytid, start_ms, labels FROM segments");
    while (segments.step()) {
        Entry entry{};
        entry.segmentId = static_cast<uint32_t>(segments.columnInt(0));
        entry.ytid = PackedYtid::pack(segments.columnText(2));
        entry.startMs = segments.columnInt(3);
        entry.classesBegin = static_cast<uint32_t>(m_classes.size());
        const std::string_view labels = segments.columnText(4);
        size_t start = 0;
        while (start <= labels.size()) {
            const size_t comma = std::min(labels.find(',', start), labels.size());
            if (const int id = classOfMid.find(labels.substr(start, comma - start)); id >= 0)
                m_classes.push_back(id);
            start = comma + 1;
        }
        entry.classCount = static_cast<uint16_t>(m_classes.size() - entry.classesBegin);
        m_entries[static_cast<size_t>(segments.columnInt(1)) % kSplitCount].push_back(entry);
    }
    // The index holds each split in (ytid, start) order already; sorting is for an index that
    // does not.
    auto before = [](const Entry &a, const Entry &b) {
        return a.ytid != b.ytid ? a.ytid < b.ytid : a.startMs < b.startMs;
    };
    for (auto &entries : m_entries)
        if (!std::is_sorted(entries.begin(), entries.end(), before))
            std::sort(entries.begin(), entries.end(), before);
}

SegmentMatcher::Outcome SegmentMatcher::match(Split split, const PackedYtid &ytid, int64_t startMs,
                                              const std::vector<int64_t> &recordLabels,
                                              Match &match) {
    auto &entries = m_entries[static_cast<size_t>(splitIndex(split))];
    auto it = std::lower_bound(entries.begin(), entries.end(), ytid,
                               [](const Entry &e, const PackedYtid &id) { return e.ytid < id; });
    Entry *best = nullptr;
    for (; it != entries.end() && it->ytid == ytid; ++it)
        if (std::llabs(it->startMs - startMs) <= kStartToleranceMs &&
            (!best || std::llabs(it->startMs - startMs) < std::llabs(best->startMs - startMs)))
            best = &*it;
    if (!best) return Outcome::NoSegment;
    if (best->matched) return Outcome::AlreadyMatched;
    best->matched = true;

    m_scratch.clear();
    for (int64_t label : recordLabels) {
        const bool known = label >= 0 && static_cast<size_t>(label) < m_classOfLabelIndex.size();
        m_scratch.push_back(known ? m_classOfLabelIndex[static_cast<size_t>(label)] : -1);
    }
    std::sort(m_scratch.begin(), m_scratch.end());
    std::vector<int> csv(m_classes.begin() + best->classesBegin,
                         m_classes.begin() + best->classesBegin + best->classCount);
    std::sort(csv.begin(), csv.end());
    match.segmentId = best->segmentId;
    match.labelsAgree = csv == m_scratch;
    match.classes = m_classes.data() + best->classesBegin;
    match.classCount = best->classCount;
    return Outcome::Matched;
}

ClassEmbeddingMeans::ClassEmbeddingMeans(Database &db) {
    const int64_t classCount = db.queryInt("SELECT coalesce(max(id), -1) + 1 FROM classes");
    for (int64_t i = 0; i < classCount; ++i) {
        ClassRecord record;
        record.mid = std::to_string(i);
        m_graph.add(std::move(record));
    }
    Statement edges = db.prepare("SELECT parent_id, child_id FROM class_edges");
    while (edges.step())
        m_graph.addEdge(static_cast<int>(edges.columnInt(0)), static_cast<int>(edges.columnInt(1)));
    m_graph.computeClosure();
    m_sums.resize(static_cast<size_t>(classCount) * kSplitCount * 2);
    m_stamp.assign(static_cast<size_t>(classCount), 0);
}

ClassEmbeddingMeans::Sums &ClassEmbeddingMeans::sums(int classId, Split split, bool rollup) {
    auto &slot = m_sums[(static_cast<size_t>(classId) * kSplitCount +
                         static_cast<size_t>(splitIndex(split))) *
                            2 +
                        (rollup ? 1 : 0)];
    if (!slot) slot = std::make_unique<Sums>();
    return *slot;
}

namespace {
// Restrict: otherwise the compiler must assume the two overlap and adds one at a time. Run
// ~15 times per record (each class of its segment and their ancestors): with AVX-512 or AVX2
// where the CPU has them, four or two times the lanes of the baseline's SSE2.
__attribute__((target_clones("avx512f", "avx2", "default"))) void
addDimensions(uint32_t *__restrict into, const uint32_t *__restrict from) {
    for (size_t d = 0; d < kEmbeddingDims; ++d)
        into[d] += from[d];
}
} // namespace

void FrameSumAccumulator::add(const FrameSums &frameSums, size_t frameCount) {
    constexpr uint64_t kMaxPartialFrames = UINT32_MAX / 255; // each frame adds at most 255
    if (partialFrames + frameCount > kMaxPartialFrames) {
        for (size_t d = 0; d < kEmbeddingDims; ++d)
            values[d] += partial[d];
        partial.fill(0);
        partialFrames = 0;
    }
    // Right after moving, a segment's own sums (uint32) always fit.
    partialFrames += static_cast<uint32_t>(frameCount);
    addDimensions(partial.data(), frameSums.data());
    ++segments;
    frames += static_cast<int64_t>(frameCount);
}

void ClassEmbeddingMeans::add(Split split, const int *classes, size_t classCount,
                              const FrameSums &frameSums, size_t frameCount) {
    auto accumulate = [&](Sums &target) { target.add(frameSums, frameCount); };
    ++m_addCount;
    for (size_t i = 0; i < classCount; ++i) {
        if (classes[i] < 0 || static_cast<size_t>(classes[i]) >= m_graph.size()) continue;
        accumulate(sums(classes[i], split, false));
        for (int ancestor : m_graph.ancestorsOrSelf(classes[i])) {
            if (m_stamp[static_cast<size_t>(ancestor)] == m_addCount) continue;
            m_stamp[static_cast<size_t>(ancestor)] = m_addCount;
            accumulate(sums(ancestor, split, true));
        }
    }
}

void ClassEmbeddingMeans::write(Database &db) const {
    Statement insert = db.prepare("INSERT INTO class_embedding_means VALUES(?,?,?,?,?,?)");
    std::string blob;
    for (size_t slot = 0; slot < m_sums.size(); ++slot) {
        if (!m_sums[slot]) continue;
        const Sums &sums = *m_sums[slot];
        blob.clear();
        for (size_t d = 0; d < kEmbeddingDims; ++d)
            appendLeFloat(blob, sums.frames
                                    ? static_cast<float>(static_cast<double>(sums.total(d)) /
                                                         static_cast<double>(sums.frames))
                                    : 0.0f);
        insert.bind(1, static_cast<int64_t>(slot / (kSplitCount * 2)))
            .bind(2, static_cast<int64_t>((slot / 2) % kSplitCount))
            .bind(3, static_cast<int64_t>(slot % 2))
            .bind(4, sums.segments)
            .bind(5, sums.frames)
            .bindBlob(6, blob.data(), blob.size());
        insert.run();
    }
}

} // namespace audioset
