#pragma once

#include "quality.h"
#include "split.h"
#include "splitcounts.h"

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace audioset {

class Database;
class SegmentSorter;
class Statement;

/// A class as listed in the ontology panel and `audioset classes`.
struct ClassSummary {
    int id = -1;
    std::string mid;
    std::string name;
    std::optional<int> labelIndex;
    bool abstract = false;
    bool blacklisted = false;
    bool inOntology = false;
    std::array<SplitCounts, kSplitCount> counts{};
    std::optional<QualityAssessment> quality;
};

/// Everything the class page shows.
struct ClassInfo : ClassSummary {
    std::string description;
    std::string citationUri;
    std::vector<std::string> positiveExamples;
    std::vector<std::string> parents;  // mids
    std::vector<std::string> children; // mids, in ontology order
};

/// A header line that disagrees with the rows of its file.
struct HeaderMismatch {
    Split split = Split::Eval;
    std::string path;
    std::string field; // "num_segs", ...
    int64_t header = 0;
    int64_t actual = 0;
};

/// What the embeddings stage read, per split.
struct EmbeddingStats {
    std::array<int64_t, kSplitCount> records{};
    std::array<int64_t, kSplitCount> linked{};
    std::array<int64_t, kSplitCount> orphans{};
    std::array<int64_t, kSplitCount> labelDisagreements{};
};

struct IndexStats {
    std::array<std::optional<int64_t>, kSplitCount> segments{}; // absent: split not indexed
    std::array<int64_t, kSplitCount> positiveLabels{};
    std::array<int64_t, kSplitCount> reratedSegments{};
    std::array<int64_t, kSplitCount> skippedRows{};
    int64_t classes = 0;        // classes in the ontology
    int64_t labelClasses = 0;   // classes with a label index
    int64_t unknownClasses = 0; // ids met only in segment CSVs
    std::vector<HeaderMismatch> headerMismatches;
    bool synthetic = false;
    std::optional<EmbeddingStats> embeddings; // absent: no embeddings were indexed
};

/// The order of a segment listing. Natural is the index's own: split, then ytid, then start.
/// Every other order keeps the natural order among equal keys.
enum class SegmentSort { Natural, Ytid, Start, End, Split, LabelCount, Rerated, Embedding, Audio };

struct SegmentQuery {
    std::optional<std::string> classMid;
    bool rollup = false; // with classMid: include segments of descendant classes
    std::optional<Split> split;
    std::optional<bool> rerated;
    int64_t offset = 0;
    int64_t limit = 100;
    std::optional<bool> withEmbedding; // only segments with (true) or without VGGish frames
    SegmentSort sort = SegmentSort::Natural;
    bool descending = false;       // the keys from the largest; equal keys stay in natural order
    std::optional<bool> withAudio; // only segments with (true) or without a local audio file
};

struct SegmentRow {
    int64_t id = 0;
    Split split = Split::Eval;
    std::string ytid;
    int64_t startMs = 0;
    int64_t endMs = 0;
    bool rerated = false;
    bool hasEmbedding = false;       // VGGish frames are indexed for it
    bool hasAudio = false;           // a local audio file matches it (audioset audio scan)
    std::vector<std::string> labels; // mids
};

struct SegmentPage {
    std::vector<SegmentRow> rows;
    int64_t total = 0; // rows matching the query, before offset and limit
};

/// The VGGish frames of one segment, quantized as in the release (0-255).
struct SegmentEmbedding {
    int64_t segmentId = 0;
    int64_t embeddingId = 0;
    size_t frameCount = 0;
    std::vector<uint8_t> frames; // frameCount x 128
    bool labelsAgree = true;     // the record's labels equal the CSV row's
    int64_t recordStartMs = 0;
    int64_t recordEndMs = 0;

    /// The float value of a quantized one: q * 4 / 255 - 2.
    static float dequantize(uint8_t q) { return static_cast<float>(q) * 4.0f / 255.0f - 2.0f; }
    std::vector<float> dequantized() const;
};

/// The mean frame over all frames of a class's segments in a split (quantized scale, 0-255).
struct ClassMeanFrame {
    int64_t segments = 0;
    int64_t frames = 0;
    std::vector<float> mean; // 128 values
};

/// One segment's vector as neighbour search loads it: the vector is sums / frameCount.
struct SegmentVectorView {
    uint32_t segmentId = 0;
    Split split = Split::Eval;
    std::string_view ytid;
    int64_t startMs = 0;
    int frameCount = 0;
    const uint32_t *sums = nullptr; // 128 values
    uint64_t framesHash = 0;        // hashBytes of the frame bytes
};

/// A class that often shares segments with another: how often, and how much more than chance.
struct Cooccurrence {
    std::string mid;
    std::string name;
    int64_t count = 0; // segments labelled with both
    double lift = 0;   // count / expected count if the two labels were independent
};

/// A parent-child edge of the ontology, by class id, children in ontology order.
struct ClassEdge {
    int parent = -1;
    int child = -1;
};

/// Read-only questions to an index. One connection; use one Catalog per thread.
class Catalog {
public:
    /// Opens an index; nullptr and `error` set when the file is missing, not an index, or from a
    /// newer schema.
    static std::unique_ptr<Catalog> open(const std::string &path, std::string &error);
    ~Catalog();

    IndexStats stats();
    std::optional<ClassInfo> classInfo(std::string_view mid);
    /// All classes in ontology order; with `search`, those whose name or id contains it
    /// (case-insensitive).
    std::vector<ClassSummary> classes(std::string_view search = {});
    /// The class's id in this index.
    std::optional<int> classIdOf(std::string_view mid);
    /// The class and all its descendants (ids).
    std::vector<int> descendantsOrSelf(int classId);
    /// The segments labelled with the class in a split, in id order, with
    /// the rerated flag of postinglist.h set for rerated ones.
    std::vector<uint32_t> directPostings(int classId, Split split);
    /// The postings of a class in a split: its own segments, or with rollup those of it and its
    /// descendants (each once), in id order, the rerated flag of postinglist.h set.
    std::vector<uint32_t> classPostings(int classId, Split split, bool rollup);
    /// Ids of the segments that have an embedding, sorted. Read once per catalog: the segment
    /// table's embedding filter asks for them with every page.
    const std::vector<uint32_t> &segmentsWithEmbeddings();
    /// Segments a scanned local audio file matches (and still matches), ascending; kept until
    /// forgetAudio(), which a new scan calls for.
    const std::vector<uint32_t> &segmentsWithAudio();
    void forgetAudio();
    /// The local audio file of each of `sortedIds` that has one (one per segment: a clip named
    /// with its start before a whole video), as (segment id, path), in id order.
    std::vector<std::pair<uint32_t, std::string>>
    audioFilesOf(const std::vector<uint32_t> &sortedIds);
    /// Streams the rows of `sortedIds` (ascending) in that order; stop by returning false.
    void forEachSegment(const std::vector<uint32_t> &sortedIds,
                        const std::function<bool(const SegmentRow &)> &visit);
    /// One segment's embedding record, as forEachRecord hands it out.
    struct RecordView {
        uint32_t segmentId = 0;
        Split split = Split::Eval;
        std::string_view ytid;
        const std::string *record = nullptr; // the original SequenceExample bytes
        const uint8_t *frames = nullptr;
        size_t frameCount = 0;
    };
    /// Streams the segments of `sortedIds` (ascending) that have an embedding; stop by
    /// returning false.
    void forEachRecord(const std::vector<uint32_t> &sortedIds,
                       const std::function<bool(const RecordView &)> &visit);
    /// The release files the index was built from (role, path, size; size -1 = absent).
    struct SourceFile {
        std::string stage;
        std::string role;
        std::string path;
        int64_t size = -1;
    };
    std::vector<SourceFile> sourceFiles();

    /// Every edge of the DAG, by parent then position.
    std::vector<ClassEdge> classEdges();
    /// The classes most often labelled together with `mid` in a split (direct labels), by count;
    /// its own ancestors are left out.
    std::vector<Cooccurrence> cooccurring(std::string_view mid, Split split, size_t limit = 10);
    /// Throws std::invalid_argument for an unknown class id.
    SegmentPage segments(const SegmentQuery &query);
    /// The segments of one video in every split (sorted splits are binary-searched by row).
    std::vector<SegmentRow> segmentsOfVideo(std::string_view ytid);

    std::optional<SegmentEmbedding> embedding(int64_t segmentId);
    /// The mean frame of a class (or, with rollup, of it and its descendants) in a split.
    std::optional<ClassMeanFrame> classMeanFrame(std::string_view mid, Split split, bool rollup);
    /// The segment's original SequenceExample bytes, rebuilt exactly from the stored frames.
    std::optional<std::string> originalRecord(int64_t segmentId);
    /// Calls `visit` for every segment with an embedding, in segment order; stop by returning
    /// false. For bulk work (nearest neighbours, maps).
    void
    forEachEmbedding(const std::function<bool(int64_t segmentId, Split split, const uint8_t *frames,
                                              size_t frameCount)> &visit);

    /// Calls `visit` for every linked segment's vector, in segment order; stop by returning
    /// false. Indexes written before vectors were stored are read from their frames (slower).
    void forEachSegmentVector(const std::function<bool(const SegmentVectorView &)> &visit);
    /// Segments with an embedding (0 when none were indexed).
    int64_t segmentsWithEmbeddingCount();
    /// Where the index file is.
    const std::string &path() const;

private:
    explicit Catalog(std::unique_ptr<Database> db);
    void fillCounts(std::vector<ClassSummary> &classes);
    // The four ways segments() answers (see there).
    SegmentPage classSegments(int classId, const std::vector<Split> &splits, bool rollup,
                              int64_t offset, int64_t limit);
    SegmentPage classSegmentsFiltered(int classId, const std::vector<Split> &splits,
                                      const SegmentQuery &query, int64_t offset, int64_t limit);
    SegmentPage splitSegments(const std::vector<Split> &splits, int64_t offset, int64_t limit);
    SegmentPage splitSegmentsFiltered(const SegmentQuery &query, int64_t offset, int64_t limit);
    // The SELECT of a segment row, whether or not embeddings are indexed.
    std::string segmentColumns();
    void appendSegment(Statement &byId, uint32_t id, std::vector<SegmentRow> &rows);
    std::vector<uint32_t> postings(int classId, Split split, bool rollup, int64_t from,
                                   int64_t count);
    std::optional<int64_t> findInSortedSplit(std::string_view ytid, int64_t first, int64_t count);
    SegmentPage pageOf(const SegmentQuery &query, const std::vector<Split> &splits, int64_t offset,
                       int64_t limit);
    // A listing in another order than the natural one: every match, sorted, then the page.
    SegmentPage sortedSegments(const SegmentQuery &query, int64_t offset, int64_t limit);
    std::vector<uint32_t> matchingSegments(const SegmentQuery &query);
    std::vector<uint32_t> classMatches(int classId, const std::vector<Split> &splits,
                                       const SegmentQuery &query);
    std::string splitFilterWhere(const SegmentQuery &query);

    std::vector<Cooccurrence> cooccurringFromBlob(int classId, Split split, size_t limit,
                                                  double segments);
    std::vector<Cooccurrence> cooccurringFromRows(int classId, Split split, size_t limit,
                                                  double segments);

    std::unique_ptr<Database> m_db;
    // cooccurrence holds a blob per class (pairlist.h), or, in an index written before, a row
    // per pair.
    const bool m_pairsAsBlobs;
    std::optional<std::vector<uint32_t>> m_segmentsWithEmbeddings;
    std::optional<std::vector<uint32_t>> m_segmentsWithAudio;
    std::unique_ptr<SegmentSorter> m_sorter; // made at the first sorted listing
};

} // namespace audioset
