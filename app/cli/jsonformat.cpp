#include "jsonformat.h"
#include "clioptions.h"

#include "youtubeid.h"

#include <QJsonArray>

namespace audioset::cli {

namespace {

QString qs(const std::string &text) {
    return QString::fromStdString(text);
}

QJsonArray stringArray(const std::vector<std::string> &items) {
    QJsonArray array;
    for (const std::string &item : items)
        array.append(qs(item));
    return array;
}

QJsonArray restrictions(const ClassSummary &summary) {
    QJsonArray array;
    if (summary.abstract) array.append(QStringLiteral("abstract"));
    if (summary.blacklisted) array.append(QStringLiteral("blacklist"));
    return array;
}

QJsonObject countsToJson(const std::array<SplitCounts, kSplitCount> &counts) {
    QJsonObject object;
    for (Split split : kAllSplits) {
        const SplitCounts &c = counts[static_cast<size_t>(splitIndex(split))];
        object.insert(splitText(split),
                      QJsonObject{{QStringLiteral("direct"), static_cast<qint64>(c.direct)},
                                  {QStringLiteral("rollup"), static_cast<qint64>(c.rollup)},
                                  {QStringLiteral("exclusive"), static_cast<qint64>(c.exclusive)}});
    }
    return object;
}

QJsonObject reratedToJson(const std::array<SplitCounts, kSplitCount> &counts) {
    QJsonObject object;
    for (Split split : kAllSplits) {
        const SplitCounts &c = counts[static_cast<size_t>(splitIndex(split))];
        object.insert(
            splitText(split),
            QJsonObject{{QStringLiteral("direct"), static_cast<qint64>(c.reratedDirect)},
                        {QStringLiteral("rollup"), static_cast<qint64>(c.reratedRollup)}});
    }
    return object;
}

QJsonValue labelIndex(const ClassSummary &summary) {
    return summary.labelIndex ? QJsonValue(*summary.labelIndex) : QJsonValue(QJsonValue::Null);
}

template <typename Value> QJsonObject perSplit(const std::array<Value, kSplitCount> &values) {
    QJsonObject object;
    for (Split split : kAllSplits) {
        const auto &value = values[static_cast<size_t>(splitIndex(split))];
        if constexpr (std::is_same_v<Value, std::optional<int64_t>>)
            object.insert(splitText(split), static_cast<qint64>(value.value_or(0)));
        else
            object.insert(splitText(split), static_cast<qint64>(value));
    }
    return object;
}

} // namespace

QJsonValue qualityToJson(const std::optional<QualityAssessment> &quality) {
    if (!quality) return QJsonValue(QJsonValue::Null);
    QJsonObject object{{QStringLiteral("rated"), static_cast<qint64>(quality->rated)},
                       {QStringLiteral("true"), static_cast<qint64>(quality->trueCount)}};
    const auto estimate = quality->estimate();
    const auto interval = quality->wilson95();
    object.insert(QStringLiteral("estimate"),
                  estimate ? QJsonValue(*estimate) : QJsonValue(QJsonValue::Null));
    object.insert(QStringLiteral("wilson95"),
                  interval ? QJsonValue(QJsonArray{interval->first, interval->second})
                           : QJsonValue(QJsonValue::Null));
    return object;
}

QJsonObject statsToJson(const IndexStats &stats) {
    QJsonArray mismatches;
    for (const HeaderMismatch &mismatch : stats.headerMismatches)
        mismatches.append(
            QJsonObject{{QStringLiteral("split"), splitText(mismatch.split)},
                        {QStringLiteral("file"), qs(mismatch.path)},
                        {QStringLiteral("field"), qs(mismatch.field)},
                        {QStringLiteral("header"), static_cast<qint64>(mismatch.header)},
                        {QStringLiteral("rows"), static_cast<qint64>(mismatch.actual)}});
    int64_t orphans = 0, disagreements = 0;
    if (stats.embeddings)
        for (size_t i = 0; i < kSplitCount; ++i) {
            orphans += stats.embeddings->orphans[i];
            disagreements += stats.embeddings->labelDisagreements[i];
        }
    QJsonArray indexed;
    for (Split split : kAllSplits)
        if (stats.segments[static_cast<size_t>(splitIndex(split))])
            indexed.append(splitText(split));
    return QJsonObject{
        {QStringLiteral("segments"), perSplit(stats.segments)},
        {QStringLiteral("positive_labels"), perSplit(stats.positiveLabels)},
        {QStringLiteral("rerated_segments"), perSplit(stats.reratedSegments)},
        {QStringLiteral("skipped_rows"), perSplit(stats.skippedRows)},
        {QStringLiteral("indexed_splits"), indexed},
        {QStringLiteral("classes"), static_cast<qint64>(stats.classes)},
        {QStringLiteral("label_classes"), static_cast<qint64>(stats.labelClasses)},
        {QStringLiteral("unknown_classes"), static_cast<qint64>(stats.unknownClasses)},
        {QStringLiteral("header_mismatches"), mismatches},
        {QStringLiteral("synthetic"), stats.synthetic},
        {QStringLiteral("embeddings"), stats.embeddings
                                           ? perSplit(stats.embeddings->records)
                                           : perSplit(std::array<int64_t, kSplitCount>{})},
        {QStringLiteral("embeddings_linked"), stats.embeddings
                                                  ? perSplit(stats.embeddings->linked)
                                                  : perSplit(std::array<int64_t, kSplitCount>{})},
        {QStringLiteral("orphan_embeddings"), static_cast<qint64>(orphans)},
        {QStringLiteral("embedding_label_disagreements"), static_cast<qint64>(disagreements)},
    };
}

QJsonObject classSummaryToJson(const ClassSummary &summary) {
    return QJsonObject{
        {QStringLiteral("id"), qs(summary.mid)},
        {QStringLiteral("name"), qs(summary.name)},
        {QStringLiteral("label_index"), labelIndex(summary)},
        {QStringLiteral("restrictions"), restrictions(summary)},
        {QStringLiteral("in_ontology"), summary.inOntology},
        {QStringLiteral("counts"), countsToJson(summary.counts)},
        {QStringLiteral("quality"), qualityToJson(summary.quality)},
    };
}

QJsonObject classToJson(const ClassInfo &info) {
    QJsonObject object = classSummaryToJson(info);
    object.insert(QStringLiteral("description"), qs(info.description));
    object.insert(QStringLiteral("citation_uri"), qs(info.citationUri));
    object.insert(QStringLiteral("positive_examples"), stringArray(info.positiveExamples));
    object.insert(QStringLiteral("parents"), stringArray(info.parents));
    object.insert(QStringLiteral("children"), stringArray(info.children));
    object.insert(QStringLiteral("rerated"), reratedToJson(info.counts));
    return object;
}

QJsonObject segmentToJson(const SegmentRow &row) {
    const auto url = youtubeWatchUrl(row.ytid, row.startMs);
    return QJsonObject{
        {QStringLiteral("ytid"), qs(row.ytid)},
        {QStringLiteral("start"), static_cast<double>(row.startMs) / 1000.0},
        {QStringLiteral("end"), static_cast<double>(row.endMs) / 1000.0},
        {QStringLiteral("split"), splitText(row.split)},
        {QStringLiteral("labels"), stringArray(row.labels)},
        {QStringLiteral("rerated"), row.rerated},
        {QStringLiteral("url"), url ? QJsonValue(qs(*url)) : QJsonValue(QJsonValue::Null)},
    };
}

} // namespace audioset::cli
