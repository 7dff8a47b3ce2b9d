// audioset similar | outliers | duplicates: search by sound over the indexed embeddings.
#include "clioptions.h"
#include "commands.h"
#include "tableprinter.h"
#include "terminalprogress.h"

#include "catalog.h"
#include "duplicatefinder.h"
#include "labelerrorranking.h"
#include "similarityindex.h"
#include "textparse.h"
#include "youtubeid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <map>
#include <thread>

namespace audioset::cli {

namespace {

void addSplitsOption(CliOptions &options, const QString &help) {
    options.parser().addOption({QStringLiteral("split"), help, QStringLiteral("S")});
}

// Segments by id, for the rows printed.
std::map<int64_t, SegmentRow> segmentsById(Catalog &catalog, std::vector<uint32_t> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::map<int64_t, SegmentRow> rows;
    catalog.forEachSegment(ids, [&rows](const SegmentRow &row) {
        rows.emplace(row.id, row);
        return true;
    });
    return rows;
}

QJsonObject segmentJson(const SegmentRow &row) {
    QJsonArray labels;
    for (const std::string &mid : row.labels)
        labels.append(QString::fromStdString(mid));
    return {{QStringLiteral("split"), splitText(row.split)},
            {QStringLiteral("ytid"), QString::fromStdString(row.ytid)},
            {QStringLiteral("start"), static_cast<double>(row.startMs) / 1000.0},
            {QStringLiteral("labels"), labels}};
}

QStringList segmentCells(const SegmentRow &row) {
    QStringList labels;
    for (const std::string &mid : row.labels)
        labels << QString::fromStdString(mid);
    return {splitText(row.split), QString::fromStdString(row.ytid),
            QString::fromStdString(formatMsAsSeconds(row.startMs)), labels.join(QLatin1Char(','))};
}

void printJsonLines(const QJsonArray &rows) {
    printOut(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)) +
             QLatin1Char('\n'));
}

int reportOutcome(const char *command, const Outcome &outcome) {
    if (outcome.isCancelled()) {
        printErr(QStringLiteral("audioset %1: %2\n")
                     .arg(QLatin1String(command), QString::fromStdString(outcome.message)));
        return Interrupted;
    }
    printErr(QStringLiteral("audioset %1: %2\n")
                 .arg(QLatin1String(command), QString::fromStdString(outcome.message)));
    return Failure;
}

std::unique_ptr<SimilarityIndex> loadIndex(Catalog &catalog, const char *command, int &exit) {
    TerminalProgress progress("loading vectors");
    std::unique_ptr<SimilarityIndex> index;
    const Outcome outcome = SimilarityIndex::load(catalog, progress.callback(), index);
    progress.finish();
    if (!outcome.isOk()) exit = reportOutcome(command, outcome);
    return index;
}

unsigned workerThreads() {
    return std::max(1u, std::thread::hardware_concurrency());
}

} // namespace

int runSimilar(const QStringList &args) {
    CliOptions options(QStringLiteral("similar"),
                       QStringLiteral("The segments nearest to one segment by its VGGish "
                                      "embedding (exact; Euclidean distance of frame means)."));
    options.addDatabaseOption();
    options.addJsonOption();
    addSplitsOption(options, QStringLiteral("Search this split (repeatable; default: all)."));
    options.parser().addOption(
        {QStringLiteral("k"), QStringLiteral("How many (default 10)."), QStringLiteral("N")});
    options.parser().addPositionalArgument(QStringLiteral("YTID"), QStringLiteral("YouTube id."));
    options.parser().addPositionalArgument(QStringLiteral("START"),
                                           QStringLiteral("The segment's start, in seconds."),
                                           QStringLiteral("[START]"));
    if (auto exit = options.parse(args)) return *exit;
    const QStringList positional = options.parser().positionalArguments();
    if (positional.isEmpty() || positional.size() > 2)
        return options.usageError(QStringLiteral("expected YTID [START]"));
    const std::string ytid = positional[0].toStdString();
    if (!isValidYoutubeId(ytid))
        return options.usageError(QStringLiteral("'%1' is not a YouTube id").arg(positional[0]));
    std::optional<int64_t> startMs;
    if (positional.size() == 2) {
        startMs = parseSecondsToMs(positional[1].toStdString());
        if (!startMs) return options.usageError(QStringLiteral("START expects seconds"));
    }
    const auto k = options.integer(QStringLiteral("k"), 10);
    if (!k || *k < 1 || *k > 10000)
        return options.usageError(QStringLiteral("--k expects a number from 1 to 10000"));
    const auto splits = options.splits();
    if (!splits) return Usage;
    auto catalog = options.openCatalog();
    if (!catalog) return Failure;

    std::optional<SegmentRow> segment;
    for (const SegmentRow &row : catalog->segmentsOfVideo(ytid))
        if (!startMs || std::llabs(row.startMs - *startMs) < 500) {
            segment = row;
            break;
        }
    if (!segment) {
        printErr(QStringLiteral("audioset similar: no segment of %1%2 in the index\n")
                     .arg(positional[0], startMs
                                             ? QStringLiteral(" at %1 s").arg(positional.value(1))
                                             : QString()));
        return Failure;
    }
    int exit = Ok;
    auto index = loadIndex(*catalog, "similar", exit);
    if (!index) return exit;
    if (!index->rowOf(segment->id)) {
        printErr(
            QStringLiteral("audioset similar: %1 at %2 s has no embedding in the index\n")
                .arg(positional[0], QString::fromStdString(formatMsAsSeconds(segment->startMs))));
        return Failure;
    }
    const auto found = index->similar(segment->id, splitMaskOf(*splits), size_t(*k));
    std::vector<uint32_t> ids;
    for (const SimilarSegment &s : found)
        ids.push_back(static_cast<uint32_t>(s.segmentId));
    const auto rows = segmentsById(*catalog, ids);
    if (options.json()) {
        QJsonArray out;
        for (const SimilarSegment &s : found) {
            QJsonObject object = segmentJson(rows.at(s.segmentId));
            object.insert(QStringLiteral("distance"), s.distance);
            out.append(object);
        }
        printJsonLines(out);
        return Ok;
    }
    TablePrinter table({QStringLiteral("distance"), QStringLiteral("split"), QStringLiteral("ytid"),
                        QStringLiteral("start"), QStringLiteral("labels")},
                       {true, false, false, true, false});
    for (const SimilarSegment &s : found)
        table.addRow(QStringList{QString::number(s.distance, 'f', 3)} +
                     segmentCells(rows.at(s.segmentId)));
    printOut(table.toString());
    return Ok;
}

int runOutliers(const QStringList &args) {
    CliOptions options(
        QStringLiteral("outliers"),
        QStringLiteral("A class's segments ranked by label-error score: the share of their k "
                       "nearest segments in the same split that do not carry the class. "
                       "Computed once and stored in the index."));
    options.addDatabaseOption();
    options.addJsonOption();
    options.parser().addOption({QStringLiteral("class"),
                                QStringLiteral("The class (it or a descendant)."),
                                QStringLiteral("MID")});
    options.parser().addOption({QStringLiteral("split"),
                                QStringLiteral("The split (default unbalanced_train)."),
                                QStringLiteral("S")});
    options.parser().addOption({QStringLiteral("k"),
                                QStringLiteral("Neighbours per segment (default 10)."),
                                QStringLiteral("N")});
    options.parser().addOption({QStringLiteral("limit"),
                                QStringLiteral("Rows to print (default 50; 0 = all)."),
                                QStringLiteral("N")});
    options.parser().addOption(
        {QStringLiteral("recompute"), QStringLiteral("Compute again even when stored.")});
    options.parser().addOption(
        {QStringLiteral("exact"),
         QStringLiteral("Exact neighbours even for a large split (default: exact up to 250,000 "
                        "segments; beyond, the 16 nearest leaves are probed).")});
    if (auto exit = options.parse(args)) return *exit;
    const QString mid = options.parser().value(QStringLiteral("class"));
    if (mid.isEmpty()) return options.usageError(QStringLiteral("--class MID is required"));
    const auto chosen = options.split(Split::UnbalancedTrain);
    if (!chosen) return Usage;
    const Split split = *chosen;
    const auto k = options.integer(QStringLiteral("k"), kLabelErrorNeighbours);
    if (!k || *k < 1 || *k > 1000)
        return options.usageError(QStringLiteral("--k expects a number from 1 to 1000"));
    const auto limit = options.integer(QStringLiteral("limit"), 50);
    if (!limit || *limit < 0) return options.usageError(QStringLiteral("--limit expects N >= 0"));
    auto catalog = options.openCatalog();
    if (!catalog) return Failure;
    if (!catalog->classIdOf(mid.toStdString())) {
        printErr(QStringLiteral("audioset outliers: no class %1 in the index\n").arg(mid));
        return Failure;
    }
    LabelErrorRanking ranking;
    bool stored = false;
    if (!options.parser().isSet(QStringLiteral("recompute"))) {
        const Outcome loaded =
            loadLabelErrors(catalog->path(), mid.toStdString(), split, int(*k), ranking, stored);
        if (!loaded.isOk()) return reportOutcome("outliers", loaded);
    }
    if (!stored) {
        int exit = Ok;
        auto index = loadIndex(*catalog, "outliers", exit);
        if (!index) return exit;
        TerminalProgress progress("scoring");
        LabelErrorOptions scoring;
        scoring.k = int(*k);
        scoring.forceExact = options.parser().isSet(QStringLiteral("exact"));
        scoring.threads = workerThreads();
        const Outcome computed = computeLabelErrors(*catalog, *index, mid.toStdString(), split,
                                                    scoring, progress.callback(), ranking);
        progress.finish();
        if (!computed.isOk()) return reportOutcome("outliers", computed);
        const Outcome saved = storeLabelErrors(catalog->path(), ranking);
        if (!saved.isOk())
            printErr(QStringLiteral("note: the scores were not stored: %1\n")
                         .arg(QString::fromStdString(saved.message)));
    }
    const size_t shown =
        *limit == 0 ? ranking.entries.size() : std::min(ranking.entries.size(), size_t(*limit));
    std::vector<uint32_t> ids;
    for (size_t i = 0; i < shown; ++i)
        ids.push_back(static_cast<uint32_t>(ranking.entries[i].segmentId));
    const auto rows = segmentsById(*catalog, ids);
    if (options.json()) {
        QJsonArray out;
        for (size_t i = 0; i < shown; ++i) {
            const auto &entry = ranking.entries[i];
            QJsonObject object = segmentJson(rows.at(entry.segmentId));
            object.insert(QStringLiteral("score"), entry.score);
            object.insert(QStringLiteral("distance_from_class_mean"), entry.meanDistance);
            object.insert(QStringLiteral("search"), QString::fromStdString(ranking.search));
            out.append(object);
        }
        printJsonLines(out);
        return Ok;
    }
    printOut(QStringLiteral("%1 segments of %2 in %3 scored with k = %4, %5 neighbours (%6 "
                            "proved exact), computed %7\n")
                 .arg(ranking.entries.size())
                 .arg(mid, splitText(split))
                 .arg(ranking.k)
                 .arg(QString::fromStdString(ranking.search))
                 .arg(ranking.proved)
                 .arg(QString::fromStdString(ranking.computedAt)));
    TablePrinter table({QStringLiteral("score"), QStringLiteral("from mean"),
                        QStringLiteral("split"), QStringLiteral("ytid"), QStringLiteral("start"),
                        QStringLiteral("labels")},
                       {true, true, false, false, true, false});
    for (size_t i = 0; i < shown; ++i) {
        const auto &entry = ranking.entries[i];
        table.addRow(QStringList{QString::number(entry.score, 'f', 2),
                                 QString::number(entry.meanDistance, 'f', 1)} +
                     segmentCells(rows.at(entry.segmentId)));
    }
    printOut(table.toString());
    return Ok;
}

int runDuplicates(const QStringList &args) {
    CliOptions options(QStringLiteral("duplicates"),
                       QStringLiteral("Segment pairs with byte-identical frames, and with "
                                      "--max-distance, pairs whose vectors are that close. A "
                                      "pair across eval and a training split is a leak."));
    options.addDatabaseOption();
    options.addJsonOption();
    addSplitsOption(options, QStringLiteral("Look in this split (repeatable; default: all)."));
    options.parser().addOption({QStringLiteral("max-distance"),
                                QStringLiteral("Also pairs within this distance."),
                                QStringLiteral("D")});
    options.parser().addOption({QStringLiteral("limit"),
                                QStringLiteral("Pairs to list at most (default 100000)."),
                                QStringLiteral("N")});
    options.parser().addOption(
        {QStringLiteral("exact"),
         QStringLiteral("Near pairs by exact search even over many segments (default: exact up "
                        "to 250,000 segments; beyond, each segment's 16 nearest leaves).")});
    if (auto exit = options.parse(args)) return *exit;
    const auto splits = options.splits();
    if (!splits) return Usage;
    DuplicateQuery query;
    query.splits = splitMaskOf(*splits);
    query.threads = workerThreads();
    query.forceExact = options.parser().isSet(QStringLiteral("exact"));
    if (options.parser().isSet(QStringLiteral("max-distance"))) {
        bool ok = false;
        const double d = options.parser().value(QStringLiteral("max-distance")).toDouble(&ok);
        if (!ok || d < 0)
            return options.usageError(QStringLiteral("--max-distance expects a number >= 0"));
        query.maxDistance = d;
    }
    const auto limit = options.integer(QStringLiteral("limit"), 100000);
    if (!limit || *limit < 1) return options.usageError(QStringLiteral("--limit expects N >= 1"));
    query.limit = size_t(*limit);
    auto catalog = options.openCatalog();
    if (!catalog) return Failure;
    int exit = Ok;
    auto index = loadIndex(*catalog, "duplicates", exit);
    if (!index) return exit;
    if (query.maxDistance &&
        probedLeavesFor(rowsIn(index->vectors(), query.splits).size(), query.forceExact) == 0) {
        // A radius search costs about an exact neighbour search, which on 128-d vectors is a
        // good part of a scan: say how long the whole run will take before starting it.
        const auto begin = std::chrono::steady_clock::now();
        const size_t samples = std::min<size_t>(16, index->vectors().size());
        for (size_t i = 0; i < samples; ++i)
            index->neighbours().withinRadius(
                {i * index->vectors().size() / samples, query.splits, true}, *query.maxDistance);
        const double each =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count() /
            double(std::max<size_t>(samples, 1));
        const double minutes = each * double(index->vectors().size()) / query.threads / 60.0;
        if (minutes > 1)
            printErr(QStringLiteral("note: comparing every segment within %1 will take about %2 "
                                    "minutes (Ctrl-C stops)\n")
                         .arg(*query.maxDistance)
                         .arg(qRound(minutes)));
    }
    DuplicateReport report;
    TerminalProgress progress("comparing");
    const Outcome outcome = findDuplicates(*catalog, *index, query, progress.callback(), report);
    progress.finish();
    if (!outcome.isOk()) return reportOutcome("duplicates", outcome);
    std::vector<uint32_t> ids;
    for (const auto &pair : report.pairs) {
        ids.push_back(static_cast<uint32_t>(pair.first));
        ids.push_back(static_cast<uint32_t>(pair.second));
    }
    const auto rows = segmentsById(*catalog, ids);
    if (options.json()) {
        QJsonArray out;
        for (const auto &pair : report.pairs)
            out.append(QJsonObject{{QStringLiteral("a"), segmentJson(rows.at(pair.first))},
                                   {QStringLiteral("b"), segmentJson(rows.at(pair.second))},
                                   {QStringLiteral("distance"), pair.distance},
                                   {QStringLiteral("identical_frames"), pair.identicalFrames},
                                   {QStringLiteral("leak"), pair.leak}});
        printJsonLines(out);
        return Ok;
    }
    printOut(QString::fromStdString(outcome.message) + QLatin1Char('\n'));
    TablePrinter table({QStringLiteral("distance"), QStringLiteral("kind"), QStringLiteral("a"),
                        QStringLiteral("b")},
                       {true, false, false, false});
    auto brief = [](const SegmentRow &row) {
        return QStringLiteral("%1 %2 %3")
            .arg(splitText(row.split), QString::fromStdString(row.ytid),
                 QString::fromStdString(formatMsAsSeconds(row.startMs)));
    };
    for (const auto &pair : report.pairs)
        table.addRow(
            {QString::number(pair.distance, 'f', 3),
             QString(pair.identicalFrames ? QStringLiteral("identical") : QStringLiteral("near")) +
                 (pair.leak ? QStringLiteral(", leak") : QString()),
             brief(rows.at(pair.first)), brief(rows.at(pair.second))});
    printOut(table.toString());
    if (report.notListed)
        printOut(
            QStringLiteral("%1 more pairs not listed (raise --limit)\n").arg(report.notListed));
    return Ok;
}

} // namespace audioset::cli
