#pragma once

#include <optional>
#include <string>

namespace audioset {

class Database;

/// The index's schema version; a database with a higher one was written by a newer build.
/// 2: a record's frames are in its embeddings row (1 kept them in embedding_frames).
inline constexpr int kSchemaVersion = 2;
/// PRAGMA application_id of an AudioSet Browser index ("ASBi").
inline constexpr int kApplicationId = 0x41534269;

/// " FROM audio_files a JOIN segments s ..." keeping only the audio files whose match is still
/// current: their segment id still names the video and start they were matched to (after a
/// re-index the ids may name other segments).
inline constexpr const char *kCurrentAudioFiles =
    " FROM audio_files a JOIN segments s ON s.id = a.segment_id AND s.ytid = a.ytid AND "
    "s.start_ms = a.start_ms ";

/// Why this build cannot use the database, or nothing when it can (including a new, empty file).
std::optional<std::string> schemaProblem(Database &db);

/// Why a reader cannot use an index this build could still update (an older build's tables),
/// or nothing when it can.
std::optional<std::string> outdatedIndexProblem(Database &db);

/// Whether the features tables are laid out as before schema 2, so must be read again.
bool hasSchema1Embeddings(Database &db);

/// Whether the links to the embeddings were written before they carried the vectors (kept in
/// segment_vectors then, or nowhere): re-linking brings them up to date without reading the
/// features again, and readers meanwhile take the vectors from where they are.
bool embeddingLinksLackVectors(Database &db);

/// Creates the tables that outlive a re-index (meta, inputs) when they are missing, and stamps
/// the file with the application id and schema version.
void ensureBaseSchema(Database &db);

/// Drops and recreates the tables derived from the metadata release files.
void recreateMetadataTables(Database &db);

/// Drops and recreates the tables read from the features (records and their frames).
void recreateEmbeddingTables(Database &db);

/// Drops and recreates what ties embeddings to segments; rebuilt whenever either side changes.
void recreateEmbeddingLinkTables(Database &db);

} // namespace audioset
