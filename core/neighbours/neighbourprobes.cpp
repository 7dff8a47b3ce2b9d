// The probed searches of NeighbourIndex: the leaves nearest a query, the proof that a probed
// answer is exact, and the batched probe behind label-error scoring and near duplicates.
#include "neighbourindex.h"

#include "roundedrows.h"
#include "topk.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace audioset {

using detail::distanceTo;
using detail::kMargin;
using detail::TopK;

void NeighbourIndex::leafSquaredDistances(size_t row, uint32_t first, uint32_t count,
                                          double *out) const {
    thread_local std::vector<int32_t> dots;
    dots.resize(count);
    m_leafCentres.dots(m_vectors.sums(row), first, count, dots.data());
    m_leafCentres.squaredDistances(m_vectors.norm2(row), m_vectors.row(row).frameCount, dots.data(),
                                   first, count, out);
}

std::vector<std::pair<uint32_t, uint32_t>> NeighbourIndex::leafRuns(SplitMask splits) const {
    std::vector<std::pair<uint32_t, uint32_t>> runs; // (first leaf, count)
    for (const Group &group : m_groups) {
        if (!(splits & (1u << group.split))) continue;
        if (!runs.empty() && runs.back().first + runs.back().second == group.firstLeaf)
            runs.back().second += group.leafCount;
        else
            runs.push_back({group.firstLeaf, group.leafCount});
    }
    return runs;
}

double NeighbourIndex::nearestLeaves(size_t row, SplitMask splits, size_t count,
                                     std::vector<std::pair<double, uint32_t>> &nearest) const {
    thread_local std::vector<double> squared;
    // The count + 1 least (squared distance, leaf) so far, ascending: one compare for most.
    std::vector<std::pair<double, uint32_t>> best;
    best.reserve(count + 2);
    double worst = std::numeric_limits<double>::infinity(); // of best, once it is full
    for (const auto &[first, leaves] : leafRuns(splits)) {
        squared.resize(leaves);
        leafSquaredDistances(row, first, leaves, squared.data());
        const double *d2 = squared.data();
        for (uint32_t i = 0; i < leaves; ++i) {
            if (d2[i] > worst) continue; // most leaves: one compare in registers
            const std::pair<double, uint32_t> leaf{d2[i], first + i};
            if (best.size() > count && !(leaf < best.back())) continue;
            best.insert(std::upper_bound(best.begin(), best.end(), leaf), leaf);
            if (best.size() > count + 1) best.pop_back();
            if (best.size() > count) worst = best.back().first;
        }
    }
    nearest.clear();
    for (size_t i = 0; i < best.size() && i < count; ++i)
        nearest.push_back({std::sqrt(best[i].first), best[i].second});
    if (best.size() <= count) return std::numeric_limits<double>::infinity();
    return std::sqrt(best.back().first) - m_leaves[best.back().second].radius;
}

bool NeighbourIndex::provedExact(size_t row, SplitMask splits,
                                 const std::vector<std::pair<double, uint32_t>> &nearest,
                                 double nextBound, double reach) const {
    if (!(nextBound > reach)) return false; // the next leaf alone may hold a nearer row
    thread_local std::vector<double> squared;
    std::vector<uint32_t> probed;
    for (const auto &[distance, leaf] : nearest)
        probed.push_back(leaf);
    std::sort(probed.begin(), probed.end());
    for (const auto &[first, leaves] : leafRuns(splits)) {
        squared.resize(leaves);
        leafSquaredDistances(row, first, leaves, squared.data());
        for (uint32_t i = 0; i < leaves; ++i) {
            const uint32_t leaf = first + i;
            if (std::binary_search(probed.begin(), probed.end(), leaf)) continue;
            if (!(std::sqrt(squared[i]) - m_leaves[leaf].radius > reach)) return false;
        }
    }
    return true;
}

std::vector<Neighbour> NeighbourIndex::nearestProbed(const NeighbourQuery &query, size_t k,
                                                     size_t probe, bool &certified) const {
    std::vector<std::pair<double, uint32_t>> leaves;
    std::vector<int32_t> dots;
    const double next = nearestLeaves(query.row, query.splits, probe, leaves);
    TopK best(m_vectors, k);
    uint64_t examined = 0;
    const auto take = [&](uint32_t row, int32_t dot) {
        best.offer({row, distanceTo(m_vectors, query.row, row, dot)});
    };
    for (const auto &[centre, leaf] : leaves)
        scanLeaf(query, m_leaves[leaf], centre, best.bound() + kMargin, dots, take, examined);
    certified = provedExact(query.row, query.splits, leaves, next, best.bound() + kMargin);
    m_examined.fetch_add(examined, std::memory_order_relaxed);
    return best.sorted();
}

struct NeighbourIndex::Probe {
    uint32_t leaf;
    uint32_t query;
    double centre; // the query's distance to the leaf's centre
    bool nearest;  // the query's nearest leaf
};

// What a probed batch gathers for each of its queries: the k nearest, or all within a radius.
class ProbedCollector {
public:
    virtual ~ProbedCollector() = default;
    /// No row farther than this from the query can be wanted any more.
    virtual double reach(uint32_t query) const = 0;
    virtual void offer(uint32_t query, const Neighbour &found) = 0;
};

namespace {

class NearestCollector : public ProbedCollector {
public:
    NearestCollector(const VectorSet &vectors, size_t queries, size_t k) {
        best.reserve(queries);
        for (size_t i = 0; i < queries; ++i)
            best.emplace_back(vectors, k);
    }
    double reach(uint32_t query) const override { return best[query].bound(); }
    void offer(uint32_t query, const Neighbour &found) override { best[query].offer(found); }
    std::vector<TopK> best;
};

class RadiusCollector : public ProbedCollector {
public:
    RadiusCollector(size_t queries, double radius)
        : found(queries)
        , m_radius(radius) {}
    double reach(uint32_t) const override { return m_radius; }
    void offer(uint32_t query, const Neighbour &n) override {
        if (n.distance.squared() <= m_radius * m_radius) found[query].push_back(n);
    }
    std::vector<std::vector<Neighbour>> found;

private:
    double m_radius;
};

} // namespace

struct NeighbourIndex::ScreenContext {
    const VectorSet &vectors;
    const std::vector<uint32_t> &rows;
    ProbedCollector &collector;
    uint32_t group[4]; // the queries of the screen in progress

    // The exact check of a candidate row for a query of the batch.
    void check(uint32_t query, uint32_t row, int32_t dot) {
        collector.offer(query, {row, distanceTo(vectors, rows[query], row, dot)});
    }
};

// The exact check of a pair the screen let through.
double NeighbourIndex::screenSink(void *opaque, size_t j, uint32_t row) {
    auto &context = *static_cast<ScreenContext *>(opaque);
    const uint32_t query = context.group[j];
    const uint32_t queryRow = context.rows[query];
    if (row != queryRow) {
        int32_t dot = 0;
        dotRows(context.vectors.sums(queryRow), context.vectors.sums(row), 1, &dot);
        context.check(query, row, dot);
    }
    return context.collector.reach(query) + kMargin;
}

std::vector<double> NeighbourIndex::probedBatch(const std::vector<uint32_t> &rows, SplitMask splits,
                                                size_t probe, ProbedCollector &collector) const {
    std::vector<Probe> probes;
    std::vector<double> next(rows.size()); // see nearestLeaves
    std::vector<std::pair<double, uint32_t>> leaves;
    const bool screened = roundedScreenIsFast();
    std::vector<RoundedQuery> rounded;
    rounded.reserve(screened ? rows.size() : 0);
    for (size_t i = 0; i < rows.size(); ++i) {
        next[i] = nearestLeaves(rows[i], splits, probe, leaves);
        for (size_t j = 0; j < leaves.size(); ++j)
            probes.push_back({leaves[j].second, uint32_t(i), leaves[j].first, j == 0});
        if (screened) rounded.push_back(roundQuery(m_vectors, rows[i]));
    }
    // Leaf by leaf, so that a probed leaf is rounded once and read from cache by all the
    // queries that probe it: first each query's nearest leaf, so that the reaches settle
    // early, then the rest.
    std::sort(probes.begin(), probes.end(), [](const Probe &a, const Probe &b) {
        return std::make_tuple(!a.nearest, a.leaf, a.query) <
               std::make_tuple(!b.nearest, b.leaf, b.query);
    });
    ScreenContext context{m_vectors, rows, collector, {}};
    RoundedRows leafRows;
    uint64_t examined = 0;
    for (size_t from = 0; from < probes.size();) {
        size_t to = from + 1;
        while (to < probes.size() && probes[to].leaf == probes[from].leaf &&
               probes[to].nearest == probes[from].nearest)
            ++to;
        const Leaf &leaf = m_leaves[probes[from].leaf];
        if (!screened) {
            for (size_t p = from; p < to; ++p)
                examined += scanProbe(leaf, probes[p], context);
        } else {
            leafRows.assign(m_vectors, leaf.begin, leaf.end);
            for (size_t g = from; g < to; g += 4)
                examined += screenGroup(leaf, leafRows, &probes[g], std::min<size_t>(4, to - g),
                                        rounded, context);
        }
        from = to;
    }
    m_examined.fetch_add(examined, std::memory_order_relaxed);
    return next;
}

void NeighbourIndex::nearestProbedBatch(
    const std::vector<uint32_t> &rows, SplitMask splits, size_t k, size_t probe,
    const std::function<void(size_t, std::vector<Neighbour> &&, bool)> &done) const {
    NearestCollector collector(m_vectors, rows.size(), k);
    const std::vector<double> next = probedBatch(rows, splits, probe, collector);
    std::vector<std::pair<double, uint32_t>> leaves;
    for (size_t i = 0; i < rows.size(); ++i) {
        const double reach = collector.best[i].bound() + kMargin;
        bool certified = next[i] > reach;
        if (certified) { // rare on large splits: the probes are found again for the proof
            nearestLeaves(rows[i], splits, probe, leaves);
            certified = provedExact(rows[i], splits, leaves, next[i], reach);
        }
        done(i, collector.best[i].sorted(), certified);
    }
}

void NeighbourIndex::withinRadiusProbedBatch(
    const std::vector<uint32_t> &rows, SplitMask splits, double radius, size_t probe,
    const std::function<void(size_t, std::vector<Neighbour> &&)> &done) const {
    RadiusCollector collector(rows.size(), radius);
    probedBatch(rows, splits, probe, collector);
    for (size_t i = 0; i < rows.size(); ++i)
        done(i, std::move(collector.found[i]));
}

size_t NeighbourIndex::scanProbe(const Leaf &leaf, const Probe &probe,
                                 ScreenContext &context) const {
    const uint32_t queryRow = context.rows[probe.query];
    thread_local std::vector<int32_t> dots;
    uint64_t examined = 0;
    scanLeaf(
        {queryRow, kAllSplitsMask, true}, leaf, probe.centre,
        context.collector.reach(probe.query) + kMargin, dots,
        [&](uint32_t row, int32_t dot) { context.check(probe.query, row, dot); }, examined);
    return size_t(examined);
}

size_t NeighbourIndex::screenGroup(const Leaf &leaf, const RoundedRows &leafRows,
                                   const Probe *probes, size_t count,
                                   const std::vector<RoundedQuery> &rounded,
                                   ScreenContext &context) const {
    ScreenQuery queries[4];
    size_t used = 0;
    uint32_t lo = leaf.end, hi = leaf.begin; // the union of the queries' windows
    for (size_t j = 0; j < count; ++j) {
        const double reach = context.collector.reach(probes[j].query) + kMargin;
        const auto [from, to] = window(leaf, probes[j].centre, reach);
        if (from >= to) continue;
        lo = std::min(lo, from);
        hi = std::max(hi, to);
        queries[used] = {&rounded[probes[j].query], reach};
        context.group[used++] = probes[j].query;
    }
    if (used == 0) return 0;
    screenRows(queries, used, leafRows, lo - leaf.begin, hi - leaf.begin, &screenSink, &context);
    return used * (hi - lo);
}

} // namespace audioset
