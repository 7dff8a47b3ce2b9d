#include "clioptions.h"
#include "commands.h"

#include "catalog.h"
#include "textparse.h"
#include "youtubeid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

namespace audioset::cli {

namespace {

// Picks the segment: the one starting at --start, else the only one, else the first (noted).
std::optional<SegmentRow> chooseSegment(const std::vector<SegmentRow> &rows,
                                        std::optional<int64_t> startMs, const QString &ytid) {
    if (rows.empty()) {
        printErr(
            QStringLiteral("audioset embedding: no segment of video %1 in the index\n").arg(ytid));
        return std::nullopt;
    }
    if (startMs) {
        for (const SegmentRow &row : rows)
            if (std::llabs(row.startMs - *startMs) < 500) return row;
        printErr(QStringLiteral("audioset embedding: video %1 has no segment starting at %2 s\n")
                     .arg(ytid, QString::fromStdString(formatMsAsSeconds(*startMs))));
        return std::nullopt;
    }
    if (rows.size() > 1)
        printErr(QStringLiteral(
                     "note: video %1 has %2 segments; showing the first (choose with --start)\n")
                     .arg(ytid)
                     .arg(rows.size()));
    return rows.front();
}

} // namespace

int runEmbedding(const QStringList &args) {
    CliOptions options(QStringLiteral("embedding"),
                       QStringLiteral("Prints the quantized VGGish frames of one segment."));
    options.addDatabaseOption();
    options.addJsonOption();
    options.parser().addPositionalArgument(QStringLiteral("YTID"), QStringLiteral("YouTube id."));
    options.parser().addOption({QStringLiteral("start"),
                                QStringLiteral("The segment's start, when the video has several."),
                                QStringLiteral("SECONDS")});
    if (auto exit = options.parse(args)) return *exit;
    if (options.parser().positionalArguments().size() != 1)
        return options.usageError(QStringLiteral("expected one YouTube id"));
    const QString ytid = options.parser().positionalArguments().first();
    if (!isValidYoutubeId(ytid.toStdString()))
        return options.usageError(QStringLiteral("'%1' is not a YouTube id").arg(ytid));
    std::optional<int64_t> startMs;
    if (options.parser().isSet(QStringLiteral("start"))) {
        startMs = parseSecondsToMs(options.parser().value(QStringLiteral("start")).toStdString());
        if (!startMs) return options.usageError(QStringLiteral("--start expects seconds"));
    }
    auto catalog = options.openCatalog();
    if (!catalog) return Failure;
    const auto segment = chooseSegment(catalog->segmentsOfVideo(ytid.toStdString()), startMs, ytid);
    if (!segment) return Failure;
    const auto embedding = catalog->embedding(segment->id);
    if (!embedding) {
        printErr(
            QStringLiteral("audioset embedding: segment %1 at %2 s has no embedding in the index\n")
                .arg(ytid, QString::fromStdString(formatMsAsSeconds(segment->startMs))));
        return Failure;
    }
    QJsonArray frames;
    for (size_t t = 0; t < embedding->frameCount; ++t) {
        QJsonArray frame;
        for (size_t d = 0; d < 128; ++d)
            frame.append(embedding->frames[t * 128 + d]);
        frames.append(frame);
    }
    if (options.json()) {
        const QJsonObject object{
            {QStringLiteral("ytid"), ytid},
            {QStringLiteral("start"), static_cast<double>(segment->startMs) / 1000.0},
            {QStringLiteral("split"), splitText(segment->split)},
            {QStringLiteral("labels_agree"), embedding->labelsAgree},
            {QStringLiteral("frames"), frames}};
        printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) +
                 QLatin1Char('\n'));
        return Ok;
    }
    printOut(QStringLiteral(
                 "%1 at %2 s (%3): %4 frames x 128 dims, quantized 0-255 (value = q*4/255 - 2)\n")
                 .arg(ytid, QString::fromStdString(formatMsAsSeconds(segment->startMs)),
                      splitText(segment->split))
                 .arg(embedding->frameCount));
    for (size_t t = 0; t < embedding->frameCount; ++t) {
        QStringList values;
        for (size_t d = 0; d < 128; ++d)
            values << QString::number(embedding->frames[t * 128 + d]);
        printOut(QStringLiteral("%1s: %2\n").arg(t).arg(values.join(QLatin1Char(' '))));
    }
    return Ok;
}

} // namespace audioset::cli
