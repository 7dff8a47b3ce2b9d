#pragma once

#include "neighbourindex.h"
#include "outcome.h"
#include "progress.h"

#include <memory>
#include <optional>
#include <vector>

namespace audioset {

class Catalog;

/// A segment found near another, and how near.
struct SimilarSegment {
    int64_t segmentId = 0;
    double distance = 0;
};

/// The index's segment vectors, loaded once and searchable: what `audioset similar`, the
/// inspector's Similar segments, outliers and duplicates all ask.
class SimilarityIndex {
public:
    /// Reads every linked segment's vector from the index and builds the neighbour index.
    /// Fails when the index holds no embeddings; cancelled when `progress` says stop.
    static Outcome load(Catalog &catalog, const ProgressCallback &progress,
                        std::unique_ptr<SimilarityIndex> &out);

    const NeighbourIndex &neighbours() const { return *m_index; }
    const VectorSet &vectors() const { return m_index->vectors(); }
    std::optional<size_t> rowOf(int64_t segmentId) const;
    int64_t segmentOf(size_t row) const { return vectors().row(row).segmentId; }
    /// The k nearest segments in `splits`, the segment itself left out; empty when the segment
    /// has no vector.
    std::vector<SimilarSegment> similar(int64_t segmentId, SplitMask splits, size_t k) const;
    /// Per row: whether its segment carries the class in `split` (it or a descendant); rows of
    /// other splits never do.
    std::vector<bool> rowsCarrying(Catalog &catalog, int classId, Split split) const;
    /// Linked segments left out of search (more frames than VectorSet::kMaxFrames).
    int64_t leftOut() const { return m_leftOut; }

private:
    std::unique_ptr<NeighbourIndex> m_index;
    int64_t m_leftOut = 0;
};

/// The splits named (all of them when none is).
SplitMask splitMaskOf(const std::vector<Split> &splits);

} // namespace audioset
