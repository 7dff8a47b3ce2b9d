#pragma once

#include "catalog.h"
#include "classmap.h"

#include <QWidget>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;

namespace audioset::ui {

class ClassMapWidget;
class SimilarityService;

/// The class page's map: "Draw Map" projects the class's segments and the rest of the split to
/// 2-D (PCA), with progress and Cancel; a lasso selection goes to review or to a CSV file.
class ClassMapView : public QWidget {
    Q_OBJECT
public:
    explicit ClassMapView(QWidget *parent = nullptr);

    void setService(SimilarityService *service);
    void showClass(const QString &mid, Split split);
    void clear();
    void draw();
    ClassMapWidget *mapWidget() { return m_map; }
    QString statusText() const;
    bool exportSelection(const QString &path, QString &error) const;
    /// exportSelection on a worker thread (a selection can hold a million points); emits
    /// exported when done.
    void exportSelectionInBackground(const QString &path);

Q_SIGNALS:
    /// A point was clicked: show that segment.
    void segmentRequested(const QString &ytid, int64_t startMs);
    void reviewRequested(const QString &mid, audioset::Split split,
                         const std::vector<audioset::SegmentRow> &ordered);
    void drawn();
    void exported(bool ok, const QString &message);

private:
    void setBusy(bool busy);
    void updateButtons();

    SimilarityService *m_service = nullptr;
    QString m_mid;
    Split m_split = Split::Eval;
    bool m_busy = false;
    bool m_exporting = false;
    quint64 m_request = 0;
    QLabel *m_status;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QPushButton *m_draw;
    QPushButton *m_review;
    QPushButton *m_export;
    ClassMapWidget *m_map;
};

} // namespace audioset::ui
