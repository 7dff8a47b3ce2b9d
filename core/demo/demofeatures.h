#pragma once

#include "split.h"
#include "tarwriter.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace audioset::demo {

/// What a record's frames are drawn from: usually its own labels, but the demo plants records
/// whose frames come from other labels (mislabelled) or from another segment (copies).
struct FrameRecipe {
    std::vector<int64_t> labelIndices;
    size_t count = 0;
    uint64_t seed = 0;
    /// Non-zero: every byte moved by -2..2 (drawn from this seed), as a re-encoded upload of
    /// the same audio would be: a near copy, not an identical one.
    uint64_t jitter = 0;
};

/// Writes the demo's features.tar.gz in the release's layout
/// (audioset_v1_embeddings/{bal_train,eval,unbal_train}/XX.tfrecord, sharded by the first two
/// characters of the id). Frames are drawn around a per-class pattern so that class means differ.
/// Within a shard the records come in no particular order, as in the release (whose shards are
/// not sorted by id), so readers are not measured only on the order they like best.
class DemoFeatureWriter {
public:
    bool open(const std::string &path);
    /// Records must come in id order within a split (the CSVs are sorted), splits one by one.
    void add(Split split, const std::array<char, 11> &ytid, int64_t startMs, int64_t endMs,
             const std::vector<int64_t> &labelIndices, const FrameRecipe &frames);
    bool close();

private:
    void flushShard();

    TarGzWriter m_tar;
    std::string m_shardPath;
    std::vector<std::string> m_shardRecords;
};

} // namespace audioset::demo
