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
                                          double maxDistance, unsigned threads,
                                          const std::function<bool(double)> &progress,
                                          bool &stopped) {
    const VectorSet &vectors = index.vectors();
    std::vector<uint32_t> rows = rowsIn(vectors, splits);
    std::mutex guard;
    std::vector<DuplicatePair> pairs;
    stopped = !runParallel(
        rows.size(), threads,
        [&](size_t i) {
            const uint32_t row = rows[i];
            std::vector<DuplicatePair> found;
            for (const Neighbour &n : index.withinRadius({row, splits, true}, maxDistance))
                if (vectors.order(row) < vectors.order(n.row))
                    found.push_back({row, n.row, n.distance, false});
            if (found.empty()) return;
            std::lock_guard<std::mutex> lock(guard);
            pairs.insert(pairs.end(), found.begin(), found.end());
        },
        progress);
    if (stopped) return {};
    sortPairs(vectors, pairs);
    return pairs;
}

} // namespace audioset
