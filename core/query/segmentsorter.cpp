#include "segmentsorter.h"

#include "sqlitedb.h"

#include <algorithm>

namespace audioset {

SegmentSorter::SegmentSorter(Database &db)
    : m_db(db) {
    m_idLimit =
        static_cast<size_t>(std::max<int64_t>(0, db.queryInt("SELECT max(id) FROM segments")) + 1);
}

const std::vector<uint32_t> &SegmentSorter::sorted(const std::string &listing,
                                                   std::vector<uint32_t> matching, SegmentSort sort,
                                                   bool descending,
                                                   const std::vector<uint32_t> &members) {
    if (listing == m_listing) return m_sorted;
    const std::vector<uint32_t> &keys = keysFor(sort, members);
    // Ids ascending are the natural order, so a stable sort on the key alone keeps it for ties.
    const auto key = [&keys](uint32_t id) { return id < keys.size() ? keys[id] : 0u; };
    std::sort(matching.begin(), matching.end());
    if (descending)
        std::stable_sort(matching.begin(), matching.end(),
                         [&](uint32_t a, uint32_t b) { return key(a) > key(b); });
    else
        std::stable_sort(matching.begin(), matching.end(),
                         [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
    m_listing = listing;
    m_sorted = std::move(matching);
    return m_sorted;
}

const std::vector<uint32_t> &SegmentSorter::keysFor(SegmentSort sort,
                                                    const std::vector<uint32_t> &members) {
    if (const auto it = m_keys.find(sort); it != m_keys.end()) return it->second;
    std::vector<uint32_t> keys;
    switch (sort) {
    case SegmentSort::Natural:
        keys.resize(m_idLimit);
        for (size_t id = 0; id < keys.size(); ++id)
            keys[id] = static_cast<uint32_t>(id);
        break;
    case SegmentSort::Ytid:
        keys = ytidRanks();
        break;
    case SegmentSort::Start:
        keys = columnKeys("start_ms");
        break;
    case SegmentSort::End:
        keys = columnKeys("end_ms");
        break;
    case SegmentSort::Split:
        keys = columnKeys("split");
        break;
    case SegmentSort::LabelCount: // labels are mids joined by commas
        keys = columnKeys("length(labels) - length(replace(labels, ',', '')) + 1");
        break;
    case SegmentSort::Rerated:
        keys = columnKeys("rerated");
        break;
    case SegmentSort::Embedding:
    case SegmentSort::Audio:
        keys.assign(m_idLimit, 0);
        for (uint32_t id : members)
            if (id < keys.size()) keys[id] = 1;
        break;
    }
    return m_keys.emplace(sort, std::move(keys)).first->second;
}

std::vector<uint32_t> SegmentSorter::columnKeys(const std::string &expression) {
    std::vector<uint32_t> keys(m_idLimit, 0);
    Statement rows = m_db.prepare("SELECT id, " + expression + " FROM segments");
    while (rows.step()) {
        const int64_t id = rows.columnInt(0);
        if (id >= 0 && static_cast<size_t>(id) < keys.size())
            keys[static_cast<size_t>(id)] =
                static_cast<uint32_t>(std::max<int64_t>(0, rows.columnInt(1)));
    }
    return keys;
}

// Each split's rows are in (ytid, start) order already, so the order over all splits is a merge
// of those runs: one pass, no strings kept beyond each run's current row.
std::vector<uint32_t> SegmentSorter::ytidRanks() {
    struct Run {
        explicit Run(Statement statement)
            : rows(std::move(statement)) {}
        Statement rows;
        bool live = false;
        int64_t id = 0, startMs = 0;
        std::string ytid;
        void next() {
            live = rows.step();
            if (!live) return;
            id = rows.columnInt(0);
            ytid.assign(rows.columnText(1));
            startMs = rows.columnInt(2);
        }
    };
    std::vector<Run> runs;
    Statement files =
        m_db.prepare("SELECT first_segment_id, segment_count FROM split_files ORDER BY split");
    while (files.step()) {
        Run run(m_db.prepare("SELECT id, ytid, start_ms FROM segments WHERE id >= ? AND id < ? "
                             "ORDER BY id"));
        run.rows.bind(1, files.columnInt(0)).bind(2, files.columnInt(0) + files.columnInt(1));
        run.next();
        runs.push_back(std::move(run));
    }
    std::vector<uint32_t> ranks(m_idLimit, 0);
    uint32_t rank = 0;
    for (;;) {
        Run *least = nullptr;
        for (Run &run : runs) // three runs at most: a scan beats a heap
            if (run.live &&
                (!least || std::tie(run.ytid, run.startMs) < std::tie(least->ytid, least->startMs)))
                least = &run;
        if (!least) break;
        if (static_cast<size_t>(least->id) < ranks.size())
            ranks[static_cast<size_t>(least->id)] = rank;
        ++rank;
        least->next();
    }
    return ranks;
}

} // namespace audioset
