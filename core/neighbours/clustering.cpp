#include "clustering.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace audioset {

void Centres::add(const double *mean) {
    int64_t norm2 = 0;
    for (size_t d = 0; d < kVectorDims; ++d) {
        const auto value =
            static_cast<int16_t>(std::lround(std::clamp(mean[d], 0.0, 255.0) * kScale));
        m_values.push_back(value);
        norm2 += int64_t(value) * value;
    }
    m_norm2.push_back(norm2);
}

void Centres::add(const Centres &other, size_t c) {
    m_values.insert(m_values.end(), other.values(c), other.values(c) + kVectorDims);
    m_norm2.push_back(other.m_norm2[c]);
}

void Centres::clear() {
    m_values.clear();
    m_norm2.clear();
    m_interleaved.clear();
}

void Centres::interleave() {
    m_interleaved.resize(interleavedBlocks(size()) * 16 * kVectorDims);
    interleaveRows(m_values.data(), size(), m_interleaved.data());
}

void Centres::dots(const int16_t *query, size_t first, size_t count, int32_t *out) const {
    if (m_interleaved.empty() || count == 0) return dotRows(query, values(first), count, out);
    const size_t firstBlock = first / 16, lastBlock = (first + count - 1) / 16;
    thread_local std::vector<int32_t> all;
    all.resize((lastBlock - firstBlock + 1) * 16);
    dotInterleaved(query, m_interleaved.data() + firstBlock * 16 * kVectorDims,
                   lastBlock - firstBlock + 1, all.data());
    std::copy_n(all.data() + (first - firstBlock * 16), count, out);
}

double Centres::squaredDistance(int64_t rowNorm2, int frameCount, int32_t dot, size_t c) const {
    const double n = frameCount;
    const double value = static_cast<double>(rowNorm2) / (n * n) - 2.0 * dot / (n * kScale) +
                         static_cast<double>(m_norm2[c]) / (kScale * kScale);
    return std::max(0.0, value);
}

void Centres::squaredDistances(int64_t rowNorm2, int frameCount, const int32_t *dots, size_t first,
                               size_t count, double *out) const {
    // squaredDistance's terms, the row's hoisted out of the loop.
    const double n = frameCount;
    const double rowTerm = static_cast<double>(rowNorm2) / (n * n);
    const double dotScale = 2.0 / (n * kScale);
    const int64_t *norm2 = m_norm2.data() + first;
    for (size_t c = 0; c < count; ++c)
        out[c] = std::max(0.0, rowTerm - dotScale * dots[c] +
                                   static_cast<double>(norm2[c]) / (kScale * kScale));
}

Assignment nearestCentre(const VectorSet &vectors, size_t row, const Centres &centres,
                         std::vector<int32_t> &scratch) {
    scratch.resize(centres.size());
    dotRows(vectors.sums(row), centres.values(0), centres.size(), scratch.data());
    Assignment best{0, std::numeric_limits<double>::infinity()};
    for (size_t c = 0; c < centres.size(); ++c) {
        const double d2 =
            centres.squaredDistance(vectors.norm2(row), vectors.row(row).frameCount, scratch[c], c);
        if (d2 < best.squaredDistance) best = {static_cast<uint32_t>(c), d2};
    }
    return best;
}

Centres clusterRows(const VectorSet &vectors, const std::vector<uint32_t> &members, size_t k,
                    size_t sampleLimit) {
    Centres centres;
    if (members.empty()) return centres;
    std::vector<uint32_t> sample;
    const size_t sampleSize = std::min(members.size(), std::max(sampleLimit, k));
    for (size_t i = 0; i < sampleSize; ++i)
        sample.push_back(members[i * members.size() / sampleSize]);
    k = std::min(k, sample.size());
    std::vector<double> vector(kVectorDims);
    for (size_t c = 0; c < k; ++c) {
        vectors.vector(sample[c * sample.size() / k], vector.data());
        centres.add(vector.data());
    }
    std::vector<int32_t> scratch;
    std::vector<double> sums(k * kVectorDims);
    std::vector<size_t> counts(k);
    for (int round = 0; round < 6 && k > 1; ++round) {
        std::fill(sums.begin(), sums.end(), 0.0);
        std::fill(counts.begin(), counts.end(), 0);
        for (uint32_t row : sample) {
            const Assignment nearest = nearestCentre(vectors, row, centres, scratch);
            vectors.vector(row, vector.data());
            for (size_t d = 0; d < kVectorDims; ++d)
                sums[nearest.centre * kVectorDims + d] += vector[d];
            ++counts[nearest.centre];
        }
        Centres next;
        for (size_t c = 0; c < k; ++c) {
            if (counts[c] == 0) {
                for (size_t d = 0; d < kVectorDims; ++d)
                    vector[d] = centres.values(c)[d] / Centres::kScale;
            } else {
                for (size_t d = 0; d < kVectorDims; ++d)
                    vector[d] = sums[c * kVectorDims + d] / static_cast<double>(counts[c]);
            }
            next.add(vector.data());
        }
        centres = std::move(next);
    }
    return centres;
}

} // namespace audioset
