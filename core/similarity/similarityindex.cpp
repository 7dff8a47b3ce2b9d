#include "similarityindex.h"

#include "catalog.h"
#include "packedytid.h"
#include "postinglist.h"
#include "youtubeid.h"

#include <algorithm>

namespace audioset {

namespace {

// A row's place in (split, ytid, start) order: the tie-break every search uses.
struct OrderKey {
    uint8_t split = 0;
    PackedYtid ytid;
    int64_t startMs = 0;
    uint32_t row = 0;
};

bool operator<(const OrderKey &a, const OrderKey &b) {
    if (a.split != b.split) return a.split < b.split;
    if (a.ytid != b.ytid) return a.ytid < b.ytid;
    if (a.startMs != b.startMs) return a.startMs < b.startMs;
    return a.row < b.row;
}

} // namespace

SplitMask splitMaskOf(const std::vector<Split> &splits) {
    if (splits.empty()) return kAllSplitsMask;
    SplitMask mask = 0;
    for (Split split : splits)
        mask |= splitBit(split);
    return mask;
}

Outcome SimilarityIndex::load(Catalog &catalog, const ProgressCallback &progress,
                              std::unique_ptr<SimilarityIndex> &out) {
    const int64_t total = catalog.segmentsWithEmbeddingCount();
    if (total == 0)
        return Outcome::failed(catalog.path() +
                               " has no embeddings; index features.tar.gz (or the feature "
                               "shards) to search by sound");
    auto result = std::make_unique<SimilarityIndex>();
    VectorSet vectors;
    vectors.reserve(static_cast<size_t>(total));
    std::vector<OrderKey> keys;
    keys.reserve(static_cast<size_t>(total));
    const std::string reading = "reading segment vectors";
    uint64_t seen = 0;
    bool stopped = false;
    catalog.forEachSegmentVector([&](const SegmentVectorView &view) {
        const uint32_t row = static_cast<uint32_t>(vectors.size());
        if (isValidYoutubeId(view.ytid) &&
            vectors.add(view.segmentId, view.split, view.frameCount, view.sums, view.framesHash))
            keys.push_back({static_cast<uint8_t>(splitIndex(view.split)),
                            PackedYtid::pack(view.ytid), view.startMs, row});
        else
            ++result->m_leftOut;
        if (++seen % 65536 == 0 && progress &&
            !progress(Progress{reading, seen, static_cast<uint64_t>(total) * 2})) {
            stopped = true;
            return false;
        }
        return true;
    });
    if (stopped) return Outcome::cancelled("cancelled while reading the segment vectors");
    std::sort(keys.begin(), keys.end());
    std::vector<uint32_t> order(keys.size());
    for (size_t rank = 0; rank < keys.size(); ++rank)
        order[keys[rank].row] = static_cast<uint32_t>(rank);
    std::vector<OrderKey>().swap(keys);
    vectors.setOrder(std::move(order));

    const std::string building = "building the neighbour index";
    const uint64_t rows = vectors.size();
    result->m_index = std::make_unique<NeighbourIndex>(std::move(vectors), [&](double share) {
        if (!progress) return true;
        stopped = !progress(Progress{building, rows + uint64_t(share * double(rows)), rows * 2});
        return !stopped;
    });
    if (stopped) return Outcome::cancelled("cancelled while building the neighbour index");
    out = std::move(result);
    return Outcome::ok(std::to_string(rows) + " segment vectors");
}

std::optional<size_t> SimilarityIndex::rowOf(int64_t segmentId) const {
    if (segmentId < 0 || segmentId > int64_t(UINT32_MAX)) return std::nullopt;
    const size_t row = vectors().rowOfSegment(static_cast<uint32_t>(segmentId));
    if (row == vectors().size()) return std::nullopt;
    return row;
}

std::vector<SimilarSegment> SimilarityIndex::similar(int64_t segmentId, SplitMask splits,
                                                     size_t k) const {
    const auto row = rowOf(segmentId);
    if (!row) return {};
    std::vector<SimilarSegment> found;
    for (const Neighbour &n : m_index->nearest({*row, splits, true}, k))
        found.push_back({segmentOf(n.row), n.distance.value()});
    return found;
}

std::vector<bool> SimilarityIndex::rowsCarrying(Catalog &catalog, int classId, Split split) const {
    std::vector<uint32_t> members = catalog.classPostings(classId, split, true);
    posting::stripFlags(members);
    std::sort(members.begin(), members.end());
    std::vector<bool> carries(vectors().size());
    for (size_t row = 0; row < vectors().size(); ++row)
        carries[row] =
            vectors().row(row).split() == split &&
            std::binary_search(members.begin(), members.end(), vectors().row(row).segmentId);
    return carries;
}

} // namespace audioset
