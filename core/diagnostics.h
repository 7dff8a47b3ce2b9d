#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace audioset {

/// What was wrong with a piece of input; each kind is counted separately.
enum class ProblemKind : int {
    MissingFile,
    UnreadableFile,
    FieldCount,
    BadNumber,
    BadYoutubeId,
    EndBeforeStart,
    DuplicateSegment,
    BadLabelList,
    UnknownLabel,
    BadHeader,
    BadJson,
    BadOntologyEntry,
    OntologyCycle,
    BadLabelIndexRow,
    BadQualityRow,
    BadReratedId,
    TruncatedInput,
    Count_
};

inline constexpr int kProblemKindCount = static_cast<int>(ProblemKind::Count_);

/// Short stable name of a kind ("field-count", ...), used in summaries.
std::string_view problemKindName(ProblemKind kind);

/// True for kinds that only inform (a missing optional file); they never fail a --strict run.
bool isInformational(ProblemKind kind);

/// One problem found in the input, located by line (text files) or byte offset (binary files).
struct Problem {
    ProblemKind kind = ProblemKind::FieldCount;
    std::string file;
    uint64_t position = 0; // 1-based line number, or byte offset; 0 = the whole file
    std::string message;

    /// "FILE:POSITION: message" (or "FILE: message" for position 0).
    std::string toString() const;
};

/// Collects the problems of a run: keeps the first few in full, counts all of them by kind, and
/// hands each kept one to an optional listener as it arrives (the CLI prints them live).
class Diagnostics {
public:
    /// Problems in the input kept in full (notes about missing files are always kept).
    static constexpr size_t kDetailedLimit = 20;

    using Listener = std::function<void(const Problem &)>;
    void setListener(Listener listener) { m_listener = std::move(listener); }

    void report(ProblemKind kind, std::string_view file, uint64_t position, std::string message);

    const std::vector<Problem> &detailed() const { return m_detailed; }
    uint64_t count(ProblemKind kind) const { return m_counts[static_cast<int>(kind)]; }
    uint64_t total() const;
    /// Problems that are not merely informational: what --strict fails on.
    uint64_t seriousTotal() const;
    /// Problems reported beyond the detailed limit, which only appear in the per-kind summary.
    uint64_t suppressed() const;

private:
    std::vector<Problem> m_detailed;
    std::array<uint64_t, kProblemKindCount> m_counts{};
    uint64_t m_total = 0;
    size_t m_detailedSerious = 0;
    Listener m_listener;
};

} // namespace audioset
