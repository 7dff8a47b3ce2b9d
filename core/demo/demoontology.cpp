#include "demoontology.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstdio>
#include <set>

namespace audioset::demo {

namespace {

constexpr int kClassCount = 632;
constexpr int kLabelCount = 527;
constexpr int kMultiParentCount = 38;

const char *const kRoots[] = {"Human sounds",
                              "Animal",
                              "Music",
                              "Sounds of things",
                              "Natural sounds",
                              "Source-ambiguous sounds",
                              "Channel, environment and background"};
const char *const kAdjectives[] = {"Bright", "Low",    "Rapid",  "Soft",    "Distant", "Metallic",
                                   "Hollow", "Warm",   "Sharp",  "Muffled", "Rolling", "Airy",
                                   "Deep",   "Gritty", "Glassy", "Pulsing", "Sparse",  "Dense",
                                   "Faint",  "Heavy",  "Tinny",  "Wooden",  "Droning", "Crisp"};
const char *const kNouns[] = {"hum",    "click",  "chime",  "rumble", "whistle", "chirp",
                              "strum",  "beat",   "drone",  "splash", "crackle", "buzz",
                              "thump",  "ring",   "hiss",   "pluck",  "roar",    "tap",
                              "squeak", "swell",  "rattle", "murmur", "clang",   "flutter",
                              "patter", "whoosh", "knock",  "warble", "groan",   "trill"};

std::string base36(uint64_t value, int digits) {
    static const char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string text(static_cast<size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i) {
        text[static_cast<size_t>(i)] = kDigits[value % 36];
        value /= 36;
    }
    return text;
}

class NameMaker {
public:
    explicit NameMaker(std::mt19937_64 &rng) {
        for (const char *adjective : kAdjectives)
            for (const char *noun : kNouns)
                m_names.push_back(std::string(adjective) + ' ' + noun);
        std::shuffle(m_names.begin(), m_names.end(), rng);
    }
    std::string next() {
        std::string name = m_names[m_next % m_names.size()];
        if (m_next >= m_names.size()) name += ' ' + std::to_string(m_next / m_names.size() + 1);
        ++m_next;
        return name;
    }

private:
    std::vector<std::string> m_names;
    size_t m_next = 0;
};

int addClass(DemoOntology &ontology, std::string name, int parent) {
    DemoClass demoClass;
    const int id = static_cast<int>(ontology.classes.size());
    // Shaped like the release's ids; the "0s" prefix keeps them apart from real ones.
    demoClass.mid = id % 19 == 7 ? "/t/dd9" + base36(static_cast<uint64_t>(id), 4)
                                 : "/m/0s" + base36(static_cast<uint64_t>(id) * 7919 + 1000, 4);
    demoClass.name = std::move(name);
    if (parent >= 0) {
        demoClass.parents.push_back(parent);
        demoClass.depth = ontology.classes[static_cast<size_t>(parent)].depth + 1;
        ontology.classes[static_cast<size_t>(parent)].children.push_back(id);
    }
    ontology.classes.push_back(std::move(demoClass));
    return id;
}

void buildTree(DemoOntology &ontology, std::mt19937_64 &rng) {
    NameMaker names(rng);
    std::vector<int> roots, level1, level2;
    for (const char *root : kRoots)
        roots.push_back(addClass(ontology, root, -1));
    ontology.music = roots[2];
    ontology.speech = addClass(ontology, "Speech", roots[0]);
    level1.push_back(ontology.speech);
    for (int root : roots)
        while (ontology.classes[static_cast<size_t>(root)].children.size() < 8)
            level1.push_back(addClass(ontology, names.next(), root));
    for (int parent : level1)
        for (int i = 0; i < 5; ++i)
            level2.push_back(addClass(ontology, names.next(), parent));
    std::uniform_int_distribution<size_t> pickLevel2(0, level2.size() - 1);
    while (static_cast<int>(ontology.classes.size()) < kClassCount)
        addClass(ontology, names.next(), level2[pickLevel2(rng)]);
}

// Second parents always sit higher up than the child, so no cycle can form.
void addSecondParents(DemoOntology &ontology, std::mt19937_64 &rng) {
    std::uniform_int_distribution<int> pick(70, kClassCount - 1);
    std::uniform_int_distribution<int> pickParent(7, 69);
    int added = 0;
    while (added < kMultiParentCount) {
        const int child = pick(rng);
        const int parent = pickParent(rng);
        DemoClass &childClass = ontology.classes[static_cast<size_t>(child)];
        DemoClass &parentClass = ontology.classes[static_cast<size_t>(parent)];
        if (childClass.parents.size() > 1 || parentClass.depth >= childClass.depth ||
            std::count(childClass.parents.begin(), childClass.parents.end(), parent))
            continue;
        childClass.parents.push_back(parent);
        parentClass.children.push_back(child);
        ++added;
    }
}

void assignLabelsAndQuality(DemoOntology &ontology, std::mt19937_64 &rng) {
    std::vector<int> candidates; // classes that may be left out of the label set
    for (int id = 0; id < kClassCount; ++id)
        if (id != ontology.music && id != ontology.speech && id != 1 && id != 4)
            candidates.push_back(id);
    std::shuffle(candidates.begin(), candidates.end(), rng);
    std::set<int> nonLabels(candidates.begin(), candidates.begin() + (kClassCount - kLabelCount));
    int abstractCount = 0;
    for (int id : nonLabels)
        if (abstractCount < 20 && !ontology.classes[static_cast<size_t>(id)].children.empty()) {
            ontology.classes[static_cast<size_t>(id)].abstract = true;
            ++abstractCount;
        }
    for (int i = 0; i < 14; ++i)
        ontology.classes[static_cast<size_t>(candidates[candidates.size() - 1 - i])].blacklisted =
            true;

    std::uniform_real_distribution<double> unit(0.0, 1.0);
    int unrated = 0;
    for (int id = 0; id < kClassCount; ++id) {
        if (nonLabels.count(id)) continue;
        DemoClass &demoClass = ontology.classes[static_cast<size_t>(id)];
        demoClass.labelIndex = static_cast<int>(ontology.labels.size());
        ontology.labels.push_back(id);
        const double u = unit(rng);
        demoClass.quality = 1.0 - 0.85 * u * u;
        demoClass.rated = (unrated < 70 && unit(rng) < 0.15) ? 0 : (unit(rng) < 0.9 ? 10 : 9);
        unrated += demoClass.rated == 0;
    }
}

bool writeText(const std::string &path, const std::string &text) {
    FILE *file = std::fopen(path.c_str(), "wb");
    if (!file) return false;
    const bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
    return std::fclose(file) == 0 && ok;
}

} // namespace

DemoOntology makeDemoOntology(std::mt19937_64 &rng) {
    DemoOntology ontology;
    buildTree(ontology, rng);
    addSecondParents(ontology, rng);
    assignLabelsAndQuality(ontology, rng);
    return ontology;
}

bool writeOntologyJson(const DemoOntology &ontology, const std::string &path) {
    QJsonArray entries;
    for (const DemoClass &demoClass : ontology.classes) {
        QJsonArray children, restrictions, examples;
        for (int child : demoClass.children)
            children.append(
                QString::fromStdString(ontology.classes[static_cast<size_t>(child)].mid));
        if (demoClass.abstract) restrictions.append(QStringLiteral("abstract"));
        if (demoClass.blacklisted) restrictions.append(QStringLiteral("blacklist"));
        QJsonObject entry;
        entry.insert(QStringLiteral("id"), QString::fromStdString(demoClass.mid));
        entry.insert(QStringLiteral("name"), QString::fromStdString(demoClass.name));
        entry.insert(QStringLiteral("description"),
                     QStringLiteral("Synthetic class \"%1\", invented by AudioSet Browser's demo "
                                    "generator. It is not part of the AudioSet ontology.")
                         .arg(QString::fromStdString(demoClass.name)));
        entry.insert(QStringLiteral("citation_uri"), QString());
        entry.insert(QStringLiteral("positive_examples"), examples);
        entry.insert(QStringLiteral("child_ids"), children);
        entry.insert(QStringLiteral("restrictions"), restrictions);
        entries.append(entry);
    }
    QFile file(QString::fromStdString(path));
    return file.open(QIODevice::WriteOnly) &&
           file.write(QJsonDocument(entries).toJson(QJsonDocument::Indented)) >= 0;
}

bool writeLabelIndexCsv(const DemoOntology &ontology, const std::string &path) {
    std::string text = "index,mid,display_name\n";
    for (size_t index = 0; index < ontology.labels.size(); ++index) {
        const DemoClass &demoClass = ontology.classes[static_cast<size_t>(ontology.labels[index])];
        text += std::to_string(index) + ',' + demoClass.mid + ",\"" + demoClass.name + "\"\n";
    }
    return writeText(path, text);
}

bool writeQualityCsv(const DemoOntology &ontology, const std::string &path) {
    std::mt19937_64 rng(0x9a11ee);
    std::string text = "label_id,num_rated,num_true\n";
    for (int id : ontology.labels) {
        const DemoClass &demoClass = ontology.classes[static_cast<size_t>(id)];
        std::binomial_distribution<int> trueCount(demoClass.rated, demoClass.quality);
        text += demoClass.mid + ',' + std::to_string(demoClass.rated) + ',' +
                std::to_string(demoClass.rated ? trueCount(rng) : 0) + '\n';
    }
    return writeText(path, text);
}

} // namespace audioset::demo
