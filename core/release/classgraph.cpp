#include "classgraph.h"

#include "diagnostics.h"

#include <algorithm>

namespace audioset {

namespace {
// 4,096 classes take 2 MiB of bits; the release has 632.
constexpr size_t kMaxAncestorBitClasses = 4096;
size_t wordsPerRow(size_t classes) {
    return (classes + 63) / 64;
}
} // namespace

int ClassGraph::find(std::string_view mid) const {
    return m_byMid.find(mid);
}

int ClassGraph::add(ClassRecord record) {
    const int id = static_cast<int>(m_classes.size());
    m_classes.push_back(std::move(record));
    m_byMid.insert(m_classes.back().mid, id);
    m_ancestorsOrSelf.push_back({id});
    return id;
}

int ClassGraph::addUnknown(std::string_view mid) {
    ClassRecord record;
    record.mid = std::string(mid);
    record.name = std::string(mid);
    return add(std::move(record));
}

void ClassGraph::addEdge(int parent, int child) {
    at(parent).children.push_back(child);
    at(child).parents.push_back(parent);
}

bool ClassGraph::isStrictAncestor(int ancestor, int descendant) const {
    if (ancestor == descendant || static_cast<size_t>(descendant) >= m_ancestorsOrSelf.size())
        return false;
    const auto a = static_cast<size_t>(ancestor), d = static_cast<size_t>(descendant);
    if (a < m_bitClasses && d < m_bitClasses)
        return (m_ancestorBits[d * wordsPerRow(m_bitClasses) + a / 64] >> (a % 64)) & 1u;
    const auto &list = m_ancestorsOrSelf[static_cast<size_t>(descendant)];
    return std::binary_search(list.begin(), list.end(), ancestor);
}

void ClassGraph::resolveEdges(const std::string &file, Diagnostics &diagnostics) {
    for (size_t id = 0; id < m_classes.size(); ++id) {
        ClassRecord &record = m_classes[id];
        for (const std::string &childMid : record.childMids) {
            const int child = find(childMid);
            if (child < 0) {
                diagnostics.report(ProblemKind::BadOntologyEntry, file, kWholeFile,
                                   "class " + record.mid + " lists child " + childMid +
                                       ", which the ontology does not define");
                continue;
            }
            if (std::find(record.children.begin(), record.children.end(), child) !=
                record.children.end())
                continue;
            record.children.push_back(child);
            m_classes[static_cast<size_t>(child)].parents.push_back(static_cast<int>(id));
        }
    }
    dropCycles(file, diagnostics);
    computeClosure();
}

// Iterative depth-first search; an edge into a class still on the stack closes a cycle.
void ClassGraph::dropCycles(const std::string &file, Diagnostics &diagnostics) {
    enum Colour : char { White, Grey, Black };
    std::vector<Colour> colour(m_classes.size(), White);
    struct Frame {
        int node;
        size_t nextChild;
    };
    for (size_t root = 0; root < m_classes.size(); ++root) {
        if (colour[root] != White) continue;
        std::vector<Frame> stack{{static_cast<int>(root), 0}};
        colour[root] = Grey;
        while (!stack.empty()) {
            Frame &frame = stack.back();
            ClassRecord &record = m_classes[static_cast<size_t>(frame.node)];
            if (frame.nextChild == record.children.size()) {
                colour[static_cast<size_t>(frame.node)] = Black;
                stack.pop_back();
                continue;
            }
            const int child = record.children[frame.nextChild];
            if (colour[static_cast<size_t>(child)] == Grey) {
                diagnostics.report(ProblemKind::OntologyCycle, file, kWholeFile,
                                   "the edge " + record.mid + " -> " + at(child).mid +
                                       " closes a cycle; it is ignored");
                record.children.erase(record.children.begin() +
                                      static_cast<std::ptrdiff_t>(frame.nextChild));
                auto &parents = at(child).parents;
                parents.erase(std::find(parents.begin(), parents.end(), frame.node));
                continue;
            }
            ++frame.nextChild;
            if (colour[static_cast<size_t>(child)] == White) {
                colour[static_cast<size_t>(child)] = Grey;
                stack.push_back({child, 0});
            }
        }
    }
}

void ClassGraph::computeClosure() {
    const size_t count = m_classes.size();
    // Kahn's order: every parent before its children (the graph is acyclic by now).
    std::vector<int> pendingParents(count);
    std::vector<int> order;
    order.reserve(count);
    for (size_t id = 0; id < count; ++id) {
        pendingParents[id] = static_cast<int>(m_classes[id].parents.size());
        if (pendingParents[id] == 0) order.push_back(static_cast<int>(id));
    }
    for (size_t i = 0; i < order.size(); ++i)
        for (int child : at(order[i]).children)
            if (--pendingParents[static_cast<size_t>(child)] == 0) order.push_back(child);

    // Each class's ancestors are its parents' lists merged: work in proportion to the
    // closure's size, not to the square of the class count.
    m_ancestorsOrSelf.assign(count, {});
    for (int id : order) {
        auto &list = m_ancestorsOrSelf[static_cast<size_t>(id)];
        list.push_back(id);
        for (int parent : at(id).parents) {
            const auto &inherited = m_ancestorsOrSelf[static_cast<size_t>(parent)];
            list.insert(list.end(), inherited.begin(), inherited.end());
        }
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    for (size_t id = 0; id < count; ++id) // left out of the order only if a cycle remained
        if (m_ancestorsOrSelf[id].empty()) m_ancestorsOrSelf[id].push_back(static_cast<int>(id));

    m_bitClasses = count <= kMaxAncestorBitClasses ? count : 0;
    const size_t words = wordsPerRow(m_bitClasses);
    m_ancestorBits.assign(m_bitClasses * words, 0);
    for (size_t id = 0; id < m_bitClasses; ++id)
        for (int ancestor : m_ancestorsOrSelf[id])
            if (static_cast<size_t>(ancestor) != id)
                m_ancestorBits[id * words + static_cast<size_t>(ancestor) / 64] |=
                    uint64_t(1) << (static_cast<size_t>(ancestor) % 64);
}

} // namespace audioset
