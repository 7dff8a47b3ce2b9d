#include "clioptions.h"
#include "commands.h"
#include "jsonformat.h"
#include "tableprinter.h"

#include "catalog.h"
#include "textparse.h"
#include "youtubeid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <stdexcept>

namespace audioset::cli {

namespace {

std::optional<int> parseQuery(CliOptions &options, SegmentQuery &query) {
    QCommandLineParser &parser = options.parser();
    if (parser.isSet(QStringLiteral("class")))
        query.classMid = parser.value(QStringLiteral("class")).toStdString();
    query.rollup = parser.isSet(QStringLiteral("rollup"));
    if (query.rollup && !query.classMid)
        return options.usageError(QStringLiteral("--rollup needs --class"));
    if (parser.isSet(QStringLiteral("split"))) {
        query.split = options.split(std::nullopt);
        if (!query.split) return Usage;
    }
    if (parser.isSet(QStringLiteral("rerated"))) {
        const QString value = parser.value(QStringLiteral("rerated"));
        if (value != QLatin1String("yes") && value != QLatin1String("no"))
            return options.usageError(QStringLiteral("--rerated expects yes or no"));
        query.rerated = value == QLatin1String("yes");
    }
    const auto offset = options.integer(QStringLiteral("offset"), 0);
    const auto limit = options.integer(QStringLiteral("limit"), 100);
    if (!offset || !limit) return Usage;
    query.offset = *offset;
    query.limit = *limit;
    return std::nullopt;
}

} // namespace

int runSegments(const QStringList &args) {
    CliOptions options(QStringLiteral("segments"), QStringLiteral("Lists segments."));
    options.addDatabaseOption();
    options.addJsonOption();
    QCommandLineParser &parser = options.parser();
    parser.addOption({QStringLiteral("class"), QStringLiteral("Only segments labelled with MID."),
                      QStringLiteral("MID")});
    parser.addOption({QStringLiteral("rollup"),
                      QStringLiteral("With --class: also segments of its descendants.")});
    parser.addOption({QStringLiteral("split"),
                      QStringLiteral("eval, balanced_train or unbalanced_train."),
                      QStringLiteral("S")});
    parser.addOption(
        {QStringLiteral("rerated"), QStringLiteral("yes or no."), QStringLiteral("yes|no")});
    parser.addOption({QStringLiteral("offset"), QStringLiteral("Rows to skip (default 0)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("Rows to print (default 100)."),
                      QStringLiteral("N")});
    if (auto exit = options.parse(args)) return *exit;
    SegmentQuery query;
    if (auto exit = parseQuery(options, query)) return *exit;
    auto catalog = options.openCatalog();
    if (!catalog) return Failure;

    SegmentPage page;
    try {
        page = catalog->segments(query);
    } catch (const std::invalid_argument &error) {
        printErr(
            QStringLiteral("audioset segments: %1\n").arg(QString::fromStdString(error.what())));
        return Failure;
    }
    if (options.json()) {
        QJsonArray rows;
        for (const SegmentRow &row : page.rows)
            rows.append(segmentToJson(row));
        printOut(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Indented)));
        return Ok;
    }
    TablePrinter table({QStringLiteral("ytid"), QStringLiteral("start"), QStringLiteral("end"),
                        QStringLiteral("split"), QStringLiteral("rerated"),
                        QStringLiteral("labels"), QStringLiteral("url")},
                       {false, true, true, false, false, false, false});
    for (const SegmentRow &row : page.rows) {
        QStringList labels;
        for (const std::string &label : row.labels)
            labels << QString::fromStdString(label);
        const auto url = youtubeWatchUrl(row.ytid, row.startMs);
        table.addRow({QString::fromStdString(row.ytid),
                      QString::fromStdString(formatMsAsSeconds(row.startMs)),
                      QString::fromStdString(formatMsAsSeconds(row.endMs)), splitText(row.split),
                      row.rerated ? QStringLiteral("yes") : QStringLiteral("no"),
                      labels.join(QLatin1Char(',')),
                      url ? QString::fromStdString(*url) : QString()});
    }
    printOut(table.toString());
    printOut(QStringLiteral("rows %1-%2 of %3\n")
                 .arg(page.rows.empty() ? query.offset : query.offset + 1)
                 .arg(query.offset + static_cast<qint64>(page.rows.size()))
                 .arg(page.total));
    return Ok;
}

} // namespace audioset::cli
