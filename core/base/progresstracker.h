#pragma once

#include "progress.h"

#include <cstdint>
#include <string>

namespace audioset {

/// Turns the bytes done in each stage of an indexing run into one overall Progress.
class ProgressTracker {
public:
    ProgressTracker(const ProgressCallback &callback, uint64_t total)
        : m_callback(callback)
        , m_total(total) {}

    /// Reports `phase` at `done` bytes past what earlier phases completed; false to stop.
    bool report(const std::string &phase, uint64_t doneInPhase = 0) const {
        return !m_callback || m_callback(Progress{phase, m_done + doneInPhase, m_total});
    }
    /// As report(), but throws Cancelled when asked to stop.
    void tick(const std::string &phase, uint64_t doneInPhase = 0) const {
        if (!report(phase, doneInPhase)) throw Cancelled();
    }
    void complete(uint64_t bytes) { m_done += bytes; }

private:
    const ProgressCallback &m_callback;
    uint64_t m_total;
    uint64_t m_done = 0;
};

} // namespace audioset
