#pragma once

#include "audiosetrecord.h"
#include "diagnostics.h"
#include "releaseencoding.h"
#include "split.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace audioset {

class ByteStream;
struct FeatureInputs;
template <typename T> class BoundedQueue;

/// A framed, CRC-checked and decoded record; its variable parts live in the batch's arenas.
struct DecodedRecord {
    Split split;
    uint32_t source;   // index into FeatureBatch::sources
    uint64_t offset;   // where the record starts in its shard
    std::string error; // non-empty: not an AudioSet SequenceExample (the rest is unset)
    std::array<char, 11> ytid;
    float startSeconds;
    float endSeconds;
    size_t labelsBegin, labelsCount;      // in FeatureBatch::labels
    size_t framesBegin, framesSize;       // in FeatureBatch::frames
    size_t layoutBegin, layoutSize;       // releaseLayout or packLayout, in FeatureBatch::layouts
    size_t labelTextBegin, labelTextSize; // "0,137", in FeatureBatch::labelTexts
    // Worked out here, so that the writing thread only matches and stores.
    FrameSums frameSums;
    uint64_t framesHash;
};

struct FeatureProblem {
    ProblemKind kind;
    std::string file;
    uint64_t offset;
    std::string message;
};

/// A run of records for the indexing thread, with the problems found before them.
struct FeatureBatch {
    std::vector<DecodedRecord> records;
    std::vector<int64_t> labels;
    std::string frames;
    std::string layouts;
    std::string labelTexts;
    std::vector<std::string> sources; // shard names, "features.tar.gz:eval/Ab.tfrecord"
    ProblemBatch<FeatureProblem> problems;
    uint64_t bytesDone = 0; // input bytes consumed so far, for progress

    /// Empties the batch but keeps its arenas' memory, for the reader to fill again.
    void clear();
};

/// The reading half of indexing embeddings: inflates archives and gzip shards, walks tar
/// entries, checks TFRecord framing and CRCs, decodes the SequenceExamples and hands them over
/// in batches. Runs on its own thread; a broken shard or header is reported and the rest is
/// still read.
class FeatureReader {
public:
    /// Batches pushed to `spare` (cleared) are filled again, so their memory is not
    /// allocated and faulted in anew for every batch.
    FeatureReader(const FeatureInputs &inputs, BoundedQueue<FeatureBatch> &queue,
                  BoundedQueue<FeatureBatch> &spare, const std::atomic<bool> &stop);
    void run();

private:
    bool readTarball(const std::string &path);
    bool readRecordFile(const std::string &path);
    bool readRecords(ByteStream &stream, const std::string &name, const std::string &shardPath);
    void decode(Split split, uint32_t source, uint64_t offset, std::string_view bytes);
    void appendFullLayout(std::string_view bytes);
    void startBatch();
    void reserveBatch();
    bool batchFull() const;
    bool flushIfFull();
    bool flush();
    void problem(ProblemKind kind, const std::string &file, uint64_t offset, std::string message);
    uint64_t progress() const;

    const FeatureInputs &m_inputs;
    BoundedQueue<FeatureBatch> &m_queue;
    BoundedQueue<FeatureBatch> &m_spare;
    const std::atomic<bool> &m_stop;
    FeatureBatch m_batch;
    AudioSetRecordDecoder m_decoder;
    AudioSetRecord m_record;
    ReleaseRecordEncoder m_encoder;
    RecordLayout m_layout;
    uint64_t m_doneBefore = 0; // bytes of the files already finished
    // The file being read, for progress: through a read-ahead (a tarball), or directly.
    const class ReadAheadStream *m_currentArchive = nullptr;
    const class FileStream *m_currentFile = nullptr;
};

} // namespace audioset
