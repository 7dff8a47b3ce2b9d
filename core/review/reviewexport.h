#pragma once

#include "catalog.h"
#include "outcome.h"
#include "reviewstats.h"

#include <string>
#include <vector>

namespace audioset {

/// Every verdict, history included, as CSV: split,ytid,start_seconds,class,verdict,reviewer,
/// time (ISO 8601, UTC),note. Written beside `path` and renamed into place.
Outcome writeVerdictsCsv(const std::vector<VerdictRecord> &history, const std::string &path);

/// A qa_true_counts.csv from the consensus (label_id,num_rated,num_true, every label class in
/// label-index order, all splits together; 0,0 for a class nobody reviewed), which
/// `audioset index` reads in place of the official file.
Outcome writeReviewedQualityCsv(const ReviewSummary &summary,
                                const std::vector<ClassSummary> &classes, const std::string &path);

} // namespace audioset
