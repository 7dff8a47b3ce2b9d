#pragma once

#include "progress.h"

#include <chrono>
#include <string>

namespace audioset::cli {

/// Shows a job's progress on stderr: a redrawn bar on a terminal, plain lines (every 10%)
/// otherwise. Its callback also reports Ctrl-C as a cancel request.
class TerminalProgress {
public:
    explicit TerminalProgress(std::string verb);
    ~TerminalProgress();

    ProgressCallback callback();
    /// Clears the bar so that following output starts on a clean line.
    void finish();

    /// Installs a SIGINT handler that turns Ctrl-C into a cancel request.
    static void catchInterrupts();
    static bool interrupted();

private:
    bool update(const Progress &progress);

    std::string m_verb;
    bool m_terminal = false;
    bool m_drawn = false;
    int m_lastDecile = -1;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastDraw;
};

} // namespace audioset::cli
