#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "outputfiles.h"

namespace audioset::bench {

/// What a child process cost: wall time and peak resident memory.
struct ChildRun {
    int exitCode = -1;
    double seconds = 0;
    double cpuSeconds = 0; // user + system, all threads: steadier than `seconds` on a busy host
    long peakRssKb = 0;
};

/// Runs `argv` (argv[0] is a path or a name on PATH) with stdout/stderr to /dev/null, or stdin
/// from `stdinFile` when given, and measures it with wait4.
ChildRun runChild(const std::vector<std::string> &argv, const std::string &stdinFile = {});

/// Median of `repeats` timings of `work`, in milliseconds.
double medianMs(int repeats, const std::function<void()> &work);

/// A fresh temporary folder (remove it with audioset::removeTree from exportfiles.h).
std::string makeTempDir(const std::string &prefix);
/// Writes the synthetic demo dataset with `segments` unbalanced segments into `dir`, saying so;
/// false (with a message on stderr) when it cannot.
bool generateDemoData(const std::string &dir, int64_t segments, bool features,
                      bool shuffle = false);

/// Generates `segments` unbalanced segments with features in `work`/release and indexes them into
/// `work`/index.db; returns that path, or empty (with a message on stderr) when it cannot.
std::string makeDemoIndex(const std::string &work, int64_t segments);

/// "PASS"/"FAIL" against a target for printing.
const char *verdict(bool ok);

} // namespace audioset::bench
