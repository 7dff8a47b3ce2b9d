#include "subsetplanner.h"

#include "catalog.h"
#include "postinglist.h"

#include <algorithm>
#include <map>
#include <set>

namespace audioset {

namespace {

uint64_t mix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// Fisher-Yates with splitmix64: the same order on every platform for a seed.
void seededShuffle(std::vector<uint32_t> &items, uint64_t seed) {
    uint64_t state = mix(seed);
    for (size_t i = items.size(); i > 1; --i) {
        state = mix(state);
        std::swap(items[i - 1], items[state % i]);
    }
}

std::vector<uint32_t> setUnion(const std::vector<std::vector<uint32_t>> &lists) {
    std::vector<uint32_t> all;
    for (const auto &list : lists)
        all.insert(all.end(), list.begin(), list.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

bool contains(const std::vector<uint32_t> &sorted, uint32_t id) {
    return std::binary_search(sorted.begin(), sorted.end(), id);
}

// The chosen segments of a split as a bitmap, so that counting a posting list against them costs
// the list's length, not the selection's.
class ChosenSet {
public:
    explicit ChosenSet(const std::vector<uint32_t> &chosen) {
        if (!chosen.empty()) m_bits.assign(chosen.back() + 1, false);
        for (uint32_t id : chosen)
            m_bits[id] = true;
    }
    size_t countIn(const std::vector<uint32_t> &ids) const {
        size_t count = 0;
        for (uint32_t id : ids)
            count += id < m_bits.size() && m_bits[id];
        return count;
    }

private:
    std::vector<bool> m_bits;
};

std::optional<double> qualityOf(const ClassSummary &summary, bool wilsonLower) {
    if (!summary.quality) return std::nullopt;
    if (wilsonLower) {
        const auto interval = summary.quality->wilson95();
        return interval ? std::optional<double>(interval->first) : std::nullopt;
    }
    return summary.quality->estimate();
}

// At least `minimum` segments per class with as few segments as possible: rarest classes first,
// each taking (in a seeded order) the segments that also help the most classes still short.
std::vector<uint32_t> balancedSample(const std::map<int, std::vector<uint32_t>> &classSegments,
                                     int64_t minimum, uint64_t seed) {
    std::map<uint32_t, std::vector<int>> labelsOf;
    for (const auto &[classId, segments] : classSegments)
        for (uint32_t segment : segments)
            labelsOf[segment].push_back(classId);
    std::map<int, int64_t> have;
    std::vector<std::pair<size_t, int>> order;
    for (const auto &[classId, segments] : classSegments)
        order.emplace_back(segments.size(), classId);
    std::sort(order.begin(), order.end());
    std::set<uint32_t> chosen;
    for (const auto &[size, classId] : order) {
        if (have[classId] >= minimum) continue;
        std::vector<uint32_t> candidates = classSegments.at(classId);
        seededShuffle(candidates, seed ^ mix(static_cast<uint64_t>(classId)));
        auto helps = [&](uint32_t segment) {
            int count = 0;
            for (int label : labelsOf[segment])
                count += have[label] < minimum;
            return count;
        };
        std::stable_sort(candidates.begin(), candidates.end(),
                         [&](uint32_t a, uint32_t b) { return helps(a) > helps(b); });
        for (uint32_t segment : candidates) {
            if (have[classId] >= minimum) break;
            if (!chosen.insert(segment).second) continue;
            for (int label : labelsOf[segment])
                ++have[label];
        }
    }
    return {chosen.begin(), chosen.end()};
}

} // namespace

std::optional<std::string> planSubset(Catalog &catalog, const SubsetSelection &selection,
                                      SubsetPlan &plan) {
    plan = SubsetPlan();
    std::map<int, ClassSummary> summaries;
    for (ClassSummary &summary : catalog.classes())
        summaries.emplace(summary.id, std::move(summary));

    auto resolve = [&](const std::vector<ClassRule> &rules,
                       std::set<int> &ids) -> std::optional<std::string> {
        for (const ClassRule &rule : rules) {
            const auto id = catalog.classIdOf(rule.mid);
            if (!id) return "unknown class id: " + rule.mid;
            if (rule.withDescendants)
                for (int descendant : catalog.descendantsOrSelf(*id))
                    ids.insert(descendant);
            else
                ids.insert(*id);
        }
        return std::nullopt;
    };
    std::set<int> included, excluded;
    if (auto error = resolve(selection.include, included)) return error;
    if (auto error = resolve(selection.exclude, excluded)) return error;
    if (selection.include.empty())
        for (const auto &[id, summary] : summaries)
            if (summary.labelIndex) included.insert(id);
    if (selection.minQuality)
        for (auto it = included.begin(); it != included.end();) {
            const auto quality = qualityOf(summaries[*it], selection.qualityOnWilsonLowerBound);
            it = quality && *quality >= *selection.minQuality ? std::next(it) : included.erase(it);
        }

    const std::vector<uint32_t> withEmbeddings =
        selection.requireEmbeddings ? catalog.segmentsWithEmbeddings() : std::vector<uint32_t>();
    std::vector<Split> splits = selection.splits;
    if (splits.empty()) splits.assign(kAllSplits.begin(), kAllSplits.end());
    std::map<int, std::array<int64_t, kSplitCount>> perClass;
    std::vector<std::vector<uint32_t>> chosenPerSplit;

    for (Split split : splits) {
        std::vector<std::vector<uint32_t>> excludedLists;
        for (int id : excluded) {
            auto list = catalog.directPostings(id, split);
            posting::stripFlags(list);
            excludedLists.push_back(std::move(list));
        }
        const std::vector<uint32_t> excludedIds = setUnion(excludedLists);
        std::map<int, std::vector<uint32_t>> classSegments;
        for (int id : included) {
            std::vector<uint32_t> kept;
            for (uint32_t entry : catalog.directPostings(id, split)) {
                const bool rerated = posting::isRerated(entry);
                const uint32_t segment = posting::segmentOf(entry);
                if ((selection.rerated && *selection.rerated != rerated) ||
                    contains(excludedIds, segment) ||
                    (selection.requireEmbeddings && !contains(withEmbeddings, segment)))
                    continue;
                kept.push_back(segment);
            }
            if (!kept.empty()) classSegments.emplace(id, std::move(kept));
        }
        std::vector<uint32_t> chosen;
        const uint64_t splitSeed =
            selection.seed * 1000003 + static_cast<uint64_t>(splitIndex(split));
        if (selection.balancedMin) {
            chosen = balancedSample(classSegments, *selection.balancedMin, splitSeed);
        } else {
            std::vector<std::vector<uint32_t>> lists;
            for (auto &[id, segments] : classSegments) {
                std::vector<uint32_t> list = segments;
                if (selection.perClassMax &&
                    static_cast<int64_t>(list.size()) > *selection.perClassMax) {
                    seededShuffle(list, splitSeed ^ mix(static_cast<uint64_t>(id)));
                    list.resize(static_cast<size_t>(*selection.perClassMax));
                    std::sort(list.begin(), list.end());
                }
                lists.push_back(std::move(list));
            }
            chosen = setUnion(lists);
        }
        const size_t s = static_cast<size_t>(splitIndex(split));
        plan.segmentsPerSplit[s] = static_cast<int64_t>(chosen.size());
        const ChosenSet chosenSet(chosen);
        for (const auto &[id, segments] : classSegments)
            perClass[id][s] = static_cast<int64_t>(chosenSet.countIn(segments));
        // Every label of the chosen segments, included or not, is written.
        for (const auto &[id, summary] : summaries) {
            std::vector<uint32_t> list = catalog.directPostings(id, split);
            if (list.empty()) continue;
            posting::stripFlags(list);
            const auto count = static_cast<int64_t>(chosenSet.countIn(list));
            plan.positiveLabelsPerSplit[s] += count;
            if (const auto estimate = summary.quality ? summary.quality->estimate() : std::nullopt)
                plan.expectedCorrectLabels += *estimate * static_cast<double>(count);
            else
                plan.labelsWithoutEstimate += count;
        }
        chosenPerSplit.push_back(std::move(chosen));
    }
    plan.segmentIds = setUnion(chosenPerSplit);
    for (int id : included) {
        PlannedClass planned;
        planned.classId = id;
        planned.mid = summaries[id].mid;
        planned.name = summaries[id].name;
        planned.segments = perClass[id];
        planned.quality = summaries[id].quality ? summaries[id].quality->estimate() : std::nullopt;
        plan.classes.push_back(std::move(planned));
    }
    return std::nullopt;
}

} // namespace audioset
