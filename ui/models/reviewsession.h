#pragma once

#include "catalog.h"
#include "outcome.h"
#include "reviewsample.h"
#include "reviewstore.h"

#include <QObject>
#include <QString>
#include <optional>
#include <vector>

namespace audioset::ui {

/// One reviewer walking a review sample: where they are, their verdict on each segment (the
/// latest in the store, so coming back resumes where they stopped), and an undo stack. Every
/// verdict goes to the store before the session moves on.
class ReviewSession : public QObject {
    Q_OBJECT
public:
    ReviewSession(ReviewStore &store, ReviewSampleSpec spec, std::vector<SegmentRow> sample,
                  QObject *parent = nullptr);

    const ReviewSampleSpec &spec() const { return m_spec; }
    int size() const { return static_cast<int>(m_sample.size()); }
    int position() const { return m_position; }
    const SegmentRow *current() const;
    std::optional<Verdict> verdictAt(int index) const {
        return m_verdicts[static_cast<size_t>(index)];
    }
    int judgedCount() const;
    /// Every segment of the sample has a verdict of this reviewer.
    bool finished() const { return judgedCount() == size(); }
    /// Other reviewers' latest verdicts on the current segment (for outside blind mode).
    std::vector<VerdictRecord> othersOnCurrent() const;
    const std::string &reviewer() const { return m_store.reviewer(); }

    /// Stores the verdict on the current segment and moves to the next one without a verdict.
    Outcome judge(Verdict verdict, const QString &note = {});
    /// Moves on without a verdict.
    void skip();
    /// Takes the last verdict of this session back (the store keeps the history) and returns
    /// to its segment. Nothing to undo: ok, and nothing changes.
    Outcome undo();
    void moveTo(int index);

Q_SIGNALS:
    void changed();

private:
    struct Step {
        int index;
        std::optional<Verdict> before;
    };
    JudgedLabel labelAt(int index) const;
    Outcome store(int index, Verdict verdict, const QString &note);
    int nextUnjudgedAfter(int index) const;

    ReviewStore &m_store;
    ReviewSampleSpec m_spec;
    std::vector<SegmentRow> m_sample;
    std::vector<std::optional<Verdict>> m_verdicts;
    std::vector<Step> m_undo;
    int m_position = 0;
};

} // namespace audioset::ui
