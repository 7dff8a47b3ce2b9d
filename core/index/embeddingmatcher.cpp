#include "embeddingmatcher.h"

#include "labelindexcsv.h"
#include "postinglist.h"
#include "sqlitedb.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <future>
#include <limits>
#include <string>

namespace audioset {

namespace {

std::vector<int> readClassOfLabelIndex(Database &db) {
    std::vector<int> classOf;
    Statement labels = db.prepare("SELECT label_index, id FROM classes WHERE label_index "
                                  "BETWEEN 0 AND " +
                                  std::to_string(kMaxLabelIndex));
    while (labels.step()) {
        const auto index = static_cast<size_t>(labels.columnInt(0));
        if (index >= classOf.size()) classOf.resize(index + 1, -1);
        classOf[index] = static_cast<int>(labels.columnInt(1));
    }
    return classOf;
}

// No index file holds more segments than it has 16-byte runs (a row takes more): what a
// damaged one claims beyond that (an id, a count) sizes nothing.
int64_t segmentCapacity(Database &db) {
    return db.queryInt("PRAGMA page_count") * db.queryInt("PRAGMA page_size") / 16;
}

// The largest segment id, refused when the ids are not what indexing writes (0 to N - 1).
uint32_t checkedMaxSegmentId(Database &db, int64_t capacity) {
    const int64_t first = db.queryInt("SELECT coalesce(min(id), 0) FROM segments");
    const int64_t last = db.queryInt("SELECT coalesce(max(id), 0) FROM segments");
    if (first < 0 || last >= capacity || last > std::numeric_limits<uint32_t>::max())
        throw SqliteError(db.path() + ": damaged index: segment ids from " + std::to_string(first) +
                          " to " + std::to_string(last) + " in a file with room for at most " +
                          std::to_string(capacity) +
                          " segments; index the release again with --force");
    return static_cast<uint32_t>(last);
}

} // namespace

SegmentMatcher::SegmentMatcher(Database &db)
    : m_classOfLabelIndex(readClassOfLabelIndex(db)) {
    const int64_t capacity = segmentCapacity(db);
    const uint32_t maxId = checkedMaxSegmentId(db, capacity);
    // Inverting the postings needs no database, so it runs beside the scan of the segments
    // (while the features are read ahead, the second core is otherwise idle). The future's
    // destructor waits for it, also when the scan throws.
    std::vector<ClassPostings> postings = readDirectPostings(db, maxId);
    std::future<void> inverted = std::async(
        std::launch::async, [this, &postings, maxId] { invertPostings(postings, maxId); });
    readSegments(db, capacity);
    inverted.get();
}

void SegmentMatcher::readSegments(Database &db, int64_t capacity) {
    Statement counts = db.prepare("SELECT split, segment_count FROM split_files");
    while (counts.step())
        m_entries[static_cast<size_t>(counts.columnInt(0)) % kSplitCount].reserve(
            static_cast<size_t>(std::clamp<int64_t>(counts.columnInt(1), 0, capacity)));
    Statement segments = db.prepare("SELECT id, split, ytid, start_ms FROM segments");
    while (segments.step()) {
        Entry entry{};
        entry.segmentId = static_cast<uint32_t>(segments.columnInt(0));
        entry.ytid = PackedYtid::pack(segments.columnText(2));
        entry.startMs = segments.columnInt(3);
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

// The direct postings the metadata stage wrote (one class once per segment), decoded once.
std::vector<SegmentMatcher::ClassPostings> SegmentMatcher::readDirectPostings(Database &db,
                                                                              uint32_t maxId) {
    std::vector<ClassPostings> all;
    Statement postings = db.prepare(
        "SELECT class_id, count, segment_ids FROM class_postings WHERE rollup = 0 ORDER BY id");
    while (postings.step()) {
        const auto count = static_cast<size_t>(postings.columnInt(1));
        if (static_cast<size_t>(postings.columnBytes(2)) < count * posting::kBytes) continue;
        ClassPostings &entry = all.emplace_back();
        entry.classId = static_cast<int>(postings.columnInt(0));
        posting::decode(static_cast<const unsigned char *>(postings.columnBlob(2)), count,
                        entry.segments);
        posting::stripFlags(entry.segments);
        entry.segments.erase(std::remove_if(entry.segments.begin(), entry.segments.end(),
                                            [maxId](uint32_t id) { return id > maxId; }),
                             entry.segments.end());
    }
    return all;
}

// Each segment's classes, inverted into one array in segment order, counted first so it is
// allocated once. Cheaper than parsing two million label lists back from text and looking up
// each mid.
void SegmentMatcher::invertPostings(std::vector<ClassPostings> &postings, uint32_t maxId) {
    // All classes are walked a block of segments at a time, so that the counters and the part
    // of the array being written stay in cache: at release size, scattering over the whole
    // array took three times as long. That needs each class's segments in ascending order, as
    // the metadata stage writes them.
    constexpr uint64_t kBlock = 1u << 16;
    for (ClassPostings &entry : postings)
        if (!std::is_sorted(entry.segments.begin(), entry.segments.end()))
            std::sort(entry.segments.begin(), entry.segments.end());
    std::vector<size_t> cursor(postings.size());
    auto forEachBlock = [&](auto &&visit) {
        std::fill(cursor.begin(), cursor.end(), 0);
        for (uint64_t blockEnd = kBlock; blockEnd < uint64_t(maxId) + 1 + kBlock;
             blockEnd += kBlock)
            for (size_t c = 0; c < postings.size(); ++c) {
                const std::vector<uint32_t> &segments = postings[c].segments;
                size_t &at = cursor[c];
                for (; at < segments.size() && segments[at] < blockEnd; ++at)
                    visit(segments[at], postings[c].classId);
            }
    };
    m_classesBegin.assign(static_cast<size_t>(maxId) + 2, 0);
    forEachBlock([&](uint32_t segment, int) { ++m_classesBegin[segment + 1]; });
    for (size_t i = 1; i < m_classesBegin.size(); ++i)
        m_classesBegin[i] += m_classesBegin[i - 1];
    m_classes.resize(m_classesBegin.back());
    std::vector<uint32_t> filled(m_classesBegin.begin(), m_classesBegin.end() - 1);
    forEachBlock([&](uint32_t segment, int classId) { m_classes[filled[segment]++] = classId; });
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

} // namespace audioset
