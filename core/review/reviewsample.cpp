#include "reviewsample.h"

#include "postinglist.h"

#include <algorithm>
#include <unordered_map>

namespace audioset {

namespace {

uint64_t splitmix(uint64_t &state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

} // namespace

Outcome sampleForReview(Catalog &catalog, const ReviewSampleSpec &spec,
                        std::vector<SegmentRow> &sample) {
    sample.clear();
    const auto classId = catalog.classIdOf(spec.classMid);
    if (!classId) return Outcome::failed("unknown class id: " + spec.classMid);
    if (spec.size < 1) return Outcome::failed("a review needs a sample of at least 1 segment");
    std::vector<uint32_t> ids = catalog.classPostings(*classId, spec.split, spec.rollup);
    posting::stripFlags(ids);
    // The first `size` steps of a Fisher-Yates shuffle: a uniform sample, in a random order.
    const size_t take = std::min(ids.size(), static_cast<size_t>(spec.size));
    uint64_t state = spec.seed ^ 0x5eedull;
    for (size_t i = 0; i < take; ++i) {
        const size_t j = i + static_cast<size_t>(splitmix(state) % (ids.size() - i));
        std::swap(ids[i], ids[j]);
    }
    ids.resize(take);
    std::vector<uint32_t> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    std::unordered_map<uint32_t, SegmentRow> rows;
    catalog.forEachSegment(sorted, [&](const SegmentRow &row) {
        rows.emplace(static_cast<uint32_t>(row.id), row);
        return true;
    });
    for (uint32_t id : ids)
        if (auto it = rows.find(id); it != rows.end()) sample.push_back(std::move(it->second));
    return Outcome::ok();
}

} // namespace audioset
