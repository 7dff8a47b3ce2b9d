#include "jsonlexport.h"

#include "exportcontext.h"
#include "outputfiles.h"
#include "youtubeid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace audioset {

// One segment a line, with class ids and names, for people who train in Python.
void writeJsonLinesExport(ExportContext &context) {
    OutputFile file;
    if (!file.open(context.dir + "/segments.jsonl")) throw ExportError(file.error());
    uint64_t done = 0;
    context.catalog.forEachSegment(context.plan.segmentIds, [&](const SegmentRow &row) {
        QJsonArray ids, names;
        for (const std::string &mid : row.labels) {
            ids.append(QString::fromStdString(mid));
            const auto it = context.classByMid.find(mid);
            names.append(
                QString::fromStdString(it == context.classByMid.end() ? mid : it->second->name));
        }
        const auto url = youtubeWatchUrl(row.ytid, row.startMs);
        const QJsonObject object{
            {QStringLiteral("ytid"), QString::fromStdString(row.ytid)},
            {QStringLiteral("start"), static_cast<double>(row.startMs) / 1000.0},
            {QStringLiteral("end"), static_cast<double>(row.endMs) / 1000.0},
            {QStringLiteral("split"),
             QString::fromLatin1(splitName(row.split).data(),
                                 static_cast<qsizetype>(splitName(row.split).size()))},
            {QStringLiteral("labels"), ids},
            {QStringLiteral("label_names"), names},
            {QStringLiteral("rerated"), row.rerated},
            {QStringLiteral("url"), url ? QJsonValue(QString::fromStdString(*url)) : QJsonValue()}};
        if (!file.write(QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString() + '\n'))
            throw ExportError(file.error());
        if (++done % 16384 == 0) context.tick("jsonl", done);
        return true;
    });
    if (!file.close()) throw ExportError(file.error());
}

} // namespace audioset
