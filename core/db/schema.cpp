#include "schema.h"

#include "sqlitedb.h"

namespace audioset {

std::optional<std::string> schemaProblem(Database &db) {
    const int64_t applicationId = db.queryInt("PRAGMA application_id");
    const int64_t version = db.queryInt("PRAGMA user_version");
    const int64_t tables = db.queryInt("SELECT count(*) FROM sqlite_master");
    if (applicationId == 0 && version == 0 && tables == 0) return std::nullopt; // a new file
    if (applicationId != kApplicationId)
        return db.path() + " is not an AudioSet Browser index (it is some other SQLite file)";
    if (version > kSchemaVersion)
        return db.path() + " was written by a newer AudioSet Browser (index schema " +
               std::to_string(version) + "; this build reads schema " +
               std::to_string(kSchemaVersion) +
               " and older). Update AudioSet Browser, or index into a new file.";
    return std::nullopt;
}

bool hasSchema1Embeddings(Database &db) {
    return db.tableExists("embedding_frames");
}

bool embeddingLinksLackVectors(Database &db) {
    return db.tableExists("segment_embeddings") &&
           db.queryInt("SELECT count(*) FROM pragma_table_info('segment_embeddings') "
                       "WHERE name = 'sums'") == 0;
}

std::optional<std::string> outdatedIndexProblem(Database &db) {
    if (!hasSchema1Embeddings(db)) return std::nullopt;
    return db.path() +
           " holds embeddings indexed by an older AudioSet Browser (index schema 1); bring it "
           "up to date with: audioset index DATA_DIR --db " +
           db.path();
}

void ensureBaseSchema(Database &db) {
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    db.exec(R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs(
  stage TEXT NOT NULL, role TEXT NOT NULL, path TEXT NOT NULL,
  size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
  PRIMARY KEY(stage, role)) WITHOUT ROWID;
)sql");
}

void recreateMetadataTables(Database &db) {
    db.exec(R"sql(
DROP TABLE IF EXISTS classes;
DROP TABLE IF EXISTS class_edges;
DROP TABLE IF EXISTS class_counts;
DROP TABLE IF EXISTS class_postings;
DROP TABLE IF EXISTS cooccurrence;
DROP TABLE IF EXISTS quality;
DROP TABLE IF EXISTS segments;
DROP TABLE IF EXISTS split_files;

CREATE TABLE classes(
  id INTEGER PRIMARY KEY,
  mid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  citation_uri TEXT NOT NULL,
  positive_examples TEXT NOT NULL,  -- one URL a line
  abstract INTEGER NOT NULL,
  blacklisted INTEGER NOT NULL,
  in_ontology INTEGER NOT NULL,
  label_index INTEGER);

CREATE TABLE class_edges(
  parent_id INTEGER NOT NULL,
  child_id INTEGER NOT NULL,
  position INTEGER NOT NULL,        -- order of child_ids in the ontology
  PRIMARY KEY(parent_id, child_id)) WITHOUT ROWID;
CREATE INDEX class_edges_by_child ON class_edges(child_id);

CREATE TABLE class_counts(
  class_id INTEGER NOT NULL,
  split INTEGER NOT NULL,
  direct INTEGER NOT NULL,
  rollup INTEGER NOT NULL,
  exclusive INTEGER NOT NULL,
  rerated_direct INTEGER NOT NULL,
  rerated_rollup INTEGER NOT NULL,
  PRIMARY KEY(class_id, split)) WITHOUT ROWID;

-- Segment ids of a class in one split, in file order, as little-endian uint32 with the
-- rerated flag in the top bit: paging a million-row class is one blob read.
CREATE TABLE class_postings(
  id INTEGER PRIMARY KEY,
  class_id INTEGER NOT NULL,
  split INTEGER NOT NULL,
  rollup INTEGER NOT NULL,
  count INTEGER NOT NULL,
  segment_ids BLOB NOT NULL,
  UNIQUE(class_id, split, rollup));

-- Per split and class, the classes that share a segment with it (pairlist.h): one row per
-- class, written in key order. (Indexes written before hold a row per pair, keyed (class_id,
-- split, other_id) with a count column; the catalog reads both.)
CREATE TABLE cooccurrence(
  split INTEGER NOT NULL,
  class_id INTEGER NOT NULL,
  pairs BLOB NOT NULL,
  PRIMARY KEY(split, class_id)) WITHOUT ROWID;

CREATE TABLE quality(
  class_id INTEGER PRIMARY KEY,
  rated INTEGER NOT NULL,
  true_count INTEGER NOT NULL);

CREATE TABLE segments(
  id INTEGER PRIMARY KEY,
  split INTEGER NOT NULL,
  ytid TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  rerated INTEGER NOT NULL,
  labels TEXT NOT NULL);            -- class mids as in the CSV, comma-separated

-- One row per segment CSV that was indexed: where its segments lie and what its header claimed.
CREATE TABLE split_files(
  split INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  created_line TEXT NOT NULL,
  first_segment_id INTEGER NOT NULL,
  segment_count INTEGER NOT NULL,
  skipped_rows INTEGER NOT NULL,
  rows_ytids INTEGER NOT NULL,
  rows_unique_labels INTEGER NOT NULL,
  rows_positive_labels INTEGER NOT NULL,
  rerated_segments INTEGER NOT NULL,
  sorted_by_ytid INTEGER NOT NULL,  -- 1: the file was in (ytid, start) order; the index is always
  header_ytids INTEGER,
  header_segs INTEGER,
  header_unique_labels INTEGER,
  header_positive_labels INTEGER);
)sql");
}

void recreateEmbeddingTables(Database &db) {
    db.exec(R"sql(
DROP TABLE IF EXISTS embeddings;
DROP TABLE IF EXISTS embedding_frames; -- where builds before schema 2 kept the frames

-- One row per TFRecord record, matched to a segment or not (an orphan). Every reader of the
-- records wants their frames too, so they share the row: one B-tree insert per record.
CREATE TABLE embeddings(
  id INTEGER PRIMARY KEY,
  split INTEGER NOT NULL,
  ytid TEXT NOT NULL,
  start_ms INTEGER NOT NULL,        -- the record's own (float32) times, rounded to ms
  end_ms INTEGER NOT NULL,
  frame_count INTEGER NOT NULL,
  labels TEXT NOT NULL,             -- label indices as the record lists them
  layout BLOB NOT NULL,             -- rebuilds the original record bytes: one byte when the
                                    -- release's encoding at that rotation gives them from this
                                    -- row (releaseencoding.h), else the skeleton and frame
                                    -- offsets (audiosetrecord.h)
  frames BLOB NOT NULL);            -- frame_count x 128 uint8, as quantized in the release
)sql");
    recreateEmbeddingLinkTables(db);
}

void recreateEmbeddingLinkTables(Database &db) {
    db.exec(R"sql(
DROP TABLE IF EXISTS segment_embeddings;
DROP TABLE IF EXISTS class_embedding_means;
DROP TABLE IF EXISTS embedding_summary;
DROP TABLE IF EXISTS segment_vectors;
DROP TABLE IF EXISTS label_error_scores;
DROP TABLE IF EXISTS label_error_runs;

-- Per linked segment, its record and what neighbour search loads (the vector is sums /
-- frame_count): one row, so one B-tree insert per record. Indexes written before kept the
-- vectors in segment_vectors, or none (embeddingLinksLackVectors).
CREATE TABLE segment_embeddings(
  segment_id INTEGER PRIMARY KEY,
  embedding_id INTEGER NOT NULL,
  labels_agree INTEGER NOT NULL,    -- 0: the record's labels differ from the CSV row
  frame_count INTEGER NOT NULL,
  sums BLOB,                        -- 128 uint16 LE: per dimension, the sum over the frames;
                                    -- NULL for no frames or more than 257 (no vector)
  frames_hash INTEGER NOT NULL);    -- hashBytes of the frame bytes: groups identical frames

-- Per class, split and count kind: the mean frame over all frames, 128 float32 LE (quantized
-- scale).
CREATE TABLE class_embedding_means(
  class_id INTEGER NOT NULL,
  split INTEGER NOT NULL,
  rollup INTEGER NOT NULL,
  segments INTEGER NOT NULL,
  frames INTEGER NOT NULL,
  mean_frame BLOB NOT NULL,
  PRIMARY KEY(class_id, split, rollup)) WITHOUT ROWID;

-- Label-error rankings, computed on demand and dropped with the embeddings they came from.
CREATE TABLE label_error_runs(
  class_id INTEGER NOT NULL,
  split INTEGER NOT NULL,
  k INTEGER NOT NULL,
  segments INTEGER NOT NULL,
  computed_at TEXT NOT NULL,
  search TEXT NOT NULL,             -- "exact" or "probed N leaves"
  proved INTEGER NOT NULL,          -- segments whose neighbours are proved exact
  PRIMARY KEY(class_id, split, k)) WITHOUT ROWID;
CREATE TABLE label_error_scores(
  class_id INTEGER NOT NULL,
  split INTEGER NOT NULL,
  k INTEGER NOT NULL,
  rank INTEGER NOT NULL,            -- 0 = most likely wrong
  segment_id INTEGER NOT NULL,
  score REAL NOT NULL,
  mean_distance REAL NOT NULL,
  PRIMARY KEY(class_id, split, k, rank)) WITHOUT ROWID;

CREATE TABLE embedding_summary(
  split INTEGER PRIMARY KEY,
  records INTEGER NOT NULL,
  linked INTEGER NOT NULL,
  orphans INTEGER NOT NULL,
  label_disagreements INTEGER NOT NULL);
)sql");
}

} // namespace audioset
