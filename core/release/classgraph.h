#pragma once

#include "midlookup.h"

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace audioset {

class Diagnostics;

/// A sound class as the release describes it (ontology entry, label index, or an id met only
/// in a segment CSV).
struct ClassRecord {
    std::string mid;
    std::string name;
    std::string description;
    std::string citationUri;
    std::vector<std::string> positiveExamples;
    std::vector<std::string> childMids; // as listed in the ontology, resolved by resolveEdges()
    bool abstract = false;
    bool blacklisted = false;
    bool inOntology = false;
    int labelIndex = -1; // row of class_labels_indices.csv, -1 when the class is not a label
    /// In the ontology or the label index; a segment's label that is neither is reported.
    bool isKnownLabel() const { return inOntology || labelIndex >= 0; }
    std::vector<int> parents;
    std::vector<int> children;
};

/// The class DAG during indexing: lookup by machine id, parent/child edges, and the
/// ancestor closure the counts need (each segment counted once however many paths lead up).
class ClassGraph {
public:
    int find(std::string_view mid) const;
    /// Adds a class; its mid must not exist yet. Returns the new id.
    int add(ClassRecord record);
    /// Adds a class known only from a segment CSV: named by its id, no parents.
    int addUnknown(std::string_view mid);

    size_t size() const { return m_classes.size(); }
    const ClassRecord &at(int id) const { return m_classes[static_cast<size_t>(id)]; }
    ClassRecord &at(int id) { return m_classes[static_cast<size_t>(id)]; }

    /// Turns childMids into edges, reporting unknown children and edges that close a cycle
    /// (those are dropped, so the result is always a DAG), then computes the closure.
    void resolveEdges(const std::string &file, Diagnostics &diagnostics);

    /// Adds an edge directly (for graphs read back from an index, which are acyclic already);
    /// call computeClosure() after the last one.
    void addEdge(int parent, int child);
    void computeClosure();

    /// The class itself and all its ancestors, sorted.
    const std::vector<int> &ancestorsOrSelf(int id) const { return m_ancestorsOrSelf[id]; }
    /// True when `ancestor` is reachable upwards from `descendant` (and is not the class itself).
    bool isStrictAncestor(int ancestor, int descendant) const;

private:
    void dropCycles(const std::string &file, Diagnostics &diagnostics);

    std::deque<ClassRecord> m_classes; // deque: the lookup map holds views of the mids
    MidLookup m_byMid;
    std::vector<std::vector<int>> m_ancestorsOrSelf;
    // Bit a of row d: a is a strict ancestor of d, for the classes the closure was computed
    // over (up to kMaxAncestorBitClasses); the lists answer for the rest.
    size_t m_bitClasses = 0;
    std::vector<uint64_t> m_ancestorBits;
};

} // namespace audioset
