#pragma once

#include <cmath>
#include <cstdint>

namespace audioset {

/// A squared Euclidean distance between two segment vectors, held exactly as a fraction.
///
/// A vector is S / n: the frame sums S (integers) over the frame count n. Then
/// |Sa/na - Sb/nb|² = (nb²·|Sa|² + na²·|Sb|² - 2·na·nb·Sa·Sb) / (na²·nb²), all integers, so
/// neighbours are ranked without rounding and ties are real ties. The numerator is at most
/// 128·255²·12⁴ ≈ 1.7e11 and the denominator 12⁴, so the cross products below fit in int64.
struct ExactDistance {
    int64_t numerator = 0;
    int64_t denominator = 1;

    static ExactDistance between(int64_t queryNorm2, int queryFrames, int64_t rowNorm2,
                                 int rowFrames, int64_t dot) {
        const int64_t nq = queryFrames, nr = rowFrames;
        return {nr * nr * queryNorm2 + nq * nq * rowNorm2 - 2 * nq * nr * dot, nq * nq * nr * nr};
    }
    double squared() const {
        return static_cast<double>(numerator) / static_cast<double>(denominator);
    }
    double value() const { return std::sqrt(squared()); }
};

inline bool operator<(const ExactDistance &a, const ExactDistance &b) {
    return (a.numerator) * b.denominator < (b.numerator) * a.denominator;
}
inline bool operator==(const ExactDistance &a, const ExactDistance &b) {
    return (a.numerator) * b.denominator == (b.numerator) * a.denominator;
}

} // namespace audioset
