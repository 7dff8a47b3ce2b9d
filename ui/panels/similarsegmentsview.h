#pragma once

#include "foundsegmentsmodel.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace audioset::ui {

class SimilarityService;

/// The inspector's "Similar segments": the 10 nearest segments by sound, with distance and
/// labels; activating one (click or Enter) asks to go there. While the vectors load it shows
/// progress and a Cancel button.
class SimilarSegmentsView : public QWidget {
    Q_OBJECT
public:
    SimilarSegmentsView(std::function<QString(const QString &)> labelName,
                        QWidget *parent = nullptr);

    void setService(SimilarityService *service);
    /// Finds the segments nearest to `segmentId` (nothing to find without an embedding).
    void showSimilarTo(int64_t segmentId, bool hasEmbedding);
    void clear();
    FoundSegmentsModel *model() { return m_model; }
    QTableView *table() { return m_table; }

Q_SIGNALS:
    void segmentActivated(const audioset::SegmentRow &segment);
    /// The list for the last request is shown.
    void shown();

private:
    void showMessage(const QString &text);

    SimilarityService *m_service = nullptr;
    FoundSegmentsModel *m_model;
    QLabel *m_message;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QTableView *m_table;
    quint64 m_request = 0;
};

} // namespace audioset::ui
