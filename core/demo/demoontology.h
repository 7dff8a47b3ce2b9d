#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace audioset::demo {

/// One class of the synthetic ontology.
struct DemoClass {
    std::string mid;
    std::string name;
    std::vector<int> children;
    std::vector<int> parents;
    int depth = 0;
    bool abstract = false;
    bool blacklisted = false;
    int labelIndex = -1;
    double quality = 1.0; // probability that a rated label is true
    int rated = 10;
};

/// A synthetic ontology of the release's shape: 632 classes under 7 roots, some with two
/// parents, 527 of them labels, two very frequent labels ("Music" and "Speech").
struct DemoOntology {
    std::vector<DemoClass> classes;
    std::vector<int> labels; // class ids in label-index order
    int music = -1;
    int speech = -1;
};

DemoOntology makeDemoOntology(std::mt19937_64 &rng);

bool writeOntologyJson(const DemoOntology &ontology, const std::string &path);
bool writeLabelIndexCsv(const DemoOntology &ontology, const std::string &path);
bool writeQualityCsv(const DemoOntology &ontology, const std::string &path);

} // namespace audioset::demo
