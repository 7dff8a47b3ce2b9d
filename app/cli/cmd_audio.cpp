#include "clioptions.h"
#include "commands.h"
#include "terminalprogress.h"

#include "audiolibrary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <functional>
#include <map>
#include <optional>

namespace audioset::cli {

namespace {

std::unique_ptr<AudioLibrary> openLibrary(const CliOptions &options) {
    std::string error;
    auto library = AudioLibrary::open(options.database().toStdString(), error);
    if (!library)
        printErr(QStringLiteral("audioset audio: %1\n").arg(QString::fromStdString(error)));
    return library;
}

QJsonObject
perSplitAndLayout(const std::array<std::array<int64_t, kAudioLayoutCount>, kSplitCount> &segments) {
    QJsonObject splits;
    for (Split split : kAllSplits) {
        QJsonObject layouts;
        qint64 total = 0;
        for (int layout = 0; layout < kAudioLayoutCount; ++layout) {
            const int64_t count =
                segments[static_cast<size_t>(splitIndex(split))][static_cast<size_t>(layout)];
            if (count > 0)
                layouts.insert(
                    QString::fromLatin1(audioLayoutName(static_cast<AudioLayout>(layout))),
                    static_cast<qint64>(count));
            total += count;
        }
        splits.insert(splitText(split), QJsonObject{{QStringLiteral("segments"), total},
                                                    {QStringLiteral("layouts"), layouts}});
    }
    return splits;
}

QString
perSplitLines(const std::array<std::array<int64_t, kAudioLayoutCount>, kSplitCount> &segments) {
    QString text;
    for (Split split : kAllSplits) {
        QStringList parts;
        qint64 total = 0;
        for (int layout = 0; layout < kAudioLayoutCount; ++layout) {
            const int64_t count =
                segments[static_cast<size_t>(splitIndex(split))][static_cast<size_t>(layout)];
            total += count;
            if (count > 0)
                parts << QStringLiteral("%1 as %2")
                             .arg(count)
                             .arg(QString::fromLatin1(
                                 audioLayoutName(static_cast<AudioLayout>(layout))));
        }
        text += QStringLiteral("  %1: %2 segments%3\n")
                    .arg(splitText(split))
                    .arg(total)
                    .arg(parts.isEmpty() ? QString()
                                         : QStringLiteral(" (") + parts.join(QStringLiteral(", ")) +
                                               QLatin1Char(')'));
    }
    return text;
}

// The DIR... arguments (at least one), or the exit code of a usage error.
std::optional<int> folderArguments(CliOptions &options, std::vector<std::string> &dirs) {
    const QStringList folders = options.parser().positionalArguments();
    if (folders.isEmpty()) return options.usageError(QStringLiteral("expected at least one DIR"));
    for (const QString &folder : folders)
        dirs.push_back(folder.toStdString());
    return std::nullopt;
}

int audioScan(const QStringList &args) {
    CliOptions options(QStringLiteral("audio scan"),
                       QStringLiteral("Matches the audio files under DIR... to the index's "
                                      "segments and keeps the matches in the index."));
    options.addDatabaseOption();
    options.addJsonOption();
    options.parser().addPositionalArgument(QStringLiteral("DIR"),
                                           QStringLiteral("Folders to search (recursively)."),
                                           QStringLiteral("DIR..."));
    if (auto exit = options.parse(args)) return *exit;
    std::vector<std::string> dirs;
    if (auto exit = folderArguments(options, dirs)) return *exit;
    auto library = openLibrary(options);
    if (!library) return Failure;
    TerminalProgress progress("scanning");
    TerminalProgress::catchInterrupts();
    const AudioScanReport report = library->scan(dirs, progress.callback());
    progress.finish();
    if (!report.outcome.isOk()) {
        printErr(QStringLiteral("audioset audio scan: %1\n")
                     .arg(QString::fromStdString(report.outcome.message)));
        return report.outcome.isCancelled() ? Interrupted : Failure;
    }
    const QString layout = report.mainLayout
                               ? QString::fromLatin1(audioLayoutName(*report.mainLayout))
                               : QStringLiteral("none");
    if (options.json()) {
        printOut(QString::fromUtf8(
            QJsonDocument(
                QJsonObject{
                    {QStringLiteral("audio_files"), static_cast<qint64>(report.audioFiles)},
                    {QStringLiteral("matched_files"), static_cast<qint64>(report.matchedFiles)},
                    {QStringLiteral("ignored_files"), static_cast<qint64>(report.ignoredFiles)},
                    {QStringLiteral("added"), static_cast<qint64>(report.added)},
                    {QStringLiteral("removed"), static_cast<qint64>(report.removed)},
                    {QStringLiteral("unchanged"), static_cast<qint64>(report.unchanged)},
                    {QStringLiteral("layout"), layout},
                    {QStringLiteral("splits"), perSplitAndLayout(report.segments)}})
                .toJson()));
        return Ok;
    }
    printOut(QStringLiteral("%1 audio files, %2 matched a segment, %3 ignored; layout: %4\n"
                            "%5 new, %6 gone, %7 unchanged since the last scan\n")
                 .arg(report.audioFiles)
                 .arg(report.matchedFiles)
                 .arg(report.ignoredFiles)
                 .arg(layout)
                 .arg(report.added)
                 .arg(report.removed)
                 .arg(report.unchanged) +
             perSplitLines(report.segments));
    return Ok;
}

int audioForget(const QStringList &args) {
    CliOptions options(QStringLiteral("audio forget"),
                       QStringLiteral("Drops what earlier scans of DIR... matched (the files "
                                      "are not touched)."));
    options.addDatabaseOption();
    options.parser().addPositionalArgument(
        QStringLiteral("DIR"), QStringLiteral("Folders scanned before."), QStringLiteral("DIR..."));
    if (auto exit = options.parse(args)) return *exit;
    std::vector<std::string> dirs;
    if (auto exit = folderArguments(options, dirs)) return *exit;
    auto library = openLibrary(options);
    if (!library) return Failure;
    int64_t forgotten = 0;
    const Outcome outcome = library->forget(dirs, forgotten);
    if (!outcome.isOk()) {
        printErr(QStringLiteral("audioset audio forget: %1\n")
                     .arg(QString::fromStdString(outcome.message)));
        return Failure;
    }
    printOut(QStringLiteral("%1 matches forgotten\n").arg(forgotten));
    return Ok;
}

int audioStats(const QStringList &args) {
    CliOptions options(QStringLiteral("audio stats"),
                       QStringLiteral("Segments with local audio, per split and layout."));
    options.addDatabaseOption();
    options.addJsonOption();
    if (auto exit = options.parse(args)) return *exit;
    auto library = openLibrary(options);
    if (!library) return Failure;
    const AudioStats stats = library->stats();
    QJsonArray folders;
    for (const std::string &folder : stats.folders)
        folders.append(QString::fromStdString(folder));
    if (options.json()) {
        printOut(QString::fromUtf8(
            QJsonDocument(
                QJsonObject{{QStringLiteral("folders"), folders},
                            {QStringLiteral("files"), static_cast<qint64>(stats.files)},
                            {QStringLiteral("stale"), static_cast<qint64>(stats.stale)},
                            {QStringLiteral("splits"), perSplitAndLayout(stats.segments)}})
                .toJson()));
        return Ok;
    }
    printOut(QStringLiteral("%1 files in %2 folders%3\n")
                 .arg(stats.files)
                 .arg(stats.folders.size())
                 .arg(stats.stale
                          ? QStringLiteral("; %1 matches are stale (re-indexed): scan again")
                                .arg(stats.stale)
                          : QString()) +
             perSplitLines(stats.segments));
    return Ok;
}

int audioFind(const QStringList &args) {
    CliOptions options(QStringLiteral("audio find"),
                       QStringLiteral("The local file of a segment and where in it the segment "
                                      "starts."));
    options.addDatabaseOption();
    options.addJsonOption();
    options.parser().addPositionalArgument(QStringLiteral("YTID"), QStringLiteral("YouTube id."));
    options.parser().addPositionalArgument(QStringLiteral("START"),
                                           QStringLiteral("The segment's start in seconds."));
    if (auto exit = options.parse(args)) return *exit;
    const QStringList positional = options.parser().positionalArguments();
    bool ok = false;
    const double start = positional.value(1).toDouble(&ok);
    if (positional.size() != 2 || !ok || start < 0)
        return options.usageError(QStringLiteral("expected -- YTID START (seconds)"));
    auto library = openLibrary(options);
    if (!library) return Failure;
    std::string error;
    const auto found = library->find(positional[0].toStdString(),
                                     static_cast<int64_t>(qRound64(start * 1000)), error);
    if (!found) {
        printErr(QStringLiteral("audioset audio find: %1\n").arg(QString::fromStdString(error)));
        return Failure;
    }
    if (options.json()) {
        printOut(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("path"), QString::fromStdString(found->path)},
                                      {QStringLiteral("offset_seconds"), found->offsetSeconds},
                                      {QStringLiteral("duration_seconds"), found->durationSeconds},
                                      {QStringLiteral("layout"),
                                       QString::fromLatin1(audioLayoutName(found->layout))}})
                .toJson()));
        return Ok;
    }
    printOut(QStringLiteral("%1 from %2 s\n")
                 .arg(QString::fromStdString(found->path))
                 .arg(found->offsetSeconds));
    return Ok;
}

} // namespace

int runAudio(const QStringList &args) {
    const std::map<QString, std::function<int(const QStringList &)>> verbs{
        {QStringLiteral("scan"), audioScan},
        {QStringLiteral("stats"), audioStats},
        {QStringLiteral("find"), audioFind},
        {QStringLiteral("forget"), audioForget},
    };
    const auto verb = args.isEmpty() ? verbs.end() : verbs.find(args.first());
    if (verb == verbs.end()) {
        printErr(QStringLiteral("usage: audioset audio scan|stats|find|forget ...\n"
                                "(see: audioset audio VERB --help)\n"));
        return Usage;
    }
    return verb->second(args.mid(1));
}

} // namespace audioset::cli
