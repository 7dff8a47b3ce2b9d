#pragma once

#include "clustering.h"
#include "exactdistance.h"
#include "vectorset.h"

#include <atomic>
#include <functional>
#include <vector>

namespace audioset {

class ProbedCollector;
class RoundedRows;
struct RoundedQuery;

/// A set of splits, one bit per split index.
using SplitMask = unsigned;
inline constexpr SplitMask kAllSplitsMask = (1u << kSplitCount) - 1;
inline SplitMask splitBit(Split split) {
    return 1u << splitIndex(split);
}

/// Queries a batched probe (nearestProbedBatch, withinRadiusProbedBatch) should take at once:
/// each probed leaf is rounded and read once for all of them, so more is cheaper, at ~1 KB of
/// working memory a query.
inline constexpr size_t kProbedBatchRows = 16384;

/// The rows of `vectors` in `splits`, ascending.
std::vector<uint32_t> rowsIn(const VectorSet &vectors, SplitMask splits);

/// A found neighbour: its row in the index's VectorSet and its exact distance.
struct Neighbour {
    uint32_t row = 0;
    ExactDistance distance;
};

/// What to search: a row's vector, in which splits, which row to leave out.
struct NeighbourQuery {
    size_t row = 0;
    SplitMask splits = kAllSplitsMask;
    bool excludeSelf = true;
};

/// Exact nearest-neighbour search over segment vectors.
///
/// Each split's rows are clustered twice over (groups of leaves, by k-means) and stored leaf by
/// leaf, sorted by their distance to the leaf's centre. A search visits clusters nearest first
/// and skips a cluster, or a stretch of a leaf, only where the triangle inequality proves that
/// nothing in it can beat the k-th distance found so far; so the answer is the brute-force one,
/// ties broken by the rows' (split, ytid, start) order.
class NeighbourIndex {
public:
    /// Takes the vectors and reorders them; `progress` gets 0..1 and may return false to stop
    /// (then the index is empty).
    explicit NeighbourIndex(VectorSet vectors,
                            const std::function<bool(double)> &progress = nullptr);

    const VectorSet &vectors() const { return m_vectors; }
    /// The k nearest rows, nearest first.
    std::vector<Neighbour> nearest(const NeighbourQuery &query, size_t k) const;
    /// The k nearest among the rows of the `probe` leaves whose centres are nearest the query
    /// (IVF-style; far cheaper than nearest() on high-dimensional data, where bounds prune
    /// little). Distances are exact; `certified` is set when the bounds prove that no unvisited
    /// row could have entered, i.e. the answer is the exact one.
    std::vector<Neighbour> nearestProbed(const NeighbourQuery &query, size_t k, size_t probe,
                                         bool &certified) const;
    /// nearestProbed for many queries at once, each answer the same as nearestProbed's: every
    /// probed leaf is read once for all the queries that probe it, so it comes from cache.
    /// Queries from the same leaf share most of their probes; `done(i, answer, certified)`
    /// gets the answer for rows[i].
    void nearestProbedBatch(
        const std::vector<uint32_t> &rows, SplitMask splits, size_t k, size_t probe,
        const std::function<void(size_t, std::vector<Neighbour> &&, bool)> &done) const;
    /// Every row within `radius` (inclusive) among the rows of each query's `probe` nearest
    /// leaves, as nearestProbedBatch searches them: `done(i, found)`, in no particular order.
    void withinRadiusProbedBatch(
        const std::vector<uint32_t> &rows, SplitMask splits, double radius, size_t probe,
        const std::function<void(size_t, std::vector<Neighbour> &&)> &done) const;
    /// Every row within `radius` (inclusive), in no particular order.
    std::vector<Neighbour> withinRadius(const NeighbourQuery &query, double radius) const;
    /// Rows examined by searches so far (for the benchmark's pruning figure).
    uint64_t rowsExamined() const { return m_examined; }
    size_t bytes() const;

private:
    struct Leaf {
        uint32_t begin = 0, end = 0; // rows, sorted by m_radius
        float radius = 0;
    };
    struct Probe;
    struct ScreenContext;
    // Screens the rounded rows of a leaf for up to four probes of it; returns the pairs screened.
    size_t screenGroup(const Leaf &leaf, const RoundedRows &leafRows, const Probe *probes,
                       size_t count, const std::vector<RoundedQuery> &rounded,
                       ScreenContext &context) const;
    static double screenSink(void *context, size_t query, uint32_t row);
    // One probe by exact int16 products, where the rounded screen would be slower.
    size_t scanProbe(const Leaf &leaf, const Probe &probe, ScreenContext &context) const;
    // The batched probe both of the batch searches run; returns nearestLeaves' bound a query.
    std::vector<double> probedBatch(const std::vector<uint32_t> &rows, SplitMask splits,
                                    size_t probe, ProbedCollector &collector) const;
    struct Group {
        uint32_t firstLeaf = 0, leafCount = 0;
        float radius = 0;
        int split = 0;
    };
    // Scans rows [leaf.begin, leaf.end) that can lie within `reach` of the query, given its
    // distance to the leaf's centre.
    void scanLeaf(const NeighbourQuery &query, const Leaf &leaf, double centre, double reach,
                  std::vector<int32_t> &dots, const std::function<void(uint32_t, int32_t)> &take,
                  uint64_t &examined) const;
    // Rows [lo, hi) of the leaf that can lie within `reach`, given the distance to its centre.
    std::pair<uint32_t, uint32_t> window(const Leaf &leaf, double centre, double reach) const;
    // Hands `take` the rows among `dots` (of rows from `lo`) that selectNear keeps.
    void takeNear(const NeighbourQuery &query, uint32_t lo, const int32_t *dots, size_t count,
                  double reach, const std::function<void(uint32_t, int32_t)> &take) const;
    void build(const std::function<bool(double)> &progress);
    // Squared distances from a row to the centres of leaves [first, first + count).
    void leafSquaredDistances(size_t row, uint32_t first, uint32_t count, double *out) const;
    // The leaves of `splits` as runs of consecutive leaves: (first, count).
    std::vector<std::pair<uint32_t, uint32_t>> leafRuns(SplitMask splits) const;
    // The `count` leaves of `splits` whose centres are nearest the row, as (distance, leaf),
    // nearest first. Returns (distance - radius) of the next nearest leaf: no unprobed row is
    // proved farther than that (infinity when every leaf is probed).
    double nearestLeaves(size_t row, SplitMask splits, size_t count,
                         std::vector<std::pair<double, uint32_t>> &nearest) const;
    // True when no row outside the `nearest` leaves can lie within `reach`; `nextBound` from
    // nearestLeaves settles most cases without looking at every leaf again.
    bool provedExact(size_t row, SplitMask splits,
                     const std::vector<std::pair<double, uint32_t>> &nearest, double nextBound,
                     double reach) const;
    // Hands `take` every row (and its dot with the query) that the bounds cannot rule out.
    void visitCandidates(const NeighbourQuery &query, const std::function<double()> &bound,
                         const std::function<void(uint32_t, int32_t)> &take) const;

    VectorSet m_vectors;
    std::vector<float> m_radius; // per row: distance to its leaf's centre
    std::vector<Leaf> m_leaves;
    std::vector<Group> m_groups;
    Centres m_leafCentres;
    Centres m_groupCentres;
    mutable std::atomic<uint64_t> m_examined{0};
};

/// The plain scan every search must agree with: exact distances to all rows of the splits.
std::vector<Neighbour> scanNearest(const VectorSet &vectors, const NeighbourQuery &query, size_t k,
                                   bool scalar = false);

/// True when a ranks before b: smaller distance, then earlier (split, ytid, start).
bool ranksBefore(const VectorSet &vectors, const Neighbour &a, const Neighbour &b);

} // namespace audioset
