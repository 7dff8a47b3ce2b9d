#include "diagnostics.h"

namespace audioset {

namespace {
constexpr std::array<std::string_view, kProblemKindCount> kKindNames{
    "missing-file",          "unreadable-file",     "field-count",        "bad-number",
    "bad-youtube-id",        "end-before-start",    "duplicate-segment",  "bad-label-list",
    "unknown-label",         "bad-header",          "bad-json",           "bad-ontology-entry",
    "ontology-cycle",        "bad-label-index-row", "bad-quality-row",    "bad-rerated-id",
    "truncated-input",       "corrupt-record",      "bad-record",         "bad-archive",
    "unknown-feature-split", "orphan-record",       "label-disagreement", "duplicate-record",
};
} // namespace

std::string_view problemKindName(ProblemKind kind) {
    return kKindNames[static_cast<int>(kind)];
}

bool isInformational(ProblemKind kind) {
    return kind == ProblemKind::MissingFile || kind == ProblemKind::OrphanRecord ||
           kind == ProblemKind::LabelDisagreement;
}

bool isAlwaysShown(ProblemKind kind) {
    // One per file at most, and the damage they describe matters more than the lines before.
    return kind == ProblemKind::MissingFile || kind == ProblemKind::UnreadableFile ||
           kind == ProblemKind::TruncatedInput;
}

std::string Problem::toString() const {
    std::string text = file;
    if (position != kWholeFile) text += ':' + std::to_string(position);
    text += ": ";
    text += message;
    return text;
}

void Diagnostics::report(ProblemKind kind, std::string_view file, uint64_t position,
                         std::string message) {
    ++m_counts[static_cast<int>(kind)];
    ++m_total;
    // Notes about missing files are always shown; the limit is for problems in the input.
    const bool alwaysShown = isAlwaysShown(kind);
    if (!alwaysShown && m_detailedSerious >= kDetailedLimit) return;
    m_detailedSerious += alwaysShown ? 0 : 1;
    m_detailed.push_back(Problem{kind, std::string(file), position, std::move(message)});
    if (m_listener) m_listener(m_detailed.back());
}

void Diagnostics::countOnly(ProblemKind kind, uint64_t count) {
    m_counts[static_cast<int>(kind)] += count;
    m_total += count;
}

uint64_t Diagnostics::total() const {
    return m_total;
}

uint64_t Diagnostics::suppressed() const {
    return m_total - m_detailed.size();
}

uint64_t Diagnostics::seriousTotal() const {
    uint64_t serious = 0;
    for (int i = 0; i < kProblemKindCount; ++i)
        if (!isInformational(static_cast<ProblemKind>(i))) serious += m_counts[i];
    return serious;
}

} // namespace audioset
