#include "labelerrors.h"

#include "parallelfor.h"

#include <algorithm>
#include <atomic>
#include <cmath>

namespace audioset {

std::vector<LabelErrorScore> scoreLabelErrors(const NeighbourIndex &index, Split split,
                                              const std::vector<bool> &carries,
                                              const LabelErrorSearch &search,
                                              const std::function<bool(double)> &progress,
                                              size_t &proved) {
    proved = 0;
    const VectorSet &vectors = index.vectors();
    std::vector<uint32_t> members;
    for (size_t row = 0; row < vectors.size(); ++row)
        if (carries[row] && vectors.row(row).split() == split)
            members.push_back(static_cast<uint32_t>(row));
    if (members.empty()) return {};
    std::vector<double> mean(kVectorDims, 0.0), vector(kVectorDims);
    for (uint32_t row : members) {
        vectors.vector(row, vector.data());
        for (size_t d = 0; d < kVectorDims; ++d)
            mean[d] += vector[d];
    }
    for (double &value : mean)
        value /= double(members.size());

    std::vector<LabelErrorScore> scores(members.size());
    std::atomic<size_t> exact{0};
    auto score = [&](size_t i, const std::vector<Neighbour> &neighbours, bool certain) {
        const uint32_t row = members[i];
        if (certain) exact.fetch_add(1, std::memory_order_relaxed);
        size_t outside = 0;
        for (const Neighbour &n : neighbours)
            outside += carries[n.row] ? 0 : 1;
        double v[kVectorDims], d2 = 0;
        vectors.vector(row, v);
        for (size_t d = 0; d < kVectorDims; ++d)
            d2 += (v[d] - mean[d]) * (v[d] - mean[d]);
        scores[i] = {row, neighbours.empty() ? 0.0 : double(outside) / double(neighbours.size()),
                     std::sqrt(d2)};
    };
    bool complete = false;
    if (search.probe == 0) {
        complete = runParallel(
            members.size(), search.threads,
            [&](size_t i) {
                score(i, index.nearest({members[i], splitBit(split), true}, search.k), true);
            },
            progress);
    } else {
        // Consecutive members (row order is leaf order) share most of their probes.
        complete = runParallelSlices(
            members, kProbedBatchRows, search.threads,
            [&](size_t begin, std::vector<uint32_t> &&rows) {
                index.nearestProbedBatch(
                    rows, splitBit(split), search.k, search.probe,
                    [&](size_t i, std::vector<Neighbour> &&neighbours, bool certain) {
                        score(begin + i, neighbours, certain);
                    });
            },
            progress);
    }
    if (!complete) return {};
    proved = exact.load();
    std::sort(scores.begin(), scores.end(),
              [&vectors](const LabelErrorScore &a, const LabelErrorScore &b) {
                  if (a.score != b.score) return a.score > b.score;
                  if (a.distanceFromMean != b.distanceFromMean)
                      return a.distanceFromMean > b.distanceFromMean;
                  return vectors.order(a.row) < vectors.order(b.row);
              });
    return scores;
}

} // namespace audioset
