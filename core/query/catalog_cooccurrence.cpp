#include "catalog.h"

#include "pairlist.h"
#include "sqlitedb.h"

#include <algorithm>
#include <unordered_set>

namespace audioset {

namespace {

// The class's own ancestors are left out of its co-occurring classes: the release labels a
// segment with them too, so they would top the list (Animal beside Dog) and say nothing.
constexpr const char *kAncestorsCte =
    "WITH RECURSIVE up(id) AS (SELECT parent_id FROM class_edges WHERE child_id = ?1 "
    "UNION SELECT e.parent_id FROM class_edges e JOIN up ON e.child_id = up.id) ";

double liftOf(int64_t together, int64_t aDirect, int64_t bDirect, double segments) {
    const double expected =
        segments > 0 ? static_cast<double>(aDirect) * static_cast<double>(bDirect) / segments : 0.0;
    return expected > 0 ? static_cast<double>(together) / expected : 0.0;
}

} // namespace

std::vector<Cooccurrence> Catalog::cooccurring(std::string_view mid, Split split, size_t limit) {
    const auto classId = classIdOf(mid);
    if (!classId) return {};
    Statement segments = m_db->prepare("SELECT segment_count FROM split_files WHERE split = ?");
    segments.bind(1, splitIndex(split));
    const double total = segments.step() ? static_cast<double>(segments.columnInt(0)) : 0.0;
    return m_pairsAsBlobs ? cooccurringFromBlob(*classId, split, limit, total)
                          : cooccurringFromRows(*classId, split, limit, total);
}

// The same answer as the row query below: pairs with a class or count missing are left out
// as its joins leave them out; by count, then class id.
std::vector<Cooccurrence> Catalog::cooccurringFromBlob(int classId, Split split, size_t limit,
                                                       double segments) {
    std::unordered_set<int64_t> ancestors;
    Statement up = m_db->prepare(std::string(kAncestorsCte) + "SELECT id FROM up");
    up.bind(1, classId);
    while (up.step())
        ancestors.insert(up.columnInt(0));

    std::vector<pairlist::Pair> pairs;
    Statement blob =
        m_db->prepare("SELECT pairs FROM cooccurrence WHERE split = ? AND class_id = ?");
    blob.bind(1, splitIndex(split)).bind(2, classId);
    if (!blob.step() || !pairlist::decode(static_cast<const unsigned char *>(blob.columnBlob(0)),
                                          blob.columnBytes(0), pairs))
        return {};
    pairs.erase(std::remove_if(pairs.begin(), pairs.end(),
                               [&](const pairlist::Pair &p) { return ancestors.count(p.other); }),
                pairs.end());
    std::sort(pairs.begin(), pairs.end(), [](const pairlist::Pair &x, const pairlist::Pair &y) {
        return x.count != y.count ? x.count > y.count : x.other < y.other;
    });

    Statement direct =
        m_db->prepare("SELECT direct FROM class_counts WHERE class_id = ? AND split = ?");
    auto directOf = [&](int64_t id) -> std::optional<int64_t> {
        direct.reset();
        direct.bind(1, id).bind(2, splitIndex(split));
        if (!direct.step()) return std::nullopt;
        return direct.columnInt(0);
    };
    const auto own = directOf(classId);
    if (!own) return {};
    Statement names = m_db->prepare("SELECT mid, name FROM classes WHERE id = ?");
    std::vector<Cooccurrence> result;
    for (const pairlist::Pair &pair : pairs) {
        if (result.size() == limit) break;
        names.reset();
        names.bind(1, static_cast<int64_t>(pair.other));
        const auto other = directOf(pair.other);
        if (!names.step() || !other) continue;
        result.push_back({names.columnString(0), names.columnString(1), pair.count,
                          liftOf(pair.count, *own, *other, segments)});
    }
    return result;
}

std::vector<Cooccurrence> Catalog::cooccurringFromRows(int classId, Split split, size_t limit,
                                                       double segments) {
    Statement query = m_db->prepare(
        std::string(kAncestorsCte) +
        "SELECT c.mid, c.name, o.count, a.direct, b.direct FROM cooccurrence o "
        "JOIN classes c ON c.id = o.other_id "
        "JOIN class_counts a ON a.class_id = o.class_id AND a.split = o.split "
        "JOIN class_counts b ON b.class_id = o.other_id AND b.split = o.split "
        "WHERE o.class_id = ?1 AND o.split = ?2 AND o.other_id NOT IN (SELECT id FROM up) "
        "ORDER BY o.count DESC, c.id LIMIT ?3");
    query.bind(1, classId).bind(2, splitIndex(split)).bind(3, static_cast<int64_t>(limit));
    std::vector<Cooccurrence> result;
    while (query.step())
        result.push_back(
            {query.columnString(0), query.columnString(1), query.columnInt(2),
             liftOf(query.columnInt(2), query.columnInt(3), query.columnInt(4), segments)});
    return result;
}

} // namespace audioset
