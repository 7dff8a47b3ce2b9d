#include "splitrowbuffer.h"

#include "classgraph.h"

#include <algorithm>
#include <iterator>
#include <limits>

#include <sys/mman.h>

namespace audioset {

static_assert(sizeof(SplitRowBuffer::Row) == 40, "a row's size is what reserveForFile plans for");

namespace {
void adviseHugePages(void *data, size_t bytes) {
    constexpr uintptr_t kHugePage = 2u << 20;
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + kHugePage - 1) & ~(kHugePage - 1);
    const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHugePage - 1);
    if (end > begin) ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
}
} // namespace

void SplitRowBuffer::reserveForFile(uint64_t fileBytes) {
    // A row takes at least 30 bytes of CSV ("<11>, 0.000, 10.000, \"/m/x\"\n"); its text is
    // shorter than its line.
    const uint64_t bytes = std::min<uint64_t>(fileBytes, std::numeric_limits<uint32_t>::max());
    m_rows.reserve(static_cast<size_t>(bytes / 30 + 1));
    m_text.reserve(static_cast<size_t>(bytes));
    // Sorted rows read the text in random order: with 4 KiB pages nearly every read misses the
    // TLB as well as the cache, and prefetches that miss the TLB are dropped.
    adviseHugePages(m_text.data(), m_text.capacity());
}

bool SplitRowBuffer::add(const PackedYtid &ytid, int64_t startMs, int64_t endMs, uint64_t line,
                         std::string_view labels) {
    constexpr uint64_t kLimit = std::numeric_limits<uint32_t>::max();
    if (m_text.size() + labels.size() > kLimit || line > kLimit) return false;
    uint16_t ids[std::numeric_limits<uint8_t>::max()];
    const size_t classCount = findClassIds(labels, ids, std::size(ids));
    Row &row = m_rows.emplace_back();
    row.ytidHead = ytid.head;
    row.ytidLast = ytid.last;
    row.startMs = startMs;
    row.endMs = endMs;
    row.line = static_cast<uint32_t>(line);
    row.labelsBegin = static_cast<uint32_t>(m_text.size());
    row.classCount = static_cast<uint8_t>(classCount);
    if (classCount)
        m_text.append(reinterpret_cast<const char *>(ids), 2 * classCount);
    else
        m_text.append(labels);
    row.labelsSize = static_cast<uint32_t>(m_text.size() - row.labelsBegin);
    return true;
}

size_t SplitRowBuffer::findClassIds(std::string_view labels, uint16_t *ids, size_t capacity) const {
    if (!m_graph) return 0;
    size_t count = 0;
    const bool all = forEachLabelMid(labels, [&](std::string_view mid) {
        const int id = m_graph->find(mid);
        // An unknown label or one listed twice keeps the text, to be reported when emitted.
        if (id < 0 || id > std::numeric_limits<uint16_t>::max() || count == capacity ||
            !m_graph->at(id).isKnownLabel() || std::find(ids, ids + count, id) != ids + count)
            return false;
        ids[count++] = static_cast<uint16_t>(id);
        return true;
    });
    return all ? count : 0;
}

void SplitRowBuffer::sort() {
    // Rows of one segment keep their file order: the first in the file is the one kept.
    const auto before = [](const Row &a, const Row &b) {
        if (a.ytid() != b.ytid() || a.startMs != b.startMs)
            return segmentBefore(a.ytid(), a.startMs, b.ytid(), b.startMs);
        return a.line < b.line;
    };
    // One in-place pass puts the rows in buckets by their ytid's first two characters (the top
    // bits of the packed id), then each bucket, a few hundred rows, is sorted in cache: a
    // sort of the whole array moved its rows through memory some twenty times.
    constexpr unsigned kBucketBits = 12;
    constexpr size_t kBuckets = size_t(1) << kBucketBits;
    if (m_rows.size() < 4 * kBuckets) {
        std::sort(m_rows.begin(), m_rows.end(), before);
        return;
    }
    const auto bucketOf = [](const Row &row) {
        return static_cast<size_t>(row.ytidHead >> (PackedYtid::kHeadBits - kBucketBits));
    };
    std::vector<size_t> end(kBuckets, 0);
    for (const Row &row : m_rows)
        ++end[bucketOf(row)];
    std::vector<size_t> next(kBuckets, 0);
    for (size_t bucket = 0, sum = 0; bucket < kBuckets; ++bucket) {
        next[bucket] = sum;
        sum += end[bucket];
        end[bucket] = sum;
    }
    for (size_t bucket = 0; bucket < kBuckets; ++bucket) {
        while (next[bucket] < end[bucket]) {
            Row &row = m_rows[next[bucket]];
            const size_t target = bucketOf(row);
            if (target == bucket)
                ++next[bucket];
            else
                std::swap(row, m_rows[next[target]++]);
        }
    }
    for (size_t bucket = 0, begin = 0; bucket < kBuckets; begin = end[bucket++])
        std::sort(m_rows.begin() + static_cast<std::ptrdiff_t>(begin),
                  m_rows.begin() + static_cast<std::ptrdiff_t>(end[bucket]), before);
}

} // namespace audioset
