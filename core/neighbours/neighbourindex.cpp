#include "neighbourindex.h"

#include "topk.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

namespace audioset {

using detail::distanceTo;
using detail::kMargin;
using detail::TopK;

namespace {

// Rows per leaf: small leaves prune finely, more of them cost centre distances per search.
constexpr size_t kLeafRows = 1000;

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
    m_leafCentres.interleave();
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
           m_leafCentres.bytes() + m_groupCentres.bytes();
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
