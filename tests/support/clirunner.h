#pragma once

#include <QJsonDocument>
#include <QStringList>

namespace audioset::test {

/// The result of running the `audioset` command-line program.
struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

/// Runs build/bin/audioset with `args` and waits for it (at most `timeoutMs`).
CliResult runCli(const QStringList &args, int timeoutMs = 120000);

/// Runs build/bin/audioset with `args`, and measures the child's peak resident memory. The
/// figure includes what the test process had resident when it started the child: free large
/// buffers first.
struct MeasuredRun {
    int exitCode = -1;
    long peakRssKb = 0;
};
MeasuredRun runCliMeasured(const QStringList &args);

/// The real release folder, or an empty string when ../shared is not beside the checkout.
QString realDataDir();

} // namespace audioset::test
