#include "demofeatures.h"

#include "audiosetrecord.h"
#include "tfrecord.h"

#include <algorithm>

namespace audioset::demo {

namespace {

uint64_t mix(uint64_t x) {
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// A class's typical frame: each dimension somewhere between 40 and 215.
int classLevel(int64_t label, size_t dim) {
    return 40 + static_cast<int>(mix(static_cast<uint64_t>(label) * 131 + dim) % 176);
}

std::string frames(const FrameRecipe &recipe) {
    const std::vector<int64_t> &labels = recipe.labelIndices;
    std::string out(recipe.count * kEmbeddingDims, '\0');
    uint64_t state = recipe.seed;
    uint64_t jitter = recipe.jitter;
    for (size_t t = 0; t < recipe.count; ++t)
        for (size_t d = 0; d < kEmbeddingDims; ++d) {
            int level = 128;
            if (!labels.empty()) level = classLevel(labels[(d + t) % labels.size()], d);
            state = mix(state + 0x9e3779b97f4a7c15ull);
            int value = std::clamp(level + static_cast<int>(state % 81) - 40, 0, 255);
            if (recipe.jitter != 0) {
                jitter = mix(jitter + 0x9e3779b97f4a7c15ull);
                value = std::clamp(value + static_cast<int>(jitter % 5) - 2, 0, 255);
            }
            out[t * kEmbeddingDims + d] = static_cast<char>(value);
        }
    return out;
}

} // namespace

bool DemoFeatureWriter::open(const std::string &path) {
    return m_tar.open(path);
}

void DemoFeatureWriter::flushShard() {
    if (m_shardRecords.empty()) return;
    // Fisher-Yates with the generator's own mix, seeded by the shard: the same order on every
    // platform and every run.
    uint64_t state = 0;
    for (char c : m_shardPath)
        state = mix(state ^ static_cast<unsigned char>(c));
    for (size_t i = m_shardRecords.size() - 1; i > 0; --i) {
        state = mix(state + 0x9e3779b97f4a7c15ull);
        std::swap(m_shardRecords[i], m_shardRecords[state % (i + 1)]);
    }
    std::string shard;
    for (const std::string &record : m_shardRecords)
        appendTfRecord(shard, record);
    m_tar.add(m_shardPath, shard);
    m_shardRecords.clear();
}

void DemoFeatureWriter::add(Split split, const std::array<char, 11> &ytid, int64_t startMs,
                            int64_t endMs, const std::vector<int64_t> &labelIndices,
                            const FrameRecipe &recipe) {
    const std::string path = "audioset_v1_embeddings/" + std::string(splitFeatureFolder(split)) +
                             '/' + std::string(ytid.data(), 2) + ".tfrecord";
    if (path != m_shardPath) {
        flushShard();
        m_shardPath = path;
    }
    m_shardRecords.push_back(encodeAudioSetRecord(
        std::string_view(ytid.data(), ytid.size()), static_cast<float>(startMs / 1000.0),
        static_cast<float>(endMs / 1000.0), labelIndices, frames(recipe)));
}

bool DemoFeatureWriter::close() {
    flushShard();
    return m_tar.close();
}

} // namespace audioset::demo
