// audioset: the command-line front end over the core library.
#include "clioptions.h"
#include "commands.h"
#include "sqlitedb.h"

#include <QCoreApplication>
#include <functional>
#include <map>

using namespace audioset::cli;

namespace {

const char *const kUsage =
    "usage: audioset COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  index DATA_DIR --db FILE [--strict] [--force] [--features PATH...]\n"
    "                                                  index a release folder\n"
    "  stats --db FILE [--json]                        what the index holds\n"
    "  class MID --db FILE [--json]                    one class\n"
    "  classes --db FILE [--search TEXT] [--json]      all classes with counts\n"
    "  segments --db FILE [--class MID [--rollup]] [--split S] [--rerated yes|no]\n"
    "           [--offset N] [--limit N] [--json]       segments\n"
    "  embedding YTID [--start SECONDS] --db FILE [--json]  one segment's VGGish frames\n"
    "  export --db FILE --include MID[+] ... [--exclude MID[+] ...] [--split S ...]\n"
    "         --format csv|tfrecord|jsonl|npy --out DIR [--per-class-max N | --balanced N]\n"
    "         [--seed N] [--rerated yes|no] [--min-quality X] [--with-embeddings] [--force]\n"
    "         [--with-audio] [--audio-files copy|link]\n"
    "                                                  write a subset\n"
    "  review sample --db FILE --class MID [--rollup] [--split S] [--size N] [--seed N] [--json]\n"
    "  review judge --db FILE --class MID --split S --ytid Y --start SECONDS\n"
    "               --verdict present|absent|unsure [--note TEXT] [--reviewer NAME]\n"
    "  review stats --db FILE [--class MID] [--json]\n"
    "  review export --db FILE --format verdicts|qa --out FILE\n"
    "  review init-store --review-store URL           make a shared store (PostgreSQL)\n"
    "    (judge, stats and export take --review-store URL for the shared store)\n"
    "                                                  review labels (verdicts in the index)\n"
    "  similar --db FILE [--split S ...] [--k N] [--json] -- YTID [START]\n"
    "                                                  nearest segments by embedding (exact)\n"
    "  outliers --db FILE --class MID [--split S] [--k N] [--limit N] [--exact] [--json]\n"
    "                                                  likely label errors of a class\n"
    "  duplicates --db FILE [--max-distance D] [--split S ...] [--exact] [--json]\n"
    "                                                  identical and near-identical segments\n"
    "  download DIR [--features] [--mirror us|eu|asia] [--base-url URL] [--sha256 NAME=HEX]\n"
    "                                                  fetch the release (resumable, checked)\n"
    "  audio scan --db FILE DIR...                     match local audio files to segments\n"
    "  audio stats --db FILE [--json]                  segments with audio, per split and layout\n"
    "  audio find --db FILE [--json] -- YTID START     a segment's file and offset\n"
    "  generate-demo DIR [--segments N] [--seed N] [--no-features] [--shuffle] [--force]\n"
    "                                                  write a synthetic dataset\n"
    "\n"
    "audioset COMMAND --help describes one command.\n";

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("audioset"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUDIOSET_VERSION));

    const std::map<QString, std::function<int(const QStringList &)>> commands{
        {QStringLiteral("index"), runIndex},
        {QStringLiteral("stats"), runStats},
        {QStringLiteral("class"), runClass},
        {QStringLiteral("classes"), runClasses},
        {QStringLiteral("segments"), runSegments},
        {QStringLiteral("generate-demo"), runGenerateDemo},
        {QStringLiteral("embedding"), runEmbedding},
        {QStringLiteral("export"), runExport},
        {QStringLiteral("review"), runReview},
        {QStringLiteral("similar"), runSimilar},
        {QStringLiteral("outliers"), runOutliers},
        {QStringLiteral("duplicates"), runDuplicates},
        {QStringLiteral("download"), runDownload},
        {QStringLiteral("audio"), runAudio},
    };
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (args.isEmpty() || args.first() == QLatin1String("--help") ||
        args.first() == QLatin1String("-h")) {
        printOut(QString::fromLatin1(kUsage));
        return args.isEmpty() ? Usage : Ok;
    }
    if (args.first() == QLatin1String("--version")) {
        printOut(QStringLiteral("audioset %1\n").arg(QCoreApplication::applicationVersion()));
        return Ok;
    }
    const QString command = args.takeFirst();
    const auto it = commands.find(command);
    if (it == commands.end()) {
        printErr(QStringLiteral("audioset: unknown command '%1'\n\n").arg(command) +
                 QString::fromLatin1(kUsage));
        return Usage;
    }
    try {
        return it->second(args);
    } catch (const audioset::SqliteError &error) {
        // A damaged index that opened but fails a query: say so, never abort.
        const qsizetype db = args.indexOf(QStringLiteral("--db"));
        const QString file =
            db >= 0 && db + 1 < args.size() ? args[db + 1] : QStringLiteral("the index");
        printErr(QStringLiteral("audioset %1: %2 is not a usable AudioSet index: %3\n")
                     .arg(command, file, QString::fromStdString(error.what())));
        return Failure;
    }
}
