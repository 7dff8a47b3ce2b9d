#pragma once

#include "qualitycsv.h"
#include "split.h"

#include <string>
#include <vector>

namespace audioset {

class ClassGraph;
class Database;
class LabelStatistics;
struct InputFile;
struct SplitFileSummary;

/// Writes what the indexer gathered in memory into the metadata tables.
namespace indexwriter {

void writeClasses(Database &db, const ClassGraph &graph);
/// Counts, postings and co-occurrence of one split; frees the postings as it goes.
void writeSplitStatistics(Database &db, Split split, LabelStatistics &statistics);
void writeSplitFile(Database &db, const SplitFileSummary &summary,
                    const LabelStatistics &statistics);
void writeQuality(Database &db, const std::vector<QualityRating> &ratings);
void writeInputs(Database &db, const std::string &stage,
                 const std::vector<const InputFile *> &files);
void writeMeta(Database &db, const std::string &key, const std::string &value);

} // namespace indexwriter
} // namespace audioset
