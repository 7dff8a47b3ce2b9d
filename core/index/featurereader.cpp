#include "featurereader.h"

#include "boundedqueue.h"
#include "bytehash.h"
#include "bytestream.h"
#include "featuresources.h"
#include "readaheadstream.h"
#include "releaseencoding.h"
#include "tarreader.h"
#include "tfrecord.h"

namespace audioset {

namespace {
// A batch is handed over at this many frame bytes or this many records and problems, so
// memory stays bounded however many records are empty or corrupt.
constexpr size_t kBatchBytes = 1u << 20;
constexpr size_t kBatchItems = 1024;

std::string baseName(const std::string &path) {
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}
} // namespace

void FeatureBatch::clear() {
    records.clear();
    labels.clear();
    frames.clear();
    layouts.clear();
    labelTexts.clear();
    sources.clear();
    problems = {};
    bytesDone = 0;
}

FeatureReader::FeatureReader(const FeatureInputs &inputs, BoundedQueue<FeatureBatch> &queue,
                             BoundedQueue<FeatureBatch> &spare, const std::atomic<bool> &stop)
    : m_inputs(inputs)
    , m_queue(queue)
    , m_spare(spare)
    , m_stop(stop) {
    startBatch();
}

void FeatureReader::startBatch() {
    if (!m_spare.tryPop(m_batch)) m_batch = FeatureBatch();
}

// Sized for a full batch at its first record: growing the arenas record by record copied them
// over and over. A batch of problems alone stays small, so memory does not grow with them.
void FeatureReader::reserveBatch() {
    m_batch.records.reserve(kBatchItems);
    m_batch.frames.reserve(kBatchBytes + 64 * 1024);
    m_batch.layouts.reserve(kBatchBytes / 4);
    m_batch.labelTexts.reserve(kBatchItems * 16);
    m_batch.labels.reserve(kBatchItems * 4);
}

void FeatureReader::problem(ProblemKind kind, const std::string &file, uint64_t offset,
                            std::string message) {
    if (m_batch.problems.wantsFull(kind))
        m_batch.problems.full.push_back({kind, file, offset, std::move(message)});
}

uint64_t FeatureReader::progress() const {
    if (m_currentArchive) return m_doneBefore + m_currentArchive->fileOffset();
    return m_doneBefore + (m_currentFile ? m_currentFile->fileOffset() : 0);
}

bool FeatureReader::flush() {
    m_batch.bytesDone = progress();
    const bool accepted = m_queue.push(std::move(m_batch));
    startBatch();
    return accepted && !m_stop;
}

bool FeatureReader::batchFull() const {
    return m_batch.frames.size() >= kBatchBytes || m_batch.layouts.size() >= kBatchBytes ||
           m_batch.records.size() + m_batch.problems.size() >= kBatchItems;
}

bool FeatureReader::flushIfFull() {
    return !batchFull() || flush();
}

void FeatureReader::run() {
    for (const std::string &path : m_inputs.tarballs)
        if (!readTarball(path)) return;
    for (const std::string &path : m_inputs.recordFiles)
        if (!readRecordFile(path)) return;
    flush();
}

bool FeatureReader::readTarball(const std::string &path) {
    FileStream file;
    const std::string name = baseName(path);
    if (!file.open(path)) {
        problem(ProblemKind::UnreadableFile, path, kWholeFile, "cannot read: " + file.error());
        return flush();
    }
    ReadAheadStream archive(file);
    m_currentArchive = &archive;
    TarReader tar(archive, [&](uint64_t offset, const std::string &message) {
        problem(ProblemKind::BadArchive, path, offset, message);
    });
    TarEntry entry;
    while (tar.next(entry)) {
        if (!flushIfFull()) return false;
        if (!isRecordFileName(entry.path)) continue;
        if (!readRecords(tar.entryData(), name + ':' + entry.path, entry.path)) return false;
    }
    if (!archive.error().empty())
        problem(ProblemKind::TruncatedInput, path, archive.offset(),
                archive.error() + "; the records before were kept");
    m_currentArchive = nullptr;
    m_doneBefore += fingerprintFile("features", path).size;
    return flush();
}

bool FeatureReader::readRecordFile(const std::string &path) {
    FileStream file;
    if (!file.open(path)) {
        problem(ProblemKind::UnreadableFile, path, kWholeFile, "cannot read: " + file.error());
        return flushIfFull();
    }
    // A plain shard (the release unpacked: 5,494 files of ~50 KB) is parsed straight from the
    // file; a read-ahead thread and its 4 MB of chunks per file cost more than they overlap.
    bool going = true;
    if (file.compressed()) {
        ReadAheadStream stream(file);
        m_currentArchive = &stream;
        going = readRecords(stream, path, path);
        m_currentArchive = nullptr;
    } else {
        m_currentFile = &file;
        going = readRecords(file, path, path);
        m_currentFile = nullptr;
    }
    m_doneBefore += fingerprintFile("features", path).size;
    return going && flushIfFull();
}

bool FeatureReader::readRecords(ByteStream &stream, const std::string &name,
                                const std::string &shardPath) {
    const auto split = splitOfShardPath(shardPath);
    if (!split) {
        problem(ProblemKind::UnknownFeatureSplit, name, kWholeFile,
                "cannot tell the split (expected the shard inside a bal_train, eval or "
                "unbal_train folder); skipped");
        return true;
    }
    m_batch.sources.push_back(name);
    uint32_t source = static_cast<uint32_t>(m_batch.sources.size() - 1);
    TfRecordReader reader(stream);
    std::string_view record; // in the stream's buffer, or in `copy`; decoded before the next
    std::string copy, error;
    for (;;) {
        const TfRecordReader::Status status = reader.next(record, copy, error);
        if (status == TfRecordReader::Status::End) return true;
        if (status == TfRecordReader::Status::Broken) {
            const bool truncated = !stream.error().empty();
            problem(truncated ? ProblemKind::TruncatedInput : ProblemKind::CorruptRecord, name,
                    reader.recordOffset(), error + "; the rest of this shard is skipped");
            return true;
        }
        if (status == TfRecordReader::Status::Skipped)
            problem(ProblemKind::CorruptRecord, name, reader.recordOffset(), error);
        else
            decode(*split, source, reader.recordOffset(), record);
        if (batchFull()) {
            if (!flush()) return false;
            m_batch.sources.push_back(name);
            source = 0;
        }
    }
}

// A record readReleaseRecord declined is not in the release's encoding (the fuzzer checks that
// rotationOf never claims one): it keeps the skeleton and frame offsets.
void FeatureReader::appendFullLayout(std::string_view bytes) {
    splitOutFrames(bytes, m_record.frameOffsets, m_layout);
    appendPackedLayout(m_batch.layouts, m_layout);
}

void FeatureReader::decode(Split split, uint32_t source, uint64_t offset, std::string_view bytes) {
    if (m_batch.records.capacity() == 0) reserveBatch();
    DecodedRecord &out = m_batch.records.emplace_back();
    out.split = split;
    out.source = source;
    out.offset = offset;
    const size_t framesBegin = m_batch.frames.size();
    // Nearly every record is in the release's own encoding: read by position and confirmed
    // byte for byte, it needs neither the general parser nor a second comparison for its layout.
    const std::optional<int> rotation =
        m_encoder.readReleaseRecord(bytes, m_record, m_batch.frames);
    if (!rotation) {
        if (auto error = m_decoder.decode(bytes, m_record, m_batch.frames)) {
            out.error = std::move(*error);
            return;
        }
    }
    const std::string_view frames(m_batch.frames.data() + framesBegin,
                                  m_batch.frames.size() - framesBegin);
    std::copy_n(m_record.ytid.data(), out.ytid.size(), out.ytid.data());
    out.startSeconds = m_record.startSeconds;
    out.endSeconds = m_record.endSeconds;
    out.labelsBegin = m_batch.labels.size();
    out.labelsCount = m_record.labels.size();
    m_batch.labels.insert(m_batch.labels.end(), m_record.labels.begin(), m_record.labels.end());
    out.framesBegin = framesBegin;
    out.framesSize = frames.size();
    out.labelTextBegin = m_batch.labelTexts.size();
    appendLabelText(m_batch.labelTexts, m_record.labels.data(), m_record.labels.size());
    out.labelTextSize = m_batch.labelTexts.size() - out.labelTextBegin;
    out.layoutBegin = m_batch.layouts.size();
    if (rotation)
        m_batch.layouts += releaseLayout(*rotation);
    else
        appendFullLayout(bytes);
    out.layoutSize = m_batch.layouts.size() - out.layoutBegin;
    out.frameSums = sumFrames(frames);
    out.framesHash = hashBytes(frames);
}

} // namespace audioset
