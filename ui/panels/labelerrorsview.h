#pragma once

#include "foundsegmentsmodel.h"
#include "labelerrorranking.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace audioset::ui {

class SimilarityService;

/// The class page's "Possible label errors": the class's segments in a split ranked by
/// label-error score (the share of their 10 nearest segments that do not carry the class). A
/// stored ranking shows at once; otherwise "Find" computes it with progress and Cancel. "Review
/// These" starts a review in that order; "Export List…" writes it as CSV.
class LabelErrorsView : public QWidget {
    Q_OBJECT
public:
    LabelErrorsView(std::function<QString(const QString &)> labelName, QWidget *parent = nullptr);

    void setService(SimilarityService *service);
    void showClass(const QString &mid, Split split);
    /// The split chosen in the view, and choosing it (without looking anything up).
    Split split() const { return chosenSplit(); }
    void setSplit(Split split);
    void clear();
    FoundSegmentsModel *model() { return m_model; }
    QString statusText() const;
    /// Computes the ranking (as the Find button does).
    void find();
    /// Writes the listed rows to `path` as CSV; false with `error` set when it cannot.
    bool exportTo(const QString &path, QString &error) const;

Q_SIGNALS:
    void segmentActivated(const audioset::SegmentRow &segment);
    /// Review the listed segments in this order.
    void reviewRequested(const QString &mid, audioset::Split split,
                         const std::vector<audioset::SegmentRow> &ordered);
    /// The split chosen in the view changed (the map follows it).
    void splitChanged(audioset::Split split);
    /// A ranking (stored or new) is shown, or it is known that none is stored.
    void shown();

private:
    void present(const LabelErrorRanking &ranking, const std::vector<SegmentRow> &segments,
                 bool stored, const QString &note);
    void setBusy(bool busy);
    Split chosenSplit() const;

    SimilarityService *m_service = nullptr;
    FoundSegmentsModel *m_model;
    QString m_mid;
    // A look-up or a computation of this view is outstanding: the service is shared with the
    // map, whose failures are not this view's.
    bool m_waiting = false;
    QComboBox *m_split;
    QLabel *m_status;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QPushButton *m_find;
    QPushButton *m_review;
    QPushButton *m_export;
    QTableView *m_table;
    LabelErrorRanking m_ranking;
};

} // namespace audioset::ui
