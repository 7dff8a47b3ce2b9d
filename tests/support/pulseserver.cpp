#include "pulseserver.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QThread>
#include <cmath>

namespace audioset::test {

PulseServer::~PulseServer() {
    stop();
}

bool PulseServer::start() {
    const QString program = QStandardPaths::findExecutable(QStringLiteral("pulseaudio"));
    if (program.isEmpty()) {
        m_error = QStringLiteral("pulseaudio is not installed (scripts/deps.sh installs it)");
        return false;
    }
    const QString root = m_dir.path();
    m_socket = root + QStringLiteral("/native");
    // Its own home and runtime folders: nothing of the user's sound setup is read or touched.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name :
         {"HOME", "PULSE_RUNTIME_PATH", "PULSE_STATE_PATH", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME"})
        environment.insert(QString::fromLatin1(name), root);
    environment.remove(QStringLiteral("PULSE_SERVER"));
    m_daemon.setProcessEnvironment(environment);
    m_daemon.setProcessChannelMode(QProcess::MergedChannels);
    m_daemon.start(program,
                   {QStringLiteral("-n"), QStringLiteral("--daemonize=no"),
                    QStringLiteral("--exit-idle-time=-1"), QStringLiteral("--use-pid-file=no"),
                    QStringLiteral("--disable-shm=yes"), QStringLiteral("--log-target=stderr"),
                    QStringLiteral("--load=module-null-sink sink_name=%1").arg(sinkName()),
                    QStringLiteral("--load=module-native-protocol-unix socket=%1 "
                                   "auth-anonymous=1")
                        .arg(m_socket)});
    if (!m_daemon.waitForStarted(10000)) {
        m_error = QStringLiteral("pulseaudio did not start: %1").arg(m_daemon.errorString());
        return false;
    }
    const QDeadlineTimer deadline(15000);
    while (!QFileInfo::exists(m_socket)) {
        if (deadline.hasExpired() || m_daemon.state() != QProcess::Running) {
            m_error = QStringLiteral("pulseaudio did not open %1: %2")
                          .arg(m_socket, QString::fromLocal8Bit(m_daemon.readAll()));
            stop();
            return false;
        }
        QThread::msleep(20);
    }
    qputenv("PULSE_SERVER", QString(QStringLiteral("unix:") + m_socket).toLocal8Bit());
    return true;
}

void PulseServer::stop() {
    if (m_daemon.state() == QProcess::NotRunning) return;
    m_daemon.terminate();
    if (!m_daemon.waitForFinished(5000)) {
        m_daemon.kill();
        m_daemon.waitForFinished(5000);
    }
}

double PulseServer::recordLevel(int milliseconds) {
    QProcess recorder;
    recorder.start(QStringLiteral("parec"),
                   {QStringLiteral("--server=unix:") + m_socket,
                    QStringLiteral("--device=%1.monitor").arg(sinkName()), QStringLiteral("--raw"),
                    QStringLiteral("--format=s16le"), QStringLiteral("--rate=16000"),
                    QStringLiteral("--channels=1"), QStringLiteral("--latency-msec=20")});
    if (!recorder.waitForStarted(5000)) return -1;
    const qint64 wanted = qint64(milliseconds) * 16 * 2;
    QByteArray recorded;
    const QDeadlineTimer deadline(milliseconds + 10000);
    while (recorded.size() < wanted && !deadline.hasExpired() &&
           recorder.state() == QProcess::Running) {
        recorder.waitForReadyRead(100);
        recorded += recorder.readAllStandardOutput();
    }
    recorder.kill();
    recorder.waitForFinished(5000);
    if (recorded.size() < wanted) return -1;
    double sum = 0;
    const auto *samples = reinterpret_cast<const int16_t *>(recorded.constData());
    const qint64 count = wanted / 2;
    for (qint64 i = 0; i < count; ++i)
        sum += double(samples[i]) * samples[i];
    return std::sqrt(sum / double(count)) / 32768.0;
}

} // namespace audioset::test
