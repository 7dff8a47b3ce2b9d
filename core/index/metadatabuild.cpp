#include "metadatabuild.h"

#include "diagnostics.h"
#include "indexwriter.h"
#include "labelindexcsv.h"
#include "labelstatistics.h"
#include "ontologyjson.h"
#include "progresstracker.h"
#include "qualitycsv.h"
#include "releaseinputs.h"
#include "reratedids.h"
#include "reratedset.h"
#include "schema.h"
#include "segmentloader.h"
#include "sqlitedb.h"

#include <algorithm>

namespace audioset {

MetadataBuild::MetadataBuild(Database &db, const ReleaseInputs &inputs, Diagnostics &diagnostics,
                             ProgressTracker &progress)
    : m_db(db)
    , m_inputs(inputs)
    , m_diagnostics(diagnostics)
    , m_progress(progress) {}

void MetadataBuild::run() {
    recreateMetadataTables(m_db);
    if (m_inputs.ontology.present)
        step("ontology.json", m_inputs.ontology,
             [&] { return loadOntologyJson(m_inputs.ontology.path, m_graph, m_diagnostics); });
    if (m_inputs.labelIndex.present)
        step("class_labels_indices.csv", m_inputs.labelIndex,
             [&] { return loadLabelIndexCsv(m_inputs.labelIndex.path, m_graph, m_diagnostics); });
    std::vector<QualityRating> ratings;
    if (m_inputs.quality.present)
        step("qa_true_counts.csv", m_inputs.quality, [&] {
            return loadQualityCsv(m_inputs.quality.path, m_graph, ratings, m_diagnostics);
        });
    ReratedSet rerated;
    if (m_inputs.rerated.present)
        step("rerated_video_ids.txt", m_inputs.rerated,
             [&] { return loadReratedIds(m_inputs.rerated.path, rerated, m_diagnostics); });

    uint32_t nextSegmentId = 0;
    for (Split split : kAllSplits) {
        const InputFile &file = m_inputs.segments[splitIndex(split)];
        if (!file.present) continue;
        m_segments[splitIndex(split)] = loadSplit(split, file, rerated, nextSegmentId);
        nextSegmentId += static_cast<uint32_t>(m_segments[splitIndex(split)]);
    }
    m_progress.tick("writing the index");
    indexwriter::writeClasses(m_db, m_graph);
    indexwriter::writeQuality(m_db, ratings);
}

template <typename Load>
void MetadataBuild::step(const char *phase, const InputFile &file, Load &&load) {
    m_progress.tick(phase);
    if (!load()) throw UnreadableInput{file.path};
    m_progress.complete(file.size);
}

int64_t MetadataBuild::loadSplit(Split split, const InputFile &file, ReratedSet &rerated,
                                 uint32_t firstId) {
    SplitFileSummary summary;
    summary.split = split;
    summary.path = file.path;
    summary.firstSegmentId = firstId;
    LabelStatistics statistics(m_graph);
    SegmentLoader loader(m_db, m_graph, rerated, m_diagnostics);
    const std::string phase = file.path.substr(file.path.find_last_of('/') + 1);
    const bool finished = loader.load(summary, statistics, [&](uint64_t offset) {
        return m_progress.report(phase, std::min<uint64_t>(offset, file.size));
    });
    if (!finished) throw Cancelled();
    if (summary.unreadable) throw UnreadableInput{file.path};
    m_progress.complete(file.size);
    indexwriter::writeSplitStatistics(m_db, split, statistics);
    indexwriter::writeSplitFile(m_db, summary, statistics);
    return summary.segmentCount;
}

void reportMissingMetadata(const ReleaseInputs &inputs, Diagnostics &diagnostics) {
    auto missing = [&](const InputFile &file, const std::string &consequence) {
        if (!file.present)
            diagnostics.report(ProblemKind::MissingFile, file.path, kWholeFile,
                               "not found; " + consequence);
    };
    missing(inputs.ontology, "classes have no names, descriptions or hierarchy");
    missing(inputs.labelIndex, "label indices are unknown");
    missing(inputs.quality, "no quality estimates");
    missing(inputs.rerated, "no segment is marked rerated");
    for (Split split : kAllSplits)
        missing(inputs.segments[splitIndex(split)],
                "the " + std::string(splitName(split)) + " split is empty");
}

} // namespace audioset
