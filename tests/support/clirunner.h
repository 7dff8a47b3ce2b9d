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

/// The real release folder, or an empty string when ../shared is not beside the checkout.
QString realDataDir();

} // namespace audioset::test
