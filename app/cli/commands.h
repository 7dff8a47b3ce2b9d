#pragma once

#include <QStringList>

namespace audioset::cli {

/// Exit codes shared by every subcommand.
enum ExitCode { Ok = 0, Failure = 1, Usage = 2, Interrupted = 130 };

/// Each subcommand gets its own arguments (without the program and subcommand names).
int runIndex(const QStringList &args);
int runStats(const QStringList &args);
int runClass(const QStringList &args);
int runClasses(const QStringList &args);
int runSegments(const QStringList &args);
int runGenerateDemo(const QStringList &args);
int runEmbedding(const QStringList &args);
int runExport(const QStringList &args);
int runReview(const QStringList &args);
int runSimilar(const QStringList &args);
int runOutliers(const QStringList &args);
int runDuplicates(const QStringList &args);
int runDownload(const QStringList &args);
int runAudio(const QStringList &args);

} // namespace audioset::cli
