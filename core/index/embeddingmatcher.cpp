#include "embeddingmatcher.h"
#include "littleendian.h"

#include "postinglist.h"
#include "sqlitedb.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
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
    Statement segments = db.prepare("SELECT id, split, ytid, start_ms FROM segments");
    uint32_t maxId = 0;
    while (segments.step()) {
        Entry entry{};
        entry.segmentId = static_cast<uint32_t>(segments.columnInt(0));
        entry.ytid = PackedYtid::pack(segments.columnText(2));
        entry.startMs = segments.columnInt(3);
        maxId = std::max(maxId, entry.segmentId);
        m_entries[static_cast<size_t>(segments.columnInt(1)) % kSplitCount].push_back(entry);
    }
    readClassesOfSegments(db, maxId);
    // The index holds each split in (ytid, start) order already; sorting is for an index that
    // does not.
    auto before = [](const Entry &a, const Entry &b) {
        return a.ytid != b.ytid ? a.ytid < b.ytid : a.startMs < b.startMs;
    };
    for (auto &entries : m_entries)
        if (!std::is_sorted(entries.begin(), entries.end(), before))
            std::sort(entries.begin(), entries.end(), before);
}

// Each segment's classes, from the direct postings the metadata stage wrote (one class once per
// segment): inverted into one array in segment order, counted first so it is allocated once.
// Cheaper than parsing two million label lists back from text and looking up each mid.
void SegmentMatcher::readClassesOfSegments(Database &db, uint32_t maxId) {
    Statement postings = db.prepare(
        "SELECT class_id, count, segment_ids FROM class_postings WHERE rollup = 0 ORDER BY id");
    std::vector<uint32_t> ids;
    auto forEachPosting = [&](auto &&visit) {
        while (postings.step()) {
            const auto classId = static_cast<int>(postings.columnInt(0));
            const auto count = static_cast<size_t>(postings.columnInt(1));
            if (static_cast<size_t>(postings.columnBytes(2)) < count * posting::kBytes) continue;
            posting::decode(static_cast<const unsigned char *>(postings.columnBlob(2)), count, ids);
            for (uint32_t value : ids)
                if (const uint32_t segment = posting::segmentOf(value); segment <= maxId)
                    visit(segment, classId);
        }
        postings.reset();
    };
    m_classesBegin.assign(static_cast<size_t>(maxId) + 2, 0);
    forEachPosting([&](uint32_t segment, int) { ++m_classesBegin[segment + 1]; });
    for (size_t i = 1; i < m_classesBegin.size(); ++i)
        m_classesBegin[i] += m_classesBegin[i - 1];
    m_classes.resize(m_classesBegin.back());
    std::vector<uint32_t> filled(m_classesBegin.begin(), m_classesBegin.end() - 1);
    forEachPosting([&](uint32_t segment, int classId) { m_classes[filled[segment]++] = classId; });
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
    const uint32_t begin = m_classesBegin[best->segmentId];
    const uint32_t end = m_classesBegin[best->segmentId + 1];
    m_csvScratch.assign(m_classes.begin() + begin, m_classes.begin() + end);
    std::sort(m_csvScratch.begin(), m_csvScratch.end());
    match.segmentId = best->segmentId;
    match.labelsAgree = m_csvScratch == m_scratch;
    match.classes = m_classes.data() + begin;
    match.classCount = end - begin;
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
