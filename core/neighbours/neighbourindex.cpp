#include "neighbourindex.h"

#include "roundedrows.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

namespace audioset {

namespace {

// Rows per leaf: small leaves prune finely, more of them cost centre distances per search.
constexpr size_t kLeafRows = 1000;
// Covers the rounding of distances held as float and computed in double.
constexpr double kMargin = 0.01;

ExactDistance distanceTo(const VectorSet &vectors, size_t queryRow, size_t row, int32_t dot) {
    return ExactDistance::between(vectors.norm2(queryRow), vectors.row(queryRow).frameCount,
                                  vectors.norm2(row), vectors.row(row).frameCount, dot);
}

// The k best so far, worst on top.
class TopK {
public:
    TopK(const VectorSet &vectors, size_t k)
        : m_vectors(vectors)
        , m_k(k) {
        m_heap.reserve(k);
    }

    void offer(const Neighbour &candidate) {
        if (m_k == 0) return;
        const auto worse = [this](const Neighbour &a, const Neighbour &b) {
            return ranksBefore(m_vectors, a, b);
        };
        if (m_heap.size() < m_k) {
            m_heap.push_back(candidate);
            std::push_heap(m_heap.begin(), m_heap.end(), worse);
        } else if (ranksBefore(m_vectors, candidate, m_heap.front())) {
            std::pop_heap(m_heap.begin(), m_heap.end(), worse);
            m_heap.back() = candidate;
            std::push_heap(m_heap.begin(), m_heap.end(), worse);
        } else {
            return;
        }
        if (m_heap.size() == m_k) m_bound = m_heap.front().distance.value();
    }
    // No row farther than this can enter.
    double bound() const { return m_bound; }
    std::vector<Neighbour> sorted() {
        std::sort(m_heap.begin(), m_heap.end(), [this](const Neighbour &a, const Neighbour &b) {
            return ranksBefore(m_vectors, a, b);
        });
        return std::move(m_heap);
    }

private:
    const VectorSet &m_vectors;
    size_t m_k;
    double m_bound = std::numeric_limits<double>::infinity();
    std::vector<Neighbour> m_heap; // a max-heap by rank
};

} // namespace

std::vector<uint32_t> rowsIn(const VectorSet &vectors, SplitMask splits) {
    std::vector<uint32_t> rows;
    for (size_t row = 0; row < vectors.size(); ++row)
        if (splits & splitBit(vectors.row(row).split())) rows.push_back(static_cast<uint32_t>(row));
    return rows;
}

bool ranksBefore(const VectorSet &vectors, const Neighbour &a, const Neighbour &b) {
    if (a.distance < b.distance) return true;
    if (b.distance < a.distance) return false;
    return vectors.order(a.row) < vectors.order(b.row);
}

NeighbourIndex::NeighbourIndex(VectorSet vectors, const std::function<bool(double)> &progress)
    : m_vectors(std::move(vectors)) {
    build(progress);
}

void NeighbourIndex::build(const std::function<bool(double)> &progress) {
    std::vector<uint32_t> order; // the new row order, built split by split
    order.reserve(m_vectors.size());
    std::vector<float> radius;
    radius.reserve(m_vectors.size());
    std::vector<int32_t> scratch;
    size_t done = 0;
    for (Split split : kAllSplits) {
        std::vector<uint32_t> members;
        for (size_t i = 0; i < m_vectors.size(); ++i)
            if (m_vectors.row(i).split() == split) members.push_back(static_cast<uint32_t>(i));
        if (members.empty()) continue;
        const size_t leaves = (members.size() + kLeafRows - 1) / kLeafRows;
        const size_t groupCount = static_cast<size_t>(std::ceil(std::sqrt(double(leaves))));
        const Centres groups = clusterRows(m_vectors, members, groupCount, 100 * groupCount);
        std::vector<std::vector<uint32_t>> inGroup(groups.size());
        std::vector<float> groupRadius(groups.size(), 0.0f);
        for (uint32_t row : members) {
            const Assignment a = nearestCentre(m_vectors, row, groups, scratch);
            inGroup[a.centre].push_back(row);
            groupRadius[a.centre] =
                std::max(groupRadius[a.centre], float(std::sqrt(a.squaredDistance)));
        }
        for (size_t g = 0; g < groups.size(); ++g) {
            if (inGroup[g].empty()) continue;
            const std::vector<uint32_t> &rows = inGroup[g];
            const Centres leafCentres = clusterRows(
                m_vectors, rows, (rows.size() + kLeafRows - 1) / kLeafRows, 20 * kLeafRows);
            std::vector<std::vector<std::pair<float, uint32_t>>> inLeaf(leafCentres.size());
            for (uint32_t row : rows) {
                const Assignment a = nearestCentre(m_vectors, row, leafCentres, scratch);
                inLeaf[a.centre].push_back({float(std::sqrt(a.squaredDistance)), row});
            }
            Group group;
            group.firstLeaf = static_cast<uint32_t>(m_leaves.size());
            group.radius = groupRadius[g];
            group.split = splitIndex(split);
            m_groupCentres.add(groups, g);
            for (size_t l = 0; l < inLeaf.size(); ++l) {
                if (inLeaf[l].empty()) continue;
                std::sort(inLeaf[l].begin(), inLeaf[l].end());
                Leaf leaf;
                leaf.begin = static_cast<uint32_t>(order.size());
                for (const auto &[r, row] : inLeaf[l]) {
                    order.push_back(row);
                    radius.push_back(r);
                }
                leaf.end = static_cast<uint32_t>(order.size());
                leaf.radius = inLeaf[l].back().first;
                m_leaves.push_back(leaf);
                m_leafCentres.add(leafCentres, l);
                ++group.leafCount;
            }
            m_groups.push_back(group);
            done += rows.size();
            if (progress && !progress(0.9 * double(done) / double(m_vectors.size()))) {
                m_vectors = VectorSet{};
                m_leaves.clear();
                m_groups.clear();
                m_leafCentres.clear();
                m_groupCentres.clear();
                return;
            }
        }
    }
    m_vectors.permute(order);
    m_radius = std::move(radius);
    if (progress) progress(1.0);
}

void NeighbourIndex::visitCandidates(const NeighbourQuery &query,
                                     const std::function<double()> &bound,
                                     const std::function<void(uint32_t, int32_t)> &take) const {
    const int16_t *q = m_vectors.sums(query.row);
    const int64_t norm2 = m_vectors.norm2(query.row);
    const int frames = m_vectors.row(query.row).frameCount;
    std::vector<int32_t> dots(std::max(m_groupCentres.size(), size_t(1)));
    dotRows(q, m_groupCentres.values(0), m_groupCentres.size(), dots.data());
    std::vector<std::pair<double, uint32_t>> groups; // (lower bound, group)
    for (size_t g = 0; g < m_groups.size(); ++g) {
        if (!(query.splits & (1u << m_groups[g].split))) continue;
        const double d = std::sqrt(m_groupCentres.squaredDistance(norm2, frames, dots[g], g));
        groups.push_back({d - m_groups[g].radius, static_cast<uint32_t>(g)});
    }
    std::sort(groups.begin(), groups.end());
    std::vector<std::pair<double, double>> leaves; // (lower bound, distance to centre)
    std::vector<int32_t> rowDots;
    uint64_t examined = 0;
    for (const auto &[groupBound, g] : groups) {
        if (groupBound > bound() + kMargin) break;
        const Group &group = m_groups[g];
        dots.resize(group.leafCount);
        dotRows(q, m_leafCentres.values(group.firstLeaf), group.leafCount, dots.data());
        leaves.clear();
        for (uint32_t i = 0; i < group.leafCount; ++i) {
            const uint32_t l = group.firstLeaf + i;
            const double d = std::sqrt(m_leafCentres.squaredDistance(norm2, frames, dots[i], l));
            leaves.push_back({d - m_leaves[l].radius, d});
        }
        std::vector<uint32_t> byBound(group.leafCount);
        std::iota(byBound.begin(), byBound.end(), 0u);
        std::sort(byBound.begin(), byBound.end(),
                  [&](uint32_t a, uint32_t b) { return leaves[a].first < leaves[b].first; });
        for (uint32_t i : byBound) {
            const double reach = bound() + kMargin;
            if (leaves[i].first > reach) break;
            scanLeaf(query, m_leaves[group.firstLeaf + i], leaves[i].second, reach, rowDots, take,
                     examined);
        }
    }
    m_examined.fetch_add(examined, std::memory_order_relaxed);
}

std::pair<uint32_t, uint32_t> NeighbourIndex::window(const Leaf &leaf, double centre,
                                                     double reach) const {
    const float *r = m_radius.data();
    const auto lo = static_cast<uint32_t>(
        std::lower_bound(r + leaf.begin, r + leaf.end, float(centre - reach)) - r);
    const auto hi =
        static_cast<uint32_t>(std::upper_bound(r + lo, r + leaf.end, float(centre + reach)) - r);
    return {lo, std::max(lo, hi)};
}

void NeighbourIndex::takeNear(const NeighbourQuery &query, uint32_t lo, const int32_t *dots,
                              size_t count, double reach,
                              const std::function<void(uint32_t, int32_t)> &take) const {
    // A cheap float bound first: only rows that may lie within reach go on to `take`.
    thread_local std::vector<uint32_t> selected;
    selected.resize(count);
    const size_t kept = selectNear(dots, m_vectors.norm2s() + lo, m_vectors.frameCounts() + lo,
                                   count, double(m_vectors.norm2(query.row)),
                                   m_vectors.row(query.row).frameCount, reach, selected.data());
    for (size_t s = 0; s < kept; ++s) {
        const uint32_t row = lo + selected[s];
        if (!(query.excludeSelf && row == query.row)) take(row, dots[selected[s]]);
    }
}

void NeighbourIndex::scanLeaf(const NeighbourQuery &query, const Leaf &leaf, double centre,
                              double reach, std::vector<int32_t> &dots,
                              const std::function<void(uint32_t, int32_t)> &take,
                              uint64_t &examined) const {
    const auto [lo, hi] = window(leaf, centre, reach);
    if (lo >= hi) return;
    dots.resize(hi - lo);
    dotRows(m_vectors.sums(query.row), m_vectors.sums(lo), hi - lo, dots.data());
    examined += hi - lo;
    takeNear(query, lo, dots.data(), hi - lo, reach, take);
}

void NeighbourIndex::leafSquaredDistances(size_t row, const Group &group, double *out) const {
    thread_local std::vector<int32_t> dots;
    dots.resize(group.leafCount);
    dotRows(m_vectors.sums(row), m_leafCentres.values(group.firstLeaf), group.leafCount,
            dots.data());
    m_leafCentres.squaredDistances(m_vectors.norm2(row), m_vectors.row(row).frameCount, dots.data(),
                                   group.firstLeaf, group.leafCount, out);
}

double NeighbourIndex::nearestLeaves(size_t row, SplitMask splits, size_t count,
                                     std::vector<std::pair<double, uint32_t>> &nearest) const {
    thread_local std::vector<double> squared;
    // The count + 1 least (squared distance, leaf) so far, ascending: one compare for most.
    std::vector<std::pair<double, uint32_t>> best;
    best.reserve(count + 2);
    for (const Group &group : m_groups) {
        if (!(splits & (1u << group.split))) continue;
        squared.resize(group.leafCount);
        leafSquaredDistances(row, group, squared.data());
        for (uint32_t i = 0; i < group.leafCount; ++i) {
            const std::pair<double, uint32_t> leaf{squared[i], group.firstLeaf + i};
            if (best.size() > count && !(leaf < best.back())) continue;
            best.insert(std::upper_bound(best.begin(), best.end(), leaf), leaf);
            if (best.size() > count + 1) best.pop_back();
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
    for (const Group &group : m_groups) {
        if (!(splits & (1u << group.split))) continue;
        squared.resize(group.leafCount);
        leafSquaredDistances(row, group, squared.data());
        for (uint32_t i = 0; i < group.leafCount; ++i) {
            const uint32_t leaf = group.firstLeaf + i;
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

size_t NeighbourIndex::leafOf(size_t row) const {
    const auto it = std::upper_bound(m_leaves.begin(), m_leaves.end(), row,
                                     [](size_t r, const Leaf &leaf) { return r < leaf.begin; });
    return size_t(it - m_leaves.begin()) - 1;
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
    uint64_t checked;
};

// The exact check of a pair the screen let through.
double NeighbourIndex::screenSink(void *opaque, size_t j, uint32_t row) {
    auto &context = *static_cast<ScreenContext *>(opaque);
    const uint32_t query = context.group[j];
    const uint32_t queryRow = context.rows[query];
    if (row != queryRow) {
        int32_t dot = 0;
        dotRows(context.vectors.sums(queryRow), context.vectors.sums(row), 1, &dot);
        context.collector.offer(query, {row, distanceTo(context.vectors, queryRow, row, dot)});
        ++context.checked;
    }
    return context.collector.reach(query) + kMargin;
}

std::vector<double> NeighbourIndex::probedBatch(const std::vector<uint32_t> &rows, SplitMask splits,
                                                size_t probe, ProbedCollector &collector) const {
    std::vector<Probe> probes;
    std::vector<double> next(rows.size()); // see nearestLeaves
    std::vector<std::pair<double, uint32_t>> leaves;
    std::vector<RoundedQuery> rounded;
    rounded.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        next[i] = nearestLeaves(rows[i], splits, probe, leaves);
        for (size_t j = 0; j < leaves.size(); ++j)
            probes.push_back({leaves[j].second, uint32_t(i), leaves[j].first, j == 0});
        rounded.push_back(roundQuery(m_vectors, rows[i]));
    }
    // Leaf by leaf, so that a probed leaf is rounded once and read from cache by all the
    // queries that probe it: first each query's nearest leaf, so that the reaches settle
    // early, then the rest.
    std::sort(probes.begin(), probes.end(), [](const Probe &a, const Probe &b) {
        return std::make_tuple(!a.nearest, a.leaf, a.query) <
               std::make_tuple(!b.nearest, b.leaf, b.query);
    });
    ScreenContext context{m_vectors, rows, collector, {}, 0};
    RoundedRows leafRows;
    uint64_t examined = 0;
    for (size_t from = 0; from < probes.size();) {
        size_t to = from + 1;
        while (to < probes.size() && probes[to].leaf == probes[from].leaf &&
               probes[to].nearest == probes[from].nearest)
            ++to;
        const Leaf &leaf = m_leaves[probes[from].leaf];
        leafRows.assign(m_vectors, leaf.begin, leaf.end);
        for (size_t g = from; g < to; g += 4)
            examined += screenGroup(leaf, leafRows, &probes[g], std::min<size_t>(4, to - g),
                                    rounded, context);
        from = to;
    }
    m_examined.fetch_add(examined, std::memory_order_relaxed);
    m_exactChecks.fetch_add(context.checked, std::memory_order_relaxed);
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

std::vector<Neighbour> NeighbourIndex::nearest(const NeighbourQuery &query, size_t k) const {
    TopK best(m_vectors, k);
    visitCandidates(
        query, [&best] { return best.bound(); },
        [&](uint32_t row, int32_t dot) {
            best.offer({row, distanceTo(m_vectors, query.row, row, dot)});
        });
    return best.sorted();
}

std::vector<Neighbour> NeighbourIndex::withinRadius(const NeighbourQuery &query,
                                                    double radius) const {
    std::vector<Neighbour> found;
    const double radius2 = radius * radius;
    visitCandidates(
        query, [radius] { return radius; },
        [&](uint32_t row, int32_t dot) {
            const ExactDistance d = distanceTo(m_vectors, query.row, row, dot);
            if (d.squared() <= radius2) found.push_back({row, d});
        });
    return found;
}

size_t NeighbourIndex::bytes() const {
    return m_vectors.bytes() + m_radius.capacity() * sizeof(float) +
           m_leaves.capacity() * sizeof(Leaf) + m_groups.capacity() * sizeof(Group) +
           (m_leafCentres.size() + m_groupCentres.size()) * (kVectorDims * 2 + 8);
}

std::vector<Neighbour> scanNearest(const VectorSet &vectors, const NeighbourQuery &query, size_t k,
                                   bool scalar) {
    TopK best(vectors, k);
    constexpr size_t kBlock = 4096;
    std::vector<int32_t> dots(kBlock);
    for (size_t begin = 0; begin < vectors.size(); begin += kBlock) {
        const size_t count = std::min(kBlock, vectors.size() - begin);
        (scalar ? dotRowsScalar : dotRows)(vectors.sums(query.row), vectors.sums(begin), count,
                                           dots.data());
        for (size_t i = 0; i < count; ++i) {
            const size_t row = begin + i;
            if (!(query.splits & splitBit(vectors.row(row).split()))) continue;
            if (query.excludeSelf && row == query.row) continue;
            best.offer({static_cast<uint32_t>(row), distanceTo(vectors, query.row, row, dots[i])});
        }
    }
    return best.sorted();
}

} // namespace audioset
