#pragma once

#include <optional>
#include <string>

namespace audioset {

class Database;

/// The index's schema version; a database with a higher one was written by a newer build.
inline constexpr int kSchemaVersion = 1;
/// PRAGMA application_id of an AudioSet Browser index ("ASBi").
inline constexpr int kApplicationId = 0x41534269;

/// Why this build cannot use the database, or nothing when it can (including a new, empty file).
std::optional<std::string> schemaProblem(Database &db);

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
