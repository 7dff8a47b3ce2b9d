#include "clioptions.h"
#include "commands.h"
#include "terminalprogress.h"

#include "catalog.h"
#include "subsetexporter.h"
#include "subsetplanner.h"

#include <QFile>

namespace audioset::cli {

namespace {

void addOptions(QCommandLineParser &parser) {
    parser.addOption({QStringLiteral("include"),
                      QStringLiteral("A class to include; MID+ with its descendants. Repeatable."),
                      QStringLiteral("MID[+]")});
    parser.addOption(
        {QStringLiteral("exclude"),
         QStringLiteral("Drop segments with this label; MID+ with descendants. Repeatable."),
         QStringLiteral("MID[+]")});
    parser.addOption(
        {QStringLiteral("split"),
         QStringLiteral("eval, balanced_train or unbalanced_train. Repeatable; default all."),
         QStringLiteral("S")});
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("csv, tfrecord, jsonl or npy. Repeatable; default csv."),
                      QStringLiteral("F")});
    parser.addOption(
        {QStringLiteral("out"), QStringLiteral("The folder to create."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("per-class-max"),
                      QStringLiteral("At most N segments per class (a seeded random sample)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("balanced"),
                      QStringLiteral("At least N segments per class, as few in total as possible."),
                      QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("seed"), QStringLiteral("Random seed (default 0)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("rerated"),
                      QStringLiteral("yes: rerated segments only; no: none of them."),
                      QStringLiteral("yes|no")});
    parser.addOption({QStringLiteral("min-quality"),
                      QStringLiteral("Keep included classes whose quality is at least X (0-1)."),
                      QStringLiteral("X")});
    parser.addOption({QStringLiteral("quality-on"),
                      QStringLiteral("estimate (default) or wilson (the 95% lower bound)."),
                      QStringLiteral("KIND")});
    parser.addOption({QStringLiteral("with-embeddings"),
                      QStringLiteral("Only segments that have an embedding.")});
    parser.addOption({QStringLiteral("with-audio"),
                      QStringLiteral("Only segments with a local audio file (audioset audio "
                                     "scan).")});
    parser.addOption({QStringLiteral("audio-files"),
                      QStringLiteral("Put the segments' local audio files in DIR/audio/: copy "
                                     "them, or link to them."),
                      QStringLiteral("copy|link")});
    parser.addOption({QStringLiteral("shards"),
                      QStringLiteral("TFRecord: N shards instead of the release's layout."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("selection"),
                      QStringLiteral("Read the selection from a JSON file (as in subset.json)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("force"), QStringLiteral("Replace DIR if it exists.")});
    parser.addOption(
        {QStringLiteral("dry-run"), QStringLiteral("Only say what would be written.")});
}

std::optional<int> readSelection(CliOptions &options, SubsetSelection &selection) {
    QCommandLineParser &parser = options.parser();
    if (parser.isSet(QStringLiteral("selection"))) {
        QFile file(parser.value(QStringLiteral("selection")));
        if (!file.open(QIODevice::ReadOnly))
            return options.usageError(QStringLiteral("cannot read %1").arg(file.fileName()));
        if (const Outcome read = SubsetSelection::fromJson(file.readAll().toStdString(), selection);
            !read.isOk())
            return options.usageError(QStringLiteral("%1: %2").arg(
                file.fileName(), QString::fromStdString(read.message)));
    }
    for (const QString &rule : parser.values(QStringLiteral("include")))
        selection.include.push_back(ClassRule::parse(rule.toStdString()));
    for (const QString &rule : parser.values(QStringLiteral("exclude")))
        selection.exclude.push_back(ClassRule::parse(rule.toStdString()));
    const auto splits = options.splits();
    if (!splits) return Usage;
    selection.splits = *splits;
    if (parser.isSet(QStringLiteral("rerated"))) {
        const QString value = parser.value(QStringLiteral("rerated"));
        if (value != QLatin1String("yes") && value != QLatin1String("no"))
            return options.usageError(QStringLiteral("--rerated expects yes or no"));
        selection.rerated = value == QLatin1String("yes");
    }
    if (parser.isSet(QStringLiteral("min-quality"))) {
        bool ok = false;
        const double value = parser.value(QStringLiteral("min-quality")).toDouble(&ok);
        if (!ok || value < 0 || value > 1)
            return options.usageError(QStringLiteral("--min-quality expects a number from 0 to 1"));
        selection.minQuality = value;
    }
    const QString on = parser.value(QStringLiteral("quality-on"));
    if (!on.isEmpty() && on != QLatin1String("estimate") && on != QLatin1String("wilson"))
        return options.usageError(QStringLiteral("--quality-on expects estimate or wilson"));
    selection.qualityOnWilsonLowerBound =
        on == QLatin1String("wilson") || selection.qualityOnWilsonLowerBound;
    selection.requireEmbeddings |= parser.isSet(QStringLiteral("with-embeddings"));
    selection.requireAudio |= parser.isSet(QStringLiteral("with-audio"));
    if (parser.isSet(QStringLiteral("per-class-max")) && parser.isSet(QStringLiteral("balanced")))
        return options.usageError(QStringLiteral("choose --per-class-max or --balanced, not both"));
    for (const char *name : {"per-class-max", "balanced", "seed"}) {
        const QString option = QString::fromLatin1(name);
        if (!parser.isSet(option)) continue;
        const auto value = options.integer(option, 0);
        if (!value) return Usage;
        if (option == QLatin1String("seed"))
            selection.seed = static_cast<uint64_t>(*value);
        else if (*value < 1)
            return options.usageError(QStringLiteral("--%1 must be at least 1").arg(option));
        else if (option == QLatin1String("balanced"))
            selection.balancedMin = *value;
        else
            selection.perClassMax = *value;
    }
    return std::nullopt;
}

void printPlan(const SubsetPlan &plan) {
    QStringList parts;
    for (Split split : kAllSplits) {
        const auto s = static_cast<size_t>(splitIndex(split));
        if (plan.segmentsPerSplit[s])
            parts << QStringLiteral("%1 %2 segments / %3 labels")
                         .arg(splitText(split))
                         .arg(plan.segmentsPerSplit[s])
                         .arg(plan.positiveLabelsPerSplit[s]);
    }
    const int64_t labels = plan.positiveLabelsPerSplit[0] + plan.positiveLabelsPerSplit[1] +
                           plan.positiveLabelsPerSplit[2];
    printErr(QStringLiteral("subset: %1 segments (%2); %3 classes included; about %4 of %5 labels "
                            "expected correct%6\n")
                 .arg(plan.segmentIds.size())
                 .arg(parts.join(QStringLiteral(", ")))
                 .arg(plan.classes.size())
                 .arg(qRound64(plan.expectedCorrectLabels))
                 .arg(labels)
                 .arg(plan.labelsWithoutEstimate
                          ? QStringLiteral(" (%1 labels of unrated classes have no estimate)")
                                .arg(plan.labelsWithoutEstimate)
                          : QString()));
}

} // namespace

int runExport(const QStringList &args) {
    CliOptions options(QStringLiteral("export"),
                       QStringLiteral("Writes a subset chosen by classes and rules."));
    options.addDatabaseOption();
    addOptions(options.parser());
    if (auto exit = options.parse(args)) return *exit;
    SubsetSelection selection;
    if (auto exit = readSelection(options, selection)) return *exit;
    ExportOptions exportOptions;
    for (const QString &name : options.parser().values(QStringLiteral("format"))) {
        ExportFormat format;
        if (!exportFormatFromName(name.toStdString(), format))
            return options.usageError(
                QStringLiteral("unknown format '%1' (csv, tfrecord, jsonl, npy)").arg(name));
        exportOptions.formats.push_back(format);
    }
    if (exportOptions.formats.empty()) exportOptions.formats.push_back(ExportFormat::Csv);
    const bool dryRun = options.parser().isSet(QStringLiteral("dry-run"));
    exportOptions.outDir = options.parser().value(QStringLiteral("out")).toStdString();
    if (exportOptions.outDir.empty() && !dryRun)
        return options.usageError(QStringLiteral("--out DIR is required"));
    exportOptions.force = options.parser().isSet(QStringLiteral("force"));
    const auto shards = options.integer(QStringLiteral("shards"), 0);
    if (!shards) return Usage;
    exportOptions.tfrecordShards = static_cast<int>(*shards);
    const QString audioFiles = options.parser().value(QStringLiteral("audio-files"));
    if (!audioFiles.isEmpty() && audioFiles != QLatin1String("copy") &&
        audioFiles != QLatin1String("link"))
        return options.usageError(QStringLiteral("--audio-files expects copy or link"));
    exportOptions.audioFiles = audioFiles == QLatin1String("copy") ? ExportOptions::AudioFiles::Copy
                               : audioFiles == QLatin1String("link")
                                   ? ExportOptions::AudioFiles::Link
                                   : ExportOptions::AudioFiles::None;
    exportOptions.indexPath = options.database().toStdString();
    exportOptions.toolVersion = QStringLiteral(AUDIOSET_VERSION).toStdString();

    auto catalog = options.openCatalog();
    if (!catalog) return Failure;
    SubsetPlan plan;
    if (const Outcome planned = planSubset(*catalog, selection, plan); !planned.isOk()) {
        printErr(
            QStringLiteral("audioset export: %1\n").arg(QString::fromStdString(planned.message)));
        return Failure;
    }
    printPlan(plan);
    if (dryRun) return Ok;
    TerminalProgress progress("exporting");
    TerminalProgress::catchInterrupts();
    const ExportResult result =
        exportSubset(*catalog, selection, plan, exportOptions, progress.callback());
    progress.finish();
    const QString message = QString::fromStdString(result.outcome.message);
    if (!result.outcome.isOk()) {
        printErr(QStringLiteral("audioset export: %1\n").arg(message));
        return result.outcome.isCancelled() ? Interrupted : Failure;
    }
    QString note;
    if (result.withoutRecord > 0)
        note = QStringLiteral(" (%1 selected segments have no embedding record)")
                   .arg(result.withoutRecord);
    if (exportOptions.audioFiles != ExportOptions::AudioFiles::None)
        note += QStringLiteral("; %1 audio files %2")
                    .arg(result.audioFiles)
                    .arg(audioFiles == QLatin1String("copy") ? QStringLiteral("copied")
                                                             : QStringLiteral("linked"));
    printErr(message + note + QLatin1Char('\n'));
    return Ok;
}

} // namespace audioset::cli
