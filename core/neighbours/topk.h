#pragma once

// The k-best list and the exact distance the neighbour searches share (neighbourindex.cpp
// and neighbourprobes.cpp); not part of the layer's interface.

#include "neighbourindex.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace audioset::detail {

// Covers the rounding of distances held as float and computed in double.
inline constexpr double kMargin = 0.01;

inline ExactDistance distanceTo(const VectorSet &vectors, size_t queryRow, size_t row,
                                int32_t dot) {
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

} // namespace audioset::detail
