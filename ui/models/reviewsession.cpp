#include "reviewsession.h"

#include <QDateTime>
#include <map>

namespace audioset::ui {

ReviewSession::ReviewSession(ReviewStore &store, ReviewSampleSpec spec,
                             std::vector<SegmentRow> sample, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_spec(std::move(spec))
    , m_sample(std::move(sample))
    , m_verdicts(m_sample.size()) {
    std::map<JudgedLabel, int> indexOf;
    for (int i = 0; i < size(); ++i)
        indexOf.emplace(labelAt(i), i);
    for (const VerdictRecord &record : m_store.latest(m_spec.classMid))
        if (record.reviewer == m_store.reviewer())
            if (const auto it = indexOf.find(record.label); it != indexOf.end())
                m_verdicts[static_cast<size_t>(it->second)] = record.verdict;
    m_position = nextUnjudgedAfter(-1);
}

const SegmentRow *ReviewSession::current() const {
    return m_position < size() ? &m_sample[static_cast<size_t>(m_position)] : nullptr;
}

int ReviewSession::judgedCount() const {
    int judged = 0;
    for (const auto &verdict : m_verdicts)
        judged += verdict.has_value();
    return judged;
}

JudgedLabel ReviewSession::labelAt(int index) const {
    const SegmentRow &row = m_sample[static_cast<size_t>(index)];
    return {row.split, row.ytid, row.startMs, m_spec.classMid};
}

// The first segment after `index` without a verdict, wrapping around; size() when none is left.
int ReviewSession::nextUnjudgedAfter(int index) const {
    for (int step = 1; step <= size(); ++step) {
        const int candidate = (index + step) % size();
        if (!m_verdicts[static_cast<size_t>(candidate)]) return candidate;
    }
    return size();
}

std::vector<VerdictRecord> ReviewSession::othersOnCurrent() const {
    std::vector<VerdictRecord> others;
    if (!current()) return others;
    const JudgedLabel label = labelAt(m_position);
    for (VerdictRecord &record : m_store.latest(m_spec.classMid))
        if (record.label == label && record.reviewer != m_store.reviewer())
            others.push_back(std::move(record));
    return others;
}

Outcome ReviewSession::store(int index, Verdict verdict, const QString &note) {
    VerdictRecord record;
    record.label = labelAt(index);
    record.verdict = verdict;
    record.givenAtMs = QDateTime::currentMSecsSinceEpoch();
    record.note = note.toStdString();
    return m_store.add(record);
}

Outcome ReviewSession::judge(Verdict verdict, const QString &note) {
    if (!current()) return Outcome::failed("the review is complete; nothing is selected");
    if (Outcome stored = store(m_position, verdict, note); !stored.isOk()) return stored;
    m_undo.push_back({m_position, m_verdicts[static_cast<size_t>(m_position)]});
    m_verdicts[static_cast<size_t>(m_position)] = verdict;
    m_position = nextUnjudgedAfter(m_position);
    Q_EMIT changed();
    return Outcome::ok();
}

void ReviewSession::skip() {
    if (size() == 0) return;
    // The next segment in order, even one already judged (to look at it again).
    m_position = (std::min(m_position, size() - 1) + 1) % size();
    Q_EMIT changed();
}

Outcome ReviewSession::undo() {
    if (m_undo.empty()) return Outcome::ok();
    const Step step = m_undo.back();
    if (Outcome stored = store(step.index, step.before.value_or(Verdict::Cleared), {});
        !stored.isOk())
        return stored;
    m_undo.pop_back();
    m_verdicts[static_cast<size_t>(step.index)] = step.before;
    m_position = step.index;
    Q_EMIT changed();
    return Outcome::ok();
}

void ReviewSession::moveTo(int index) {
    if (index < 0 || index >= size()) return;
    m_position = index;
    Q_EMIT changed();
}

} // namespace audioset::ui
