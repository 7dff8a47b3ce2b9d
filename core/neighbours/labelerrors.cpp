#include "labelerrors.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <thread>

namespace audioset {

bool runParallel(size_t count, unsigned threads, const std::function<void(size_t)> &work,
                 const std::function<bool(double)> &progress) {
    constexpr size_t kChunk = 64;
    std::atomic<size_t> next{0};
    std::atomic<size_t> done{0};
    std::atomic<bool> stop{false};
    auto worker = [&] {
        for (;;) {
            if (stop.load(std::memory_order_relaxed)) return;
            const size_t begin = next.fetch_add(kChunk);
            if (begin >= count) return;
            const size_t end = std::min(count, begin + kChunk);
            for (size_t i = begin; i < end; ++i)
                work(i);
            done.fetch_add(end - begin);
        }
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < std::max(threads, 1u); ++t)
        helpers.emplace_back(worker);
    // The calling thread works too, reporting between chunks.
    for (;;) {
        if (stop.load()) break;
        const size_t begin = next.fetch_add(kChunk);
        if (begin >= count) break;
        const size_t end = std::min(count, begin + kChunk);
        for (size_t i = begin; i < end; ++i)
            work(i);
        done.fetch_add(end - begin);
        if (progress && !progress(double(done.load()) / double(count))) stop = true;
    }
    for (std::thread &helper : helpers)
        helper.join();
    return !stop.load();
}

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
        // Batches of members sharing a leaf (members are in row order, which is leaf order):
        // their probes overlap, and each probed leaf is read once per batch.
        constexpr size_t kBatch = 128;
        std::vector<std::pair<size_t, size_t>> batches; // [begin, end) into members
        for (size_t begin = 0; begin < members.size();) {
            size_t end = begin + 1;
            const size_t leaf = index.leafOf(members[begin]);
            while (end < members.size() && end - begin < kBatch &&
                   index.leafOf(members[end]) == leaf)
                ++end;
            batches.push_back({begin, end});
            begin = end;
        }
        complete = runParallel(
            batches.size(), search.threads,
            [&](size_t b) {
                // Named copies, not structured bindings: a lambda may not capture those in C++17.
                const size_t begin = batches[b].first, end = batches[b].second;
                const std::vector<uint32_t> rows(members.begin() + std::ptrdiff_t(begin),
                                                 members.begin() + std::ptrdiff_t(end));
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
