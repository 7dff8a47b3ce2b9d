#pragma once

#include "catalog.h"

#include <QJsonObject>

namespace audioset::cli {

/// The CLI's JSON shapes for the catalog's answers.
QJsonObject statsToJson(const IndexStats &stats);
QJsonObject classToJson(const ClassInfo &info);
QJsonObject classSummaryToJson(const ClassSummary &summary);
QJsonObject segmentToJson(const SegmentRow &row);
/// {"rated", "true", "estimate", "wilson95"}; estimate and interval are null when unrated.
QJsonValue qualityToJson(const std::optional<QualityAssessment> &quality);

} // namespace audioset::cli
