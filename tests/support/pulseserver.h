#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace audioset::test {

/// A real PulseAudio server for one test: one null sink (a sound card that plays in real time
/// into nothing, with a monitor to record what it played), on a Unix socket in a temporary
/// folder only, stopped at the end. start() points this process's PULSE_SERVER at it, so it
/// must run before Qt Multimedia first looks for devices.
class PulseServer {
public:
    ~PulseServer();

    bool start();
    void stop();
    const QString &error() const { return m_error; }
    static QString sinkName() { return QStringLiteral("audioset_test"); }

    /// Records `milliseconds` of what the sink plays (16 kHz mono) and gives its RMS level,
    /// 0 for silence and about 0.35 for a sine at -6 dB full scale; negative on failure.
    double recordLevel(int milliseconds);

private:
    QTemporaryDir m_dir;
    QProcess m_daemon;
    QString m_socket;
    QString m_error;
};

} // namespace audioset::test
