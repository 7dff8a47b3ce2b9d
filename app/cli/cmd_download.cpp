#include "clioptions.h"
#include "commands.h"
#include "terminalprogress.h"

#include "releasedownload.h"

#include <chrono>
#include <cstdio>
#include <unistd.h>

namespace audioset::cli {

namespace {

QString megabytes(uint64_t bytes) {
    return QString::fromStdString(formatMegabytes(bytes));
}

// One line of figures: redrawn in place on a terminal, printed now and then otherwise.
class DownloadPrinter {
public:
    DownloadPrinter()
        : m_terminal(isatty(STDERR_FILENO) != 0) {}

    bool update(const DownloadProgress &now) {
        if (TerminalProgress::interrupted()) return false;
        if (!now.note.empty() && now.note != m_note) {
            clear();
            printErr(QStringLiteral("  %1: %2\n")
                         .arg(QString::fromStdString(now.file), QString::fromStdString(now.note)));
        }
        m_note = now.note;
        const auto time = std::chrono::steady_clock::now();
        if (time - m_last < std::chrono::milliseconds(m_terminal ? 200 : 5000)) return true;
        m_last = time;
        QString line =
            QStringLiteral("%1 %2 of %3 · all %4 of %5")
                .arg(QString::fromStdString(now.file), megabytes(now.fileDone),
                     now.fileTotal ? megabytes(now.fileTotal) : QStringLiteral("?"),
                     megabytes(now.done), now.total ? megabytes(now.total) : QStringLiteral("?"));
        if (now.bytesPerSecond > 0)
            line += QStringLiteral(" · %1/s").arg(megabytes(uint64_t(now.bytesPerSecond)));
        if (now.secondsLeft)
            line +=
                QStringLiteral(" · ") + QString::fromStdString(formatTimeLeft(*now.secondsLeft));
        if (m_terminal) {
            printErr(QStringLiteral("\r\033[K") + line);
            m_drawn = true;
        } else {
            printErr(line + QLatin1Char('\n'));
        }
        return true;
    }

    void fileDone(const DownloadedFile &file) {
        clear();
        const QString name = QString::fromStdString(file.name);
        switch (file.status) {
        case DownloadedFile::Status::Fetched:
            printErr(QStringLiteral("  %1: fetched and checked\n").arg(name));
            break;
        case DownloadedFile::Status::AlreadyThere:
            printErr(QStringLiteral("  %1: already complete\n").arg(name));
            break;
        case DownloadedFile::Status::Failed:
            printErr(QStringLiteral("  %1: FAILED: %2\n")
                         .arg(name, QString::fromStdString(file.message)));
            break;
        case DownloadedFile::Status::Cancelled:
            break;
        }
    }

    void clear() {
        if (m_drawn) printErr(QStringLiteral("\r\033[K"));
        m_drawn = false;
    }

private:
    bool m_terminal;
    bool m_drawn = false;
    std::string m_note;
    std::chrono::steady_clock::time_point m_last{};
};

} // namespace

int runDownload(const QStringList &args) {
    CliOptions options(QStringLiteral("download"),
                       QStringLiteral("Fetches the AudioSet release (the segment CSVs, labels, "
                                      "quality counts, rerated ids and ontology) into DIR."));
    QCommandLineParser &parser = options.parser();
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("The release folder."));
    parser.addOption({QStringLiteral("features"),
                      QStringLiteral("Also features.tar.gz (2.4 GB), checked against its "
                                     "published SHA-256.")});
    parser.addOption({QStringLiteral("mirror"),
                      QStringLiteral("Google's bucket to use: us (default), eu or asia."),
                      QStringLiteral("REGION"), QStringLiteral("us")});
    parser.addOption({QStringLiteral("base-url"),
                      QStringLiteral("Fetch every file as URL/<file name> instead (a mirror)."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("sha256"),
                      QStringLiteral("The SHA-256 a file must have (repeatable); overrides a "
                                     "published one."),
                      QStringLiteral("NAME=HEX")});
    parser.addOption({QStringLiteral("retry-delay-ms"),
                      QStringLiteral("Wait before the first retry (default 1000; doubles)."),
                      QStringLiteral("MS")});
    if (auto exit = options.parse(args)) return *exit;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) return options.usageError(QStringLiteral("expected one DIR"));
    const auto retryDelay = options.integer(QStringLiteral("retry-delay-ms"), 1000);
    if (!retryDelay) return Usage;

    DownloadOptions download;
    download.dir = positional.first().toStdString();
    download.retryDelayMs = int(std::clamp<long long>(*retryDelay, 0, 60'000));
    download.source.features = parser.isSet(QStringLiteral("features"));
    download.source.mirror = parser.value(QStringLiteral("mirror")).toStdString();
    download.source.baseUrl = parser.value(QStringLiteral("base-url")).toStdString();
    for (const QString &given : parser.values(QStringLiteral("sha256"))) {
        const qsizetype equals = given.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return options.usageError(
                QStringLiteral("--sha256 takes NAME=HEX, got '%1'").arg(given));
        download.source.sha256[given.left(equals).toStdString()] =
            given.mid(equals + 1).toStdString();
    }
    std::string error;
    if (releaseFiles(download.source, error).empty())
        return options.usageError(QString::fromStdString(error));

    DownloadPrinter printer;
    TerminalProgress::catchInterrupts();
    const DownloadReport report = downloadRelease(
        download, [&](const DownloadProgress &now) { return printer.update(now); },
        [&](const DownloadedFile &file) { printer.fileDone(file); });
    printer.clear();
    const QString message = QString::fromStdString(report.outcome.message);
    if (!report.outcome.isOk()) {
        printErr(QStringLiteral("audioset download: %1\n").arg(message));
        return report.outcome.isCancelled() ? Interrupted : Failure;
    }
    printErr(message + QLatin1Char('\n'));
    return Ok;
}

} // namespace audioset::cli
