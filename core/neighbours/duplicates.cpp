#include "duplicates.h"

#include "parallelfor.h"

#include <algorithm>
#include <mutex>

namespace audioset {

namespace {

bool samePair(const VectorSet &vectors, uint32_t a, uint32_t b) {
    return vectors.framesHash(a) == vectors.framesHash(b) &&
           vectors.row(a).frameCount == vectors.row(b).frameCount &&
           std::equal(vectors.sums(a), vectors.sums(a) + kVectorDims, vectors.sums(b));
}

DuplicatePair ordered(const VectorSet &vectors, uint32_t x, uint32_t y, ExactDistance distance) {
    if (vectors.order(y) < vectors.order(x)) std::swap(x, y);
    return {x, y, distance, false};
}

void sortPairs(const VectorSet &vectors, std::vector<DuplicatePair> &pairs) {
    std::sort(pairs.begin(), pairs.end(),
              [&vectors](const DuplicatePair &p, const DuplicatePair &q) {
                  if (p.distance < q.distance) return true;
                  if (q.distance < p.distance) return false;
                  if (vectors.order(p.a) != vectors.order(q.a))
                      return vectors.order(p.a) < vectors.order(q.a);
                  return vectors.order(p.b) < vectors.order(q.b);
              });
}

} // namespace

bool isLeak(Split a, Split b) {
    return (a == Split::Eval) != (b == Split::Eval);
}

std::vector<DuplicatePair> identicalFrameCandidates(const VectorSet &vectors, SplitMask splits) {
    std::vector<uint32_t> rows = rowsIn(vectors, splits);
    std::sort(rows.begin(), rows.end(), [&vectors](uint32_t a, uint32_t b) {
        return vectors.framesHash(a) < vectors.framesHash(b);
    });
    std::vector<DuplicatePair> pairs;
    for (size_t begin = 0; begin < rows.size();) {
        size_t end = begin + 1;
        while (end < rows.size() &&
               vectors.framesHash(rows[end]) == vectors.framesHash(rows[begin]))
            ++end;
        for (size_t i = begin; i < end; ++i)
            for (size_t j = i + 1; j < end; ++j)
                if (samePair(vectors, rows[i], rows[j]))
                    pairs.push_back(ordered(vectors, rows[i], rows[j], ExactDistance{}));
        begin = end;
    }
    sortPairs(vectors, pairs);
    return pairs;
}

std::vector<DuplicatePair> nearDuplicates(const NeighbourIndex &index, SplitMask splits,
                                          double maxDistance, const NearSearch &search,
                                          const std::function<bool(double)> &progress,
                                          bool &stopped) {
    const VectorSet &vectors = index.vectors();
    const std::vector<uint32_t> rows = rowsIn(vectors, splits);
    std::mutex guard;
    std::vector<DuplicatePair> pairs;
    const auto keep = [&](std::vector<DuplicatePair> &found) {
        if (found.empty()) return;
        std::lock_guard<std::mutex> lock(guard);
        pairs.insert(pairs.end(), found.begin(), found.end());
    };
    if (search.probe == 0) {
        stopped = !runParallel(
            rows.size(), search.threads,
            [&](size_t i) {
                const uint32_t row = rows[i];
                std::vector<DuplicatePair> found;
                for (const Neighbour &n : index.withinRadius({row, splits, true}, maxDistance))
                    if (vectors.order(row) < vectors.order(n.row))
                        found.push_back({row, n.row, n.distance, false});
                keep(found);
            },
            progress);
    } else {
        // Consecutive rows (leaf order) share most of their probes. A pair may be found from
        // one side only (each side probes its own leaves): both are kept, then merged.
        stopped = !runParallelSlices(
            rows, kProbedBatchRows, search.threads,
            [&](size_t, std::vector<uint32_t> &&batch) {
                std::vector<DuplicatePair> found;
                index.withinRadiusProbedBatch(
                    batch, splits, maxDistance, search.probe,
                    [&](size_t i, std::vector<Neighbour> &&near) {
                        for (const Neighbour &n : near)
                            found.push_back(ordered(vectors, batch[i], n.row, n.distance));
                    });
                keep(found);
            },
            progress);
        const auto byRows = [&vectors](const DuplicatePair &p, const DuplicatePair &q) {
            return std::make_pair(vectors.order(p.a), vectors.order(p.b)) <
                   std::make_pair(vectors.order(q.a), vectors.order(q.b));
        };
        std::sort(pairs.begin(), pairs.end(), byRows);
        pairs.erase(std::unique(pairs.begin(), pairs.end(),
                                [](const DuplicatePair &p, const DuplicatePair &q) {
                                    return p.a == q.a && p.b == q.b;
                                }),
                    pairs.end());
    }
    if (stopped) return {};
    sortPairs(vectors, pairs);
    return pairs;
}

} // namespace audioset
