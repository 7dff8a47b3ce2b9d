#include "clirunner.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>

namespace audioset::test {

CliResult runCli(const QStringList &args, int timeoutMs) {
    QProcess process;
    process.start(QStringLiteral(AUDIOSET_CLI_PATH), args);
    CliResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString realDataDir() {
    const QString dir = QStringLiteral(AUDIOSET_REAL_DATA_DIR);
    return QFileInfo::exists(dir + QStringLiteral("/ontology.json")) ? QDir(dir).absolutePath()
                                                                     : QString();
}

} // namespace audioset::test
