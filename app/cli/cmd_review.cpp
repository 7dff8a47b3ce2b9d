// audioset review sample|judge|stats|export: label review from the command line, over the
// verdicts kept in the index file.
#include "clioptions.h"
#include "commands.h"
#include "jsonformat.h"
#include "tableprinter.h"

#include "catalog.h"
#include "localreviewstore.h"
#include "openreviewstore.h"
#include "postgresreviewstore.h"
#include "reviewexport.h"
#include "reviewsample.h"
#include "reviewstats.h"
#include "textparse.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <functional>
#include <map>

namespace audioset::cli {

namespace {

QString qs(const std::string &text) {
    return QString::fromStdString(text);
}

void addStoreOption(CliOptions &options) {
    options.parser().addOption(
        {QStringLiteral("review-store"),
         QStringLiteral("A shared store, postgresql://[USER@]HOST[:PORT]/DBNAME (default: the "
                        "index file). The reviewer is then the PostgreSQL role."),
         QStringLiteral("URL")});
}

void addReviewerOption(CliOptions &options) {
    options.parser().addOption(
        {QStringLiteral("reviewer"),
         QStringLiteral("The name verdicts are stored under in the index file (default: the "
                        "login name)."),
         QStringLiteral("NAME")});
}

// The shared store with --review-store; else the index's own verdicts, as --reviewer where the
// verb takes it, or as the login name.
std::unique_ptr<ReviewStore> openStore(CliOptions &options) {
    QCommandLineParser &parser = options.parser();
    const bool named = parser.optionNames().contains(QStringLiteral("reviewer"));
    const QString name = named ? parser.value(QStringLiteral("reviewer")) : QString();
    std::string error;
    auto store =
        openReviewStore(parser.value(QStringLiteral("review-store")).toStdString(),
                        options.database().toStdString(),
                        name.isEmpty() ? defaultReviewerName() : name.toStdString(), error);
    if (!store) printErr(QStringLiteral("audioset review: %1\n").arg(qs(error)));
    return store;
}

std::map<std::string, QualityAssessment> officialQuality(Catalog &catalog) {
    std::map<std::string, QualityAssessment> official;
    for (const ClassSummary &summary : catalog.classes())
        if (summary.quality) official.emplace(summary.mid, *summary.quality);
    return official;
}

QJsonValue optionalNumber(const std::optional<double> &value) {
    return value ? QJsonValue(*value) : QJsonValue();
}

int reviewSample(const QStringList &args) {
    CliOptions options(QStringLiteral("review sample"),
                       QStringLiteral("The segments a review of a class walks, in order."));
    options.addDatabaseOption();
    options.addJsonOption();
    QCommandLineParser &parser = options.parser();
    parser.addOption(
        {QStringLiteral("class"), QStringLiteral("The class (MID)."), QStringLiteral("MID")});
    parser.addOption(
        {QStringLiteral("rollup"), QStringLiteral("Include the descendants' segments.")});
    parser.addOption({QStringLiteral("split"), QStringLiteral("The split (default eval)."),
                      QStringLiteral("S")});
    parser.addOption(
        {QStringLiteral("size"), QStringLiteral("Segments (default 10)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Seed of the order (default 1)."),
                      QStringLiteral("N")});
    if (auto exit = options.parse(args)) return *exit;
    if (!parser.isSet(QStringLiteral("class")))
        return options.usageError(QStringLiteral("--class MID is required"));
    const auto split = options.split(Split::Eval);
    const auto size = options.integer(QStringLiteral("size"), 10);
    const auto seed = options.integer(QStringLiteral("seed"), 1);
    if (!split || !size || !seed) return Usage;
    auto catalog = options.openCatalog();
    if (!catalog) return Failure;
    ReviewSampleSpec spec{parser.value(QStringLiteral("class")).toStdString(), *split,
                          parser.isSet(QStringLiteral("rollup")), *size,
                          static_cast<uint64_t>(*seed)};
    std::vector<SegmentRow> sample;
    if (const Outcome sampled = sampleForReview(*catalog, spec, sample); !sampled.isOk()) {
        printErr(QStringLiteral("audioset review sample: %1\n").arg(qs(sampled.message)));
        return Failure;
    }
    if (options.json()) {
        QJsonArray rows;
        for (const SegmentRow &row : sample)
            rows.append(segmentToJson(row));
        printOut(QString::fromUtf8(QJsonDocument(rows).toJson()));
        return Ok;
    }
    TablePrinter table({QStringLiteral("#"), QStringLiteral("ytid"), QStringLiteral("start"),
                        QStringLiteral("labels")},
                       {true, false, true, false});
    int position = 0;
    for (const SegmentRow &row : sample) {
        QStringList labels;
        for (const std::string &label : row.labels)
            labels << qs(label);
        table.addRow({QString::number(++position), qs(row.ytid), qs(formatMsAsSeconds(row.startMs)),
                      labels.join(QLatin1Char(','))});
    }
    printOut(table.toString());
    return Ok;
}

int reviewJudge(const QStringList &args) {
    CliOptions options(QStringLiteral("review judge"),
                       QStringLiteral("Stores a verdict on one label of one segment."));
    options.addDatabaseOption();
    addStoreOption(options);
    addReviewerOption(options);
    QCommandLineParser &parser = options.parser();
    parser.addOption({QStringLiteral("class"), QStringLiteral("The class judged (MID)."),
                      QStringLiteral("MID")});
    parser.addOption(
        {QStringLiteral("split"), QStringLiteral("The segment's split."), QStringLiteral("S")});
    parser.addOption(
        {QStringLiteral("ytid"), QStringLiteral("The segment's video id."), QStringLiteral("Y")});
    parser.addOption({QStringLiteral("start"), QStringLiteral("The segment's start."),
                      QStringLiteral("SECONDS")});
    parser.addOption({QStringLiteral("verdict"), QStringLiteral("present, absent or unsure."),
                      QStringLiteral("V")});
    parser.addOption({QStringLiteral("note"), QStringLiteral("A note with the verdict."),
                      QStringLiteral("TEXT")});
    if (auto exit = options.parse(args)) return *exit;
    for (const char *name : {"class", "split", "ytid", "start", "verdict"})
        if (!parser.isSet(QLatin1String(name)))
            return options.usageError(QStringLiteral("--%1 is required").arg(QLatin1String(name)));
    if (parser.isSet(QStringLiteral("review-store")) && parser.isSet(QStringLiteral("reviewer")))
        return options.usageError(QStringLiteral("--reviewer names a reviewer in the index file; "
                                                 "a shared store records the PostgreSQL role"));
    const auto split = options.split(std::nullopt);
    if (!split) return Usage;
    const auto startMs = parseSecondsToMs(parser.value(QStringLiteral("start")).toStdString());
    if (!startMs)
        return options.usageError(QStringLiteral("--start expects seconds, such as 30 or 30.000"));
    const auto verdict = verdictFromName(parser.value(QStringLiteral("verdict")).toStdString());
    if (!verdict || *verdict == Verdict::Cleared)
        return options.usageError(QStringLiteral("--verdict expects present, absent or unsure"));

    VerdictRecord record;
    record.label = {*split, parser.value(QStringLiteral("ytid")).toStdString(), *startMs,
                    parser.value(QStringLiteral("class")).toStdString()};
    record.verdict = *verdict;
    record.givenAtMs = QDateTime::currentMSecsSinceEpoch();
    record.note = parser.value(QStringLiteral("note")).toStdString();
    auto catalog = options.openCatalog();
    if (!catalog) return Failure;
    if (!catalog->classIdOf(record.label.classMid)) {
        printErr(QStringLiteral("audioset review judge: unknown class id: %1\n")
                     .arg(qs(record.label.classMid)));
        return Failure;
    }
    bool found = false;
    for (const SegmentRow &row : catalog->segmentsOfVideo(record.label.ytid))
        found |= row.split == record.label.split && row.startMs == record.label.startMs;
    if (!found) {
        printErr(QStringLiteral("audioset review judge: no %1 segment %2 at %3 s in this index\n")
                     .arg(splitText(record.label.split), qs(record.label.ytid),
                          qs(formatMsAsSeconds(record.label.startMs))));
        return Failure;
    }
    auto store = openStore(options);
    if (!store) return Failure;
    const Outcome added = store->add(record);
    if (!added.isOk()) {
        printErr(QStringLiteral("audioset review judge: %1\n").arg(qs(added.message)));
        return Failure;
    }
    if (!added.message.empty()) printErr(qs(added.message) + QLatin1Char('\n'));
    return Ok;
}

QJsonObject classReviewToJson(const ClassReview &review) {
    const auto reviewed = review.reviewed.wilson95();
    const auto official = review.official ? review.official->wilson95() : std::nullopt;
    return {
        {QStringLiteral("class"), qs(review.classMid)},
        {QStringLiteral("split"), splitText(review.split)},
        {QStringLiteral("judged"), static_cast<qint64>(review.judged)},
        {QStringLiteral("present"), static_cast<qint64>(review.present)},
        {QStringLiteral("absent"), static_cast<qint64>(review.absent)},
        {QStringLiteral("unsure"), static_cast<qint64>(review.unsure)},
        {QStringLiteral("reviewed"), qualityToJson(review.reviewed)},
        {QStringLiteral("official"), qualityToJson(review.official)},
        {QStringLiteral("reviewed_estimate"), optionalNumber(review.reviewed.estimate())},
        {QStringLiteral("reviewed_wilson95_low"),
         optionalNumber(reviewed ? std::optional<double>(reviewed->first) : std::nullopt)},
        {QStringLiteral("reviewed_wilson95_high"),
         optionalNumber(reviewed ? std::optional<double>(reviewed->second) : std::nullopt)},
        {QStringLiteral("official_wilson95_low"),
         optionalNumber(official ? std::optional<double>(official->first) : std::nullopt)},
        {QStringLiteral("official_wilson95_high"),
         optionalNumber(official ? std::optional<double>(official->second) : std::nullopt)},
        {QStringLiteral("disagrees"), review.disagrees},
    };
}

QString percent(const std::optional<double> &value) {
    return value ? QStringLiteral("%1%").arg(*value * 100.0, 0, 'f', 0) : QStringLiteral("n/a");
}

int reviewStats(const QStringList &args) {
    CliOptions options(QStringLiteral("review stats"),
                       QStringLiteral("Reviewed quality beside the official one, and agreement."));
    options.addDatabaseOption();
    addStoreOption(options);
    options.addJsonOption();
    options.parser().addOption(
        {QStringLiteral("class"), QStringLiteral("Only this class (MID)."), QStringLiteral("MID")});
    if (auto exit = options.parse(args)) return *exit;
    auto catalog = options.openCatalog();
    if (!catalog) return Failure;
    auto store = openStore(options);
    if (!store) return Failure;
    std::optional<std::string> classMid;
    if (options.parser().isSet(QStringLiteral("class")))
        classMid = options.parser().value(QStringLiteral("class")).toStdString();
    const ReviewSummary summary =
        summarizeReviews(store->latest(classMid), officialQuality(*catalog));
    if (options.json()) {
        QJsonArray classes, agreements, reviewers;
        for (const ClassReview &review : summary.classes)
            classes.append(classReviewToJson(review));
        for (const ReviewerAgreement &agreement : summary.agreements)
            agreements.append(
                QJsonObject{{QStringLiteral("first"), qs(agreement.first)},
                            {QStringLiteral("second"), qs(agreement.second)},
                            {QStringLiteral("common"), static_cast<qint64>(agreement.common)},
                            {QStringLiteral("percent_agreement"), agreement.percentAgreement},
                            {QStringLiteral("kappa"), optionalNumber(agreement.kappa)}});
        for (const std::string &reviewer : summary.reviewers)
            reviewers.append(qs(reviewer));
        printOut(
            QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("reviewers"), reviewers},
                                                        {QStringLiteral("classes"), classes},
                                                        {QStringLiteral("agreement"), agreements}})
                                  .toJson()));
        return Ok;
    }
    TablePrinter table({QStringLiteral("class"), QStringLiteral("split"), QStringLiteral("judged"),
                        QStringLiteral("present"), QStringLiteral("absent"),
                        QStringLiteral("unsure"), QStringLiteral("reviewed"),
                        QStringLiteral("official"), QStringLiteral("")},
                       {false, false, true, true, true, true, true, true, false});
    for (const ClassReview &review : summary.classes)
        table.addRow({qs(review.classMid), splitText(review.split), QString::number(review.judged),
                      QString::number(review.present), QString::number(review.absent),
                      QString::number(review.unsure), percent(review.reviewed.estimate()),
                      percent(review.official ? review.official->estimate() : std::nullopt),
                      review.disagrees ? QStringLiteral("DISAGREES") : QString()});
    printOut(table.toString());
    for (const ReviewerAgreement &agreement : summary.agreements)
        printOut(QStringLiteral("%1 and %2: %3 labels both judged, %4% agree, kappa %5\n")
                     .arg(qs(agreement.first), qs(agreement.second))
                     .arg(agreement.common)
                     .arg(agreement.percentAgreement, 0, 'f', 1)
                     .arg(agreement.kappa ? QString::number(*agreement.kappa, 'f', 3)
                                          : QStringLiteral("undefined")));
    return Ok;
}

int reviewExport(const QStringList &args) {
    CliOptions options(QStringLiteral("review export"),
                       QStringLiteral("Writes the verdicts, or a qa_true_counts.csv from them."));
    options.addDatabaseOption();
    addStoreOption(options);
    options.parser().addOption(
        {QStringLiteral("format"), QStringLiteral("verdicts or qa."), QStringLiteral("F")});
    options.parser().addOption(
        {QStringLiteral("out"), QStringLiteral("The file to write."), QStringLiteral("FILE")});
    if (auto exit = options.parse(args)) return *exit;
    const QString format = options.parser().value(QStringLiteral("format"));
    const QString out = options.parser().value(QStringLiteral("out"));
    if (format != QLatin1String("verdicts") && format != QLatin1String("qa"))
        return options.usageError(QStringLiteral("--format expects verdicts or qa"));
    if (out.isEmpty()) return options.usageError(QStringLiteral("--out FILE is required"));
    auto catalog = options.openCatalog();
    if (!catalog) return Failure;
    auto store = openStore(options);
    if (!store) return Failure;
    const Outcome written =
        format == QLatin1String("verdicts")
            ? writeVerdictsCsv(store->history(std::nullopt), out.toStdString())
            : writeReviewedQualityCsv(
                  summarizeReviews(store->latest(std::nullopt), officialQuality(*catalog)),
                  catalog->classes(), out.toStdString());
    printErr(QStringLiteral("%1%2\n").arg(
        written.isOk() ? QString() : QStringLiteral("audioset review export: "),
        qs(written.message)));
    return written.isOk() ? Ok : Failure;
}

int reviewInitStore(const QStringList &args) {
    CliOptions options(QStringLiteral("review init-store"),
                       QStringLiteral("Makes or upgrades a shared review store (run once, by a "
                                      "role that may create tables)."));
    addStoreOption(options);
    if (auto exit = options.parse(args)) return *exit;
    if (!options.parser().isSet(QStringLiteral("review-store")))
        return options.usageError(QStringLiteral("--review-store URL is required"));
    const Outcome made = PostgresReviewStore::initStore(
        options.parser().value(QStringLiteral("review-store")).toStdString());
    printErr(QStringLiteral("%1%2\n").arg(
        made.isOk() ? QString() : QStringLiteral("audioset review init-store: "),
        qs(made.message)));
    return made.isOk() ? Ok : Failure;
}

} // namespace

int runReview(const QStringList &args) {
    const std::map<QString, std::function<int(const QStringList &)>> verbs{
        {QStringLiteral("sample"), reviewSample},        {QStringLiteral("judge"), reviewJudge},
        {QStringLiteral("stats"), reviewStats},          {QStringLiteral("export"), reviewExport},
        {QStringLiteral("init-store"), reviewInitStore},
    };
    const auto verb = args.isEmpty() ? verbs.end() : verbs.find(args.first());
    if (verb == verbs.end()) {
        printErr(QStringLiteral("usage: audioset review sample|judge|stats|export|init-store ...\n"
                                "(see: audioset review VERB --help)\n"));
        return Usage;
    }
    return verb->second(args.mid(1));
}

} // namespace audioset::cli
