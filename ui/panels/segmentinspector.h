#pragma once

#include "catalog.h"

#include <QDesktopServices>
#include <QUrl>
#include <QWidget>
#include <functional>

class QLabel;
class QVBoxLayout;
class QPushButton;
class QScrollArea;

namespace audioset::ui {

class AsyncCatalog;
class AudioView;
class HeatmapWidget;
class OntologyModel;
class SimilarityService;
class SimilarSegmentsView;

/// One segment: its labels (links to their classes), rerated status, the embedding heatmap next
/// to the mean frame of the selected class, the YouTube link (only for a valid id) and the
/// segments nearest to it by sound.
class SegmentInspector : public QWidget {
    Q_OBJECT
public:
    SegmentInspector(OntologyModel *ontology, QWidget *parent = nullptr);

    void setCatalog(AsyncCatalog *catalog);
    /// Where the Similar segments list comes from (none: the list stays hidden).
    void setSimilarityService(SimilarityService *service);
    SimilarSegmentsView *similarSegments() { return m_similar; }
    AudioView *audio() { return m_audio; }
    /// Shows `row`; the class mean shown for comparison is `classMid`'s (rollup or not).
    void showSegment(const SegmentRow &row, const QString &classMid, bool rollup);
    void clear();

    /// https://www.youtube.com/watch?v=ID&t=Ss, or empty when there is no valid segment.
    QString watchUrl() const { return m_url; }
    bool hasEmbedding() const { return m_hasEmbedding; }
    /// Opens the segment in the browser; when no browser can be opened, copies the link and
    /// says so through `couldNotOpen`.
    bool openOnYoutube();
    bool copyLink();
    /// How links are opened (QDesktopServices by default; tests put in one that fails).
    void setUrlOpener(std::function<bool(const QUrl &)> opener) { m_openUrl = std::move(opener); }

Q_SIGNALS:
    void classActivated(const QString &mid);
    void couldNotOpen(const QString &message);
    /// A similar segment was chosen: the window shows it.
    void segmentActivated(const audioset::SegmentRow &segment);
    void loaded();

private:
    struct Details {
        std::optional<SegmentEmbedding> embedding;
        std::optional<ClassMeanFrame> mean;
    };
    void present(const Details &details);

    OntologyModel *m_ontology;
    AsyncCatalog *m_catalog = nullptr;
    quint64 m_generation = 0;
    QString m_url;
    std::function<bool(const QUrl &)> m_openUrl = [](const QUrl &url) {
        return QDesktopServices::openUrl(url);
    };
    QString m_classMid;
    bool m_hasEmbedding = false;
    QLabel *m_title;
    QLabel *m_status;
    QLabel *m_labels;
    QLabel *m_embeddingCaption;
    HeatmapWidget *m_heatmap;
    QVBoxLayout *m_layout = nullptr;
    QLabel *m_meanCaption;
    HeatmapWidget *m_mean;
    AudioView *m_audio;
    QPushButton *m_open;
    QPushButton *m_copy;
    SimilarSegmentsView *m_similar;
    QWidget *m_content;
    QScrollArea *m_scroll;
    QLabel *m_empty;
    int64_t m_segmentId = 0;
};

} // namespace audioset::ui
