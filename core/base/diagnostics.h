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
    CorruptRecord, // TFRecord framing or CRC
    BadRecord,     // a record that is not an AudioSet SequenceExample
    BadArchive,    // tar headers
    UnknownFeatureSplit,
    OrphanRecord,      // a record with no segment in the CSVs: kept, reported
    LabelDisagreement, // a record's labels differ from its CSV row: counted, reported
    DuplicateRecord,
    Count_
};

inline constexpr int kProblemKindCount = static_cast<int>(ProblemKind::Count_);

/// Short stable name of a kind ("field-count", ...), used in summaries.
std::string_view problemKindName(ProblemKind kind);

/// True for kinds that describe the data rather than broken input (a missing optional file,
/// records without a CSV row, labels that differ); they never fail a --strict run.
bool isInformational(ProblemKind kind);
/// Kinds shown in full however many problems came before: missing files, and a file that could
/// not be read, or only in part (at most one of these per file).
bool isAlwaysShown(ProblemKind kind);

/// The position of a problem that concerns a whole file rather than a line or byte.
inline constexpr uint64_t kWholeFile = ~uint64_t(0);

/// One problem found in the input, located by line (text files) or byte offset (binary files).
struct Problem {
    ProblemKind kind = ProblemKind::FieldCount;
    std::string file;
    uint64_t position = kWholeFile; // 1-based line number, or byte offset from 0
    std::string message;

    /// "FILE:POSITION: message" (or "FILE: message" for the whole file).
    std::string toString() const;
};

/// Problems found on a reading thread, handed to the writing thread in order: the first ones
/// in full, the rest of a batch as counts per kind, so a batch stays small however bad the
/// input is.
template <typename Entry> struct ProblemBatch {
    static constexpr size_t kFullLimit = 4096;
    std::vector<Entry> full;
    std::array<uint64_t, kProblemKindCount> counted{};

    /// True when the entry should be made and added in full; otherwise it was counted.
    bool wantsFull(ProblemKind kind) {
        if (full.size() < kFullLimit) return true;
        ++counted[static_cast<int>(kind)];
        return false;
    }
    size_t size() const { return full.size(); }
};

/// Collects the problems of a run: keeps the first few in full, counts all of them by kind, and
/// hands each kept one to an optional listener as it arrives (the CLI prints them live).
class Diagnostics {
public:
    /// Problems in the input kept in full (the always-shown kinds come on top).
    static constexpr size_t kDetailedLimit = 20;

    using Listener = std::function<void(const Problem &)>;
    void setListener(Listener listener) { m_listener = std::move(listener); }

    void report(ProblemKind kind, std::string_view file, uint64_t position, std::string message);
    /// Counts problems that were not kept in full because more than kDetailedLimit came before
    /// them (readers on other threads pass these on as numbers only).
    void countOnly(ProblemKind kind, uint64_t count);

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

/// Passes a batch's problems on to `diagnostics`: `reportOne` for each full entry, then the
/// counted ones.
template <typename Entry, typename ReportOne>
void drainProblems(ProblemBatch<Entry> &batch, Diagnostics &diagnostics, ReportOne &&reportOne) {
    for (Entry &entry : batch.full)
        reportOne(entry);
    for (int kind = 0; kind < kProblemKindCount; ++kind)
        if (batch.counted[kind])
            diagnostics.countOnly(static_cast<ProblemKind>(kind), batch.counted[kind]);
}

} // namespace audioset
