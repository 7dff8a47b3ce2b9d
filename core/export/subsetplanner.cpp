#include "subsetplanner.h"

#include "catalog.h"
#include "postinglist.h"
#include "progresstracker.h"

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

// The named steps of planning, over one catalog and one selection.
class SubsetPlanner {
public:
    SubsetPlanner(Catalog &catalog, const SubsetSelection &selection,
                  const ProgressCallback &progress)
        : m_catalog(catalog)
        , m_selection(selection)
        , m_progress(progress) {}

    Outcome run(SubsetPlan &plan) {
        plan = SubsetPlan();
        for (ClassSummary &summary : m_catalog.classes())
            m_summaries.emplace(summary.id, std::move(summary));
        if (Outcome resolved = resolveClasses(); !resolved.isOk()) return resolved;
        if (m_selection.requireEmbeddings) m_withEmbeddings = m_catalog.segmentsWithEmbeddings();
        if (m_selection.requireAudio) m_withAudio = m_catalog.segmentsWithAudio();
        std::vector<Split> splits = m_selection.splits;
        if (splits.empty()) splits.assign(kAllSplits.begin(), kAllSplits.end());
        std::vector<std::vector<uint32_t>> chosenPerSplit;
        m_total = splits.size() * (m_included.size() + m_summaries.size());
        try {
            for (Split split : splits) {
                const auto classSegments = candidatesOf(split);
                std::vector<uint32_t> chosen = sample(split, classSegments);
                count(split, classSegments, chosen, plan);
                chosenPerSplit.push_back(std::move(chosen));
            }
        } catch (const Cancelled &) {
            return Outcome::cancelled("planning was cancelled");
        }
        plan.segmentIds = setUnion(chosenPerSplit);
        plan.perClassMax = m_selection.perClassMax;
        describeClasses(plan);
        return Outcome::ok();
    }

private:
    using ClassSegments = std::map<int, std::vector<uint32_t>>;

    // One step per class read; throws Cancelled when the callback asks to stop.
    void tick() {
        ++m_done;
        if (m_progress && m_done % 16 == 0 &&
            !m_progress(Progress{"planning the subset", m_done, m_total}))
            throw Cancelled();
    }

    // Included classes (with descendants where asked, or every label class, then the quality
    // threshold) and excluded ones.
    Outcome resolveClasses() {
        if (Outcome outcome = resolve(m_selection.include, m_included); !outcome.isOk())
            return outcome;
        if (Outcome outcome = resolve(m_selection.exclude, m_excluded); !outcome.isOk())
            return outcome;
        if (m_selection.include.empty())
            for (const auto &[id, summary] : m_summaries)
                if (summary.labelIndex) m_included.insert(id);
        if (m_selection.minQuality)
            for (auto it = m_included.begin(); it != m_included.end();) {
                const auto quality =
                    qualityOf(m_summaries[*it], m_selection.qualityOnWilsonLowerBound);
                it = quality && *quality >= *m_selection.minQuality ? std::next(it)
                                                                    : m_included.erase(it);
            }
        return Outcome::ok();
    }

    Outcome resolve(const std::vector<ClassRule> &rules, std::set<int> &ids) {
        for (const ClassRule &rule : rules) {
            const auto id = m_catalog.classIdOf(rule.mid);
            if (!id) return Outcome::failed("unknown class id: " + rule.mid);
            if (rule.withDescendants)
                for (int descendant : m_catalog.descendantsOrSelf(*id))
                    ids.insert(descendant);
            else
                ids.insert(*id);
        }
        return Outcome::ok();
    }

    // Each included class's segments in the split that pass the filters: no excluded label,
    // the rerated choice, an embedding where one is required.
    ClassSegments candidatesOf(Split split) {
        std::vector<std::vector<uint32_t>> excludedLists;
        for (int id : m_excluded) {
            auto list = m_catalog.directPostings(id, split);
            posting::stripFlags(list);
            excludedLists.push_back(std::move(list));
        }
        const std::vector<uint32_t> excludedIds = setUnion(excludedLists);
        ClassSegments classSegments;
        for (int id : m_included) {
            tick();
            std::vector<uint32_t> kept;
            for (uint32_t entry : m_catalog.directPostings(id, split)) {
                const uint32_t segment = posting::segmentOf(entry);
                if ((m_selection.rerated && *m_selection.rerated != posting::isRerated(entry)) ||
                    contains(excludedIds, segment) ||
                    (m_selection.requireEmbeddings && !contains(m_withEmbeddings, segment)) ||
                    (m_selection.requireAudio && !contains(m_withAudio, segment)))
                    continue;
                kept.push_back(segment);
            }
            if (!kept.empty()) classSegments.emplace(id, std::move(kept));
        }
        return classSegments;
    }

    // All candidates, a seeded sample of at most N per class, or the balanced rule.
    std::vector<uint32_t> sample(Split split, const ClassSegments &classSegments) {
        const uint64_t splitSeed =
            m_selection.seed * 1000003 + static_cast<uint64_t>(splitIndex(split));
        if (m_selection.balancedMin)
            return balancedSample(classSegments, *m_selection.balancedMin, splitSeed);
        std::vector<std::vector<uint32_t>> lists;
        for (const auto &[id, segments] : classSegments) {
            std::vector<uint32_t> list = segments;
            if (m_selection.perClassMax &&
                static_cast<int64_t>(list.size()) > *m_selection.perClassMax) {
                seededShuffle(list, splitSeed ^ mix(static_cast<uint64_t>(id)));
                list.resize(static_cast<size_t>(*m_selection.perClassMax));
                std::sort(list.begin(), list.end());
            }
            m_drawnFor[id][static_cast<size_t>(splitIndex(split))] =
                static_cast<int64_t>(list.size());
            lists.push_back(std::move(list));
        }
        return setUnion(lists);
    }

    // Segments per class and split, and every label of the chosen segments (included or not,
    // all are written) with the correct labels the quality estimates expect.
    void count(Split split, const ClassSegments &classSegments, const std::vector<uint32_t> &chosen,
               SubsetPlan &plan) {
        const size_t s = static_cast<size_t>(splitIndex(split));
        plan.segmentsPerSplit[s] = static_cast<int64_t>(chosen.size());
        const ChosenSet chosenSet(chosen);
        for (const auto &[id, segments] : classSegments)
            m_perClass[id][s] = static_cast<int64_t>(chosenSet.countIn(segments));
        for (const auto &[id, summary] : m_summaries) {
            tick();
            std::vector<uint32_t> list = m_catalog.directPostings(id, split);
            if (list.empty()) continue;
            posting::stripFlags(list);
            const auto labels = static_cast<int64_t>(chosenSet.countIn(list));
            plan.positiveLabelsPerSplit[s] += labels;
            if (const auto estimate = summary.quality ? summary.quality->estimate() : std::nullopt)
                plan.expectedCorrectLabels += *estimate * static_cast<double>(labels);
            else
                plan.labelsWithoutEstimate += labels;
        }
    }

    void describeClasses(SubsetPlan &plan) {
        for (int id : m_included) {
            const ClassSummary &summary = m_summaries[id];
            PlannedClass planned;
            planned.classId = id;
            planned.mid = summary.mid;
            planned.name = summary.name;
            planned.segments = m_perClass[id];
            planned.drawnForIt = m_selection.perClassMax ? m_drawnFor[id] : planned.segments;
            planned.quality = summary.quality ? summary.quality->estimate() : std::nullopt;
            plan.classes.push_back(std::move(planned));
        }
    }

    Catalog &m_catalog;
    const SubsetSelection &m_selection;
    const ProgressCallback &m_progress;
    std::map<int, ClassSummary> m_summaries;
    std::set<int> m_included;
    std::set<int> m_excluded;
    std::vector<uint32_t> m_withEmbeddings;
    std::vector<uint32_t> m_withAudio;
    std::map<int, std::array<int64_t, kSplitCount>> m_perClass;
    std::map<int, std::array<int64_t, kSplitCount>> m_drawnFor;
    uint64_t m_done = 0;
    uint64_t m_total = 0;
};

} // namespace

Outcome planSubset(Catalog &catalog, const SubsetSelection &selection, SubsetPlan &plan,
                   const ProgressCallback &progress) {
    return SubsetPlanner(catalog, selection, progress).run(plan);
}

} // namespace audioset
