#include "demogenerator.h"

#include "demofeatures.h"
#include "demoontology.h"
#include "outputfiles.h"
#include "split.h"
#include "textparse.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <random>
#include <sys/stat.h>

namespace audioset {

namespace {

using demo::DemoOntology;

// Release sizes, which the demo scales to the requested unbalanced_train size.
constexpr double kEvalShare = 20383.0 / 2042985.0;
constexpr double kBalancedShare = 22176.0 / 2042985.0;

/// splitmix64: a tiny, fast generator that is cheap to seed once per row.
struct RowRandom {
    using result_type = uint64_t;
    uint64_t state;
    static constexpr uint64_t min() { return 0; }
    static constexpr uint64_t max() { return ~uint64_t(0); }
    uint64_t operator()() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    uint64_t below(uint64_t n) { return (*this)() % n; }
    bool chance(double p) { return static_cast<double>((*this)() >> 11) * 0x1.0p-53 < p; }
};

// A bijective mix of the counter, so ids are distinct without a set; the last character carries
// 4 bits, as real YouTube ids do.
std::array<char, 11> demoYtid(uint64_t counter, uint64_t seed) {
    static const char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    uint64_t x = counter ^ (seed * 0x9e3779b97f4a7c15ull);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    x ^= x >> 31;
    std::array<char, 11> id{};
    for (int i = 0; i < 10; ++i) {
        id[static_cast<size_t>(i)] = kAlphabet[x & 63];
        x >>= 6;
    }
    id[10] = kAlphabet[(x & 15) * 4];
    return id;
}

struct DemoRow {
    int64_t startMs = 0;
    int64_t endMs = 0;
    std::vector<int> labels; // class ids
};

class SplitWriter {
public:
    SplitWriter(const DemoOntology &ontology, Split split, uint64_t seed)
        : m_ontology(ontology)
        , m_split(split)
        , m_seed(seed) {
        std::vector<double> weights;
        for (size_t rank = 0; rank < ontology.labels.size(); ++rank)
            weights.push_back(
                1.0 /
                std::pow(static_cast<double>((rank * 37) % ontology.labels.size()) + 1.0, 0.9));
        m_zipf = std::discrete_distribution<size_t>(weights.begin(), weights.end());
    }

    DemoRow row(uint64_t index) {
        RowRandom random{m_seed * 1315423911u +
                         static_cast<uint64_t>(splitIndex(m_split)) * 0x51ed27 +
                         index * 0x2545f4914f6cdd1dull};
        DemoRow row;
        row.startMs = static_cast<int64_t>(random.below(61)) * 10000;
        if (random.chance(0.02)) row.startMs += static_cast<int64_t>(1 + random.below(9)) * 100;
        row.endMs =
            row.startMs +
            (random.chance(0.015) ? static_cast<int64_t>(1 + random.below(9)) * 1000 : 10000);
        const bool unbalanced = m_split == Split::UnbalancedTrain;
        const int primaries = random.chance(0.55) ? 1 : (random.chance(0.66) ? 2 : 3);
        for (int i = 0; i < primaries; ++i) {
            const size_t label =
                unbalanced ? m_zipf(random) : random.below(m_ontology.labels.size());
            int id = m_ontology.labels[label];
            add(row, id);
            const auto &parents = m_ontology.classes[static_cast<size_t>(id)].parents;
            if (!parents.empty() && random.chance(0.5) &&
                m_ontology.classes[static_cast<size_t>(parents[0])].labelIndex >= 0)
                add(row, parents[0]);
        }
        if (random.chance(unbalanced ? 0.35 : 0.1)) add(row, m_ontology.music);
        if (random.chance(unbalanced ? 0.3 : 0.1)) add(row, m_ontology.speech);
        return row;
    }

private:
    static void add(DemoRow &row, int id) {
        if (std::find(row.labels.begin(), row.labels.end(), id) == row.labels.end())
            row.labels.push_back(id);
    }

    const DemoOntology &m_ontology;
    Split m_split;
    uint64_t m_seed;
    std::discrete_distribution<size_t> m_zipf;
};

std::string joinPath(const std::string &dir, const std::string &name) {
    return dir + '/' + name;
}

class DemoWriter {
public:
    DemoWriter(const DemoOptions &options, const ProgressCallback &progress)
        : m_options(options)
        , m_progress(progress) {
        m_counts[splitIndex(Split::Eval)] = std::max<int64_t>(
            1, static_cast<int64_t>(options.unbalancedSegments * kEvalShare + 0.5));
        m_counts[splitIndex(Split::BalancedTrain)] = std::max<int64_t>(
            1, static_cast<int64_t>(options.unbalancedSegments * kBalancedShare + 0.5));
        m_counts[splitIndex(Split::UnbalancedTrain)] = options.unbalancedSegments;
        for (int64_t count : m_counts)
            m_totalRows += static_cast<uint64_t>(count);
    }

    bool cancelled() const { return m_cancelled; }

    bool run(std::string &error) {
        std::mt19937_64 rng(m_options.seed);
        const DemoOntology ontology = demo::makeDemoOntology(rng);
        const std::string &dir = m_options.dir;
        if (!demo::writeOntologyJson(ontology, joinPath(dir, "ontology.json")) ||
            !demo::writeLabelIndexCsv(ontology, joinPath(dir, "class_labels_indices.csv")) ||
            !demo::writeQualityCsv(ontology, joinPath(dir, "qa_true_counts.csv")) ||
            !writeMarker(joinPath(dir, "SYNTHETIC"))) {
            error = dir + ": cannot write the metadata files: " + std::strerror(errno);
            return false;
        }
        const std::string featuresPath = joinPath(dir, "features.tar.gz");
        if (m_options.features && !m_features.open(featuresPath)) {
            error = featuresPath + ": cannot write: " + std::strerror(errno);
            return false;
        }
        uint64_t counter = 0;
        for (Split split : kAllSplits) {
            if (!writeSplit(ontology, split, counter, error)) return false;
            counter += static_cast<uint64_t>(m_counts[splitIndex(split)]);
        }
        if (m_options.features && !m_features.close()) {
            error = featuresPath + ": cannot write: " + std::strerror(errno);
            return false;
        }
        std::shuffle(m_rerated.begin(), m_rerated.end(), rng);
        std::string text;
        for (const auto &id : m_rerated)
            text.append(id.data(), id.size()).push_back('\n');
        if (m_options.features &&
            !writeFile(joinPath(dir, "SYNTHETIC_PLANTED.csv"), m_planted, error))
            return false;
        return writeFile(joinPath(dir, "rerated_video_ids.txt"), text, error);
    }

private:
    static bool writeMarker(const std::string &path) {
        std::string error;
        return writeFile(path,
                         "This folder holds SYNTHETIC data made by AudioSet Browser's demo "
                         "generator\n(audioset generate-demo). It is shaped like the AudioSet "
                         "release, but no class,\nsegment or rating in it is real.\n",
                         error);
    }

    static bool writeFile(const std::string &path, const std::string &text, std::string &error) {
        FILE *file = std::fopen(path.c_str(), "wb");
        const bool ok = file && std::fwrite(text.data(), 1, text.size(), file) == text.size();
        if ((file && std::fclose(file) != 0) || !ok) {
            error = path + ": cannot write: " + std::strerror(errno);
            return false;
        }
        return true;
    }

    bool writeSplit(const DemoOntology &ontology, Split split, uint64_t counter,
                    std::string &error) {
        const int64_t count = m_counts[splitIndex(split)];
        std::vector<std::array<char, 11>> ids(static_cast<size_t>(count));
        for (int64_t i = 0; i < count; ++i)
            ids[static_cast<size_t>(i)] =
                demoYtid(counter + static_cast<uint64_t>(i), m_options.seed);
        std::sort(ids.begin(), ids.end());
        if (split == Split::Eval)
            for (const auto &id : ids)
                m_evalIds.emplace_back(id.data(), id.size());

        SplitWriter rows(ontology, split, m_options.seed);
        std::vector<char> seenLabel(ontology.classes.size(), 0);
        int64_t positiveLabels = 0;
        for (int64_t i = 0; i < count; ++i)
            for (int id : rows.row(static_cast<uint64_t>(i)).labels) {
                seenLabel[static_cast<size_t>(id)] = 1;
                ++positiveLabels;
            }
        const std::string path = joinPath(m_options.dir, std::string(splitCsvStem(split)) + ".csv");
        FILE *file = std::fopen(path.c_str(), "wb");
        if (!file) {
            error = path + ": cannot write: " + std::strerror(errno);
            return false;
        }
        std::string text = "# Segments csv created Sat Nov 21 00:00:00 2026\n# num_ytids=" +
                           std::to_string(count) + ", num_segs=" + std::to_string(count) +
                           ", num_unique_labels=" +
                           std::to_string(std::count(seenLabel.begin(), seenLabel.end(), 1)) +
                           ", num_positive_labels=" + std::to_string(positiveLabels) +
                           "\n# YTID, start_seconds, end_seconds, positive_labels\n";
        const double reratedShare = split == Split::UnbalancedTrain ? 0.05 : 0.35;
        RowRandom reratedRandom{m_options.seed ^ (0xfeedull << splitIndex(split))};
        demo::FrameRecipe previous;
        std::string &planted = m_planted;
        bool ok = true;
        const std::vector<int64_t> order = rowOrder(split, count);
        for (int64_t written = 0; written < count && ok; ++written) {
            const int64_t i = order[static_cast<size_t>(written)];
            const auto &id = ids[static_cast<size_t>(i)];
            const DemoRow row = rows.row(static_cast<uint64_t>(i));
            text.append(id.data(), id.size());
            text += ", " + formatMsAsSeconds(row.startMs) + ", " + formatMsAsSeconds(row.endMs) +
                    ", \"";
            for (size_t l = 0; l < row.labels.size(); ++l) {
                if (l) text += ',';
                text += ontology.classes[static_cast<size_t>(row.labels[l])].mid;
            }
            text += "\"\n";
            if (reratedRandom.chance(reratedShare)) m_rerated.push_back(id);
            if (m_options.features) {
                const demo::FrameRecipe own = recipeOf(ontology, row, counter + uint64_t(i));
                const demo::FrameRecipe recipe =
                    plantedRecipe(ontology, split, i, id, row, own, previous, planted);
                m_features.add(split, id, row.startMs, row.endMs, own.labelIndices, recipe);
                previous = recipe;
            }
            if (text.size() > (1u << 20)) {
                ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
                text.clear();
                const uint64_t done = m_rowsDone + static_cast<uint64_t>(written);
                if (m_progress && !m_progress(Progress{path, done, m_totalRows})) {
                    ok = false;
                    m_cancelled = true;
                }
            }
        }
        ok = ok && std::fwrite(text.data(), 1, text.size(), file) == text.size();
        ok = std::fclose(file) == 0 && ok;
        m_rowsDone += static_cast<uint64_t>(count);
        if (!ok && error.empty()) error = path + ": cannot write: " + std::strerror(errno);
        return ok;
    }

    // The order rows are written in: sorted by id, or shuffled.
    std::vector<int64_t> rowOrder(Split split, int64_t count) const {
        std::vector<int64_t> order(static_cast<size_t>(count));
        std::iota(order.begin(), order.end(), int64_t(0));
        if (m_options.shuffleRows) {
            std::mt19937_64 random(m_options.seed * 31 + uint64_t(splitIndex(split)));
            std::shuffle(order.begin(), order.end(), random);
        }
        return order;
    }

    demo::FrameRecipe recipeOf(const DemoOntology &ontology, const DemoRow &row,
                               uint64_t counter) const {
        demo::FrameRecipe recipe;
        for (int label : row.labels)
            recipe.labelIndices.push_back(ontology.classes[static_cast<size_t>(label)].labelIndex);
        // As in the release: the frame count is floor(end - start) of the record's own times.
        recipe.count = static_cast<size_t>(std::max<int64_t>(0, (row.endMs - row.startMs) / 1000));
        recipe.seed = m_options.seed * 7919 + counter;
        return recipe;
    }

    // The planted errors, listed in SYNTHETIC_PLANTED.csv: every 400th segment's frames come
    // from one class it is not labelled with (mislabelled); in the training splits every
    // 1000th segment copies an eval segment's frames byte for byte (a leak), and in
    // unbalanced_train every 1000th another copies the segment before it, and every 1000th a
    // third copies it with each byte moved by up to 2 (near-copy).
    demo::FrameRecipe plantedRecipe(const DemoOntology &ontology, Split split, int64_t i,
                                    const std::array<char, 11> &id, const DemoRow &row,
                                    const demo::FrameRecipe &own, const demo::FrameRecipe &previous,
                                    std::string &planted) {
        const std::string here = std::string(splitName(split)) + ',' +
                                 std::string(id.data(), id.size()) + ',' +
                                 formatMsAsSeconds(row.startMs);
        if (i % 400 == 200 && !ontology.labels.empty()) {
            for (size_t step = 0; step < ontology.labels.size(); ++step) {
                const int donor =
                    ontology
                        .labels[(static_cast<size_t>(i) * 7 + step * 13) % ontology.labels.size()];
                if (std::find(row.labels.begin(), row.labels.end(), donor) != row.labels.end())
                    continue;
                demo::FrameRecipe recipe = own;
                recipe.labelIndices = {ontology.classes[static_cast<size_t>(donor)].labelIndex};
                planted += "mislabelled," + here + ',' +
                           ontology.classes[static_cast<size_t>(donor)].mid + ",,,\n";
                return recipe;
            }
        }
        const int64_t evalCount = m_counts[splitIndex(Split::Eval)];
        if (split != Split::Eval && i % 1000 == 500 && own.count == 10) {
            const int64_t source = (i / 1000) % evalCount;
            SplitWriter evalRows(ontology, Split::Eval, m_options.seed);
            const DemoRow sourceRow = evalRows.row(static_cast<uint64_t>(source));
            const demo::FrameRecipe recipe =
                recipeOf(ontology, sourceRow, static_cast<uint64_t>(source));
            if (recipe.count == own.count) {
                planted += "copy," + here + ",,eval," + m_evalIds[static_cast<size_t>(source)] +
                           ',' + formatMsAsSeconds(sourceRow.startMs) + '\n';
                return recipe;
            }
        }
        const bool copiesPrevious =
            split == Split::UnbalancedTrain && own.count == previous.count && !m_lastRow.empty();
        if (copiesPrevious && i % 1000 == 900) {
            planted += "copy," + here + ",," + m_lastRow + '\n';
            m_lastRow = here;
            return previous;
        }
        if (copiesPrevious && i % 1000 == 700) {
            planted += "near-copy," + here + ",," + m_lastRow + '\n';
            m_lastRow = here;
            demo::FrameRecipe near = previous;
            near.jitter = own.seed * 2654435761u + 1;
            return near;
        }
        m_lastRow = here;
        return own;
    }

    const DemoOptions &m_options;
    const ProgressCallback &m_progress;
    std::array<int64_t, kSplitCount> m_counts{};
    uint64_t m_totalRows = 0;
    uint64_t m_rowsDone = 0;
    std::vector<std::array<char, 11>> m_rerated;
    demo::DemoFeatureWriter m_features;
    bool m_cancelled = false;
    std::string m_planted = "kind,split,ytid,start_seconds,frames_from_class,frames_from_split,"
                            "frames_from_ytid,frames_from_start_seconds\n";
    std::vector<std::string> m_evalIds; // in row order, for the copies' sources
    std::string m_lastRow;              // split,ytid,start of the row just written
};

} // namespace

Outcome generateDemo(const DemoOptions &options, const ProgressCallback &progress) {
    if (options.unbalancedSegments < 1) return Outcome::failed("the demo needs at least 1 segment");
    if (isNonEmptyFolder(options.dir) && !options.replace)
        return Outcome::failed(options.dir + " already exists and is not empty; choose another "
                                             "folder or replace it (--force)");
    // Written beside the target and moved into place at the end: a cancelled or killed run
    // leaves the folder as it was.
    StagedFolder staging;
    if (std::string error = staging.create(options.dir); !error.empty())
        return Outcome::failed(error);
    DemoOptions staged = options;
    staged.dir = staging.path();
    std::string error;
    DemoWriter writer(staged, progress);
    if (!writer.run(error))
        return writer.cancelled() ? Outcome::cancelled("cancelled; nothing was written")
                                  : Outcome::failed(error);
    if (error = staging.publish(); !error.empty()) return Outcome::failed(error);
    return Outcome::ok("wrote a synthetic dataset to " + options.dir);
}

} // namespace audioset
