#pragma once

#include "alignedvector.h"
#include "vectorset.h"

#include <cstdint>
#include <vector>

namespace audioset {

/// Cluster centres for the neighbour index, each held as int16 values at 4× the vector scale
/// (centre = value / 4) so that row-to-centre products run through dotRows and the distances
/// computed from them are exact up to double rounding. Any assignment of rows to centres keeps
/// the index's answers exact; better centres only prune more.
class Centres {
public:
    static constexpr double kScale = 4.0;

    size_t size() const { return m_norm2.size(); }
    const int16_t *values(size_t c) const { return m_values.data() + c * kVectorDims; }
    /// Appends a centre at `mean` (0..255 per dimension, rounded to the held scale).
    void add(const double *mean);
    /// Appends centre c of another set.
    void add(const Centres &other, size_t c);
    void clear();
    /// Holds the centres interleaved too (see interleaveRows), for dots; call once all are added.
    void interleave();
    /// Bytes held, both copies.
    size_t bytes() const {
        return m_values.capacity() * sizeof(int16_t) + m_norm2.capacity() * sizeof(int64_t) +
               m_interleaved.capacity() * sizeof(int16_t);
    }
    /// out[i] = query · centre first + i, from the interleaved copy where there is one.
    void dots(const int16_t *query, size_t first, size_t count, int32_t *out) const;
    /// Squared distance from a row (or any sums / frameCount) to centre c, given their dot.
    double squaredDistance(int64_t rowNorm2, int frameCount, int32_t dot, size_t c) const;
    /// squaredDistance for centres [first, first + count), their dots with the row given.
    void squaredDistances(int64_t rowNorm2, int frameCount, const int32_t *dots, size_t first,
                          size_t count, double *out) const;

private:
    std::vector<int16_t> m_values;
    std::vector<int64_t> m_norm2; // of the stored values
    AlignedVector<int16_t> m_interleaved;
};

/// k-means (Lloyd, a few rounds) over the rows `members` of `vectors`, trained on at most
/// `sampleLimit` of them picked evenly; returns min(k, members) centres.
Centres clusterRows(const VectorSet &vectors, const std::vector<uint32_t> &members, size_t k,
                    size_t sampleLimit);

/// The centre nearest to a row, and the squared distance to it.
struct Assignment {
    uint32_t centre = 0;
    double squaredDistance = 0;
};
Assignment nearestCentre(const VectorSet &vectors, size_t row, const Centres &centres,
                         std::vector<int32_t> &scratch);

} // namespace audioset
