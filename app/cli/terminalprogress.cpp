#include "terminalprogress.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace audioset::cli {

namespace {
std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int) {
    g_interrupted = true;
    std::signal(SIGINT, SIG_DFL); // a second Ctrl-C ends the process at once
}

constexpr int kBarWidth = 30;
} // namespace

TerminalProgress::TerminalProgress(std::string verb)
    : m_verb(std::move(verb))
    , m_terminal(::isatty(STDERR_FILENO) != 0)
    , m_start(std::chrono::steady_clock::now()) {}

TerminalProgress::~TerminalProgress() {
    finish();
}

void TerminalProgress::catchInterrupts() {
    std::signal(SIGINT, onInterrupt);
}
bool TerminalProgress::interrupted() {
    return g_interrupted;
}

ProgressCallback TerminalProgress::callback() {
    return [this](const Progress &progress) { return update(progress); };
}

bool TerminalProgress::update(const Progress &progress) {
    const double fraction =
        progress.total ? static_cast<double>(progress.done) / static_cast<double>(progress.total)
                       : 0.0;
    const auto now = std::chrono::steady_clock::now();
    if (m_terminal) {
        if (m_drawn && now - m_lastDraw < std::chrono::milliseconds(100)) return !g_interrupted;
        m_lastDraw = now;
        const int filled = static_cast<int>(fraction * kBarWidth);
        std::string bar(static_cast<size_t>(filled), '#');
        bar.append(static_cast<size_t>(kBarWidth - filled), '-');
        const double seconds = std::chrono::duration<double>(now - m_start).count();
        std::fprintf(stderr, "\r\033[K%s [%s] %3d%%  %5.1fs  %s", m_verb.c_str(), bar.c_str(),
                     static_cast<int>(fraction * 100), seconds, progress.phase.c_str());
        std::fflush(stderr);
        m_drawn = true;
    } else {
        const int decile = static_cast<int>(fraction * 10);
        if (decile != m_lastDecile) {
            m_lastDecile = decile;
            std::fprintf(stderr, "%s: %d%% (%s)\n", m_verb.c_str(), decile * 10,
                         progress.phase.c_str());
        }
    }
    return !g_interrupted;
}

void TerminalProgress::finish() {
    if (m_terminal && m_drawn) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        m_drawn = false;
    }
}

} // namespace audioset::cli
