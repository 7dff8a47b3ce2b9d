#include "clioptions.h"
#include "commands.h"
#include "terminalprogress.h"

#include "diagnostics.h"
#include "indexer.h"

#include <chrono>

namespace audioset::cli {

namespace {

void printProblemSummary(const Diagnostics &diagnostics) {
    if (diagnostics.total() == 0) return;
    QStringList kinds;
    for (int i = 0; i < kProblemKindCount; ++i) {
        const auto kind = static_cast<ProblemKind>(i);
        if (diagnostics.count(kind))
            kinds << QStringLiteral("%1 %2")
                         .arg(QString::fromLatin1(
                             problemKindName(kind).data(),
                             static_cast<qsizetype>(problemKindName(kind).size())))
                         .arg(diagnostics.count(kind));
    }
    QString text = QStringLiteral("%1 problem(s): %2")
                       .arg(diagnostics.total())
                       .arg(kinds.join(QStringLiteral(", ")));
    if (diagnostics.suppressed())
        text +=
            QStringLiteral(" (only the first %1 are shown above)").arg(Diagnostics::kDetailedLimit);
    printErr(text + QLatin1Char('\n'));
}

QString segmentSummary(const IndexReport &report) {
    QStringList parts;
    for (Split split : kAllSplits)
        parts << QStringLiteral("%1 %2")
                     .arg(splitText(split))
                     .arg(report.segments[static_cast<size_t>(splitIndex(split))]);
    return parts.join(QStringLiteral(", "));
}

QString indexedSummary(const IndexReport &report, const QString &database, double seconds) {
    QStringList parts;
    if (report.metadataIndexed)
        parts << QStringLiteral("%1 segments (%2), %3 classes")
                     .arg(report.segments[0] + report.segments[1] + report.segments[2])
                     .arg(segmentSummary(report))
                     .arg(report.classes);
    const int64_t records = report.embeddings[0] + report.embeddings[1] + report.embeddings[2];
    if (report.embeddingsIndexed)
        parts << QStringLiteral("%1 embedding records (%2 orphans)")
                     .arg(records)
                     .arg(report.orphanEmbeddings);
    else if (records > 0)
        parts << QStringLiteral("re-matched %1 embedding records (%2 orphans)")
                     .arg(records)
                     .arg(report.orphanEmbeddings);
    return QStringLiteral("indexed %1 into %2 in %3 s\n")
        .arg(parts.join(QStringLiteral("; ")), database)
        .arg(seconds, 0, 'f', 2);
}

} // namespace

int runIndex(const QStringList &args) {
    CliOptions options(QStringLiteral("index"),
                       QStringLiteral("Indexes an AudioSet release folder into one SQLite file."));
    options.addDatabaseOption();
    options.parser().addPositionalArgument(QStringLiteral("DATA_DIR"),
                                           QStringLiteral("The release folder."));
    options.parser().addOption(
        {QStringLiteral("strict"),
         QStringLiteral("Fail (and change nothing) on any problem in the input.")});
    options.parser().addOption(
        {QStringLiteral("features"),
         QStringLiteral("Embeddings from PATH (features.tar.gz, a folder, or .tfrecord[.gz] files) "
                        "instead of looking in DATA_DIR; repeatable."),
         QStringLiteral("PATH")});
    options.parser().addOption(
        {QStringLiteral("force"), QStringLiteral("Re-index even when no input file changed.")});
    if (auto exit = options.parse(args)) return *exit;
    const QStringList positional = options.parser().positionalArguments();
    if (positional.size() != 1) return options.usageError(QStringLiteral("expected one DATA_DIR"));

    IndexOptions indexOptions;
    indexOptions.dataDir = positional.first().toStdString();
    indexOptions.dbPath = options.database().toStdString();
    indexOptions.strict = options.parser().isSet(QStringLiteral("strict"));
    indexOptions.force = options.parser().isSet(QStringLiteral("force"));
    for (const QString &path : options.parser().values(QStringLiteral("features")))
        indexOptions.featurePaths.push_back(path.toStdString());

    TerminalProgress progress("indexing");
    TerminalProgress::catchInterrupts();
    Diagnostics diagnostics;
    diagnostics.setListener([&](const Problem &problem) {
        progress.finish();
        printErr(QString::fromStdString(problem.toString()) + QLatin1Char('\n'));
    });
    const auto start = std::chrono::steady_clock::now();
    const IndexReport report = indexRelease(indexOptions, diagnostics, progress.callback());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.finish();
    printProblemSummary(diagnostics);

    const QString message = QString::fromStdString(report.outcome.message);
    switch (report.outcome.status) {
    case Outcome::Status::Ok:
        if (report.upToDate)
            printErr(QStringLiteral("%1: %2\n").arg(options.database(), message));
        else
            printErr(indexedSummary(report, options.database(), seconds));
        return Ok;
    case Outcome::Status::Cancelled:
        printErr(QStringLiteral("interrupted: %1\n").arg(message));
        return Interrupted;
    case Outcome::Status::Failed:
        break;
    }
    printErr(QStringLiteral("audioset index: %1\n").arg(message));
    return Failure;
}

} // namespace audioset::cli
