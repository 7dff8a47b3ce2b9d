#include "clirunner.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

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

MeasuredRun runCliMeasured(const QStringList &args) {
    std::vector<QByteArray> storage{QByteArrayLiteral(AUDIOSET_CLI_PATH)};
    for (const QString &arg : args)
        storage.push_back(arg.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &arg : storage)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    MeasuredRun run;
    // fork, not posix_spawn: a vfork-style child would inherit the test's peak as its own.
    const pid_t child = ::fork();
    if (child == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    if (child < 0) return run;
    int status = 0;
    struct rusage usage {};
    if (::wait4(child, &status, 0, &usage) != child) return run;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.peakRssKb = usage.ru_maxrss;
    return run;
}

QString realDataDir() {
    const QString dir = QStringLiteral(AUDIOSET_REAL_DATA_DIR);
    return QFileInfo::exists(dir + QStringLiteral("/ontology.json")) ? QDir(dir).absolutePath()
                                                                     : QString();
}

} // namespace audioset::test
