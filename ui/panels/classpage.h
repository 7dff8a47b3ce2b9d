#pragma once

#include "catalog.h"

#include <QScrollArea>

class QBoxLayout;
class QLabel;
class QTableView;
class QChartView;

namespace audioset::ui {

class AsyncCatalog;
class ClassMapView;
class CooccurrenceModel;
class LabelErrorsView;
class OntologyModel;
class SimilarityService;

/// Everything about one class: name, paths from the roots, description, children, examples, a
/// chart of its counts, the quality estimate with its uncertainty, rerated shares, and the
/// classes it co-occurs with. Every class name is a link.
class ClassPage : public QScrollArea {
    Q_OBJECT
public:
    ClassPage(OntologyModel *ontology, QWidget *parent = nullptr);

    void setCatalog(AsyncCatalog *catalog);
    /// Where Possible label errors come from; none for an index without embeddings.
    void setSimilarityService(SimilarityService *service);
    LabelErrorsView *labelErrors() { return m_labelErrors; }
    ClassMapView *classMap() { return m_map; }
    /// Loads the class (asynchronously); co-occurrence is counted in `split`.
    void showClass(const QString &mid, Split split);
    void clear();
    QString currentClass() const { return m_mid; }
    /// The text of the quality line as shown (for tests).
    QString qualityText() const;
    QString titleText() const;

Q_SIGNALS:
    void classActivated(const QString &mid);
    /// "Review this class…" under the quality estimate was clicked.
    void reviewRequested(const QString &mid);
    void loaded();
    /// A segment of Possible label errors was activated.
    void segmentActivated(const audioset::SegmentRow &segment);
    /// A point of the map was clicked.
    void segmentRequested(const QString &ytid, int64_t startMs);
    /// "Review These…" under Possible label errors: review these segments in this order.
    void orderedReviewRequested(const QString &mid, audioset::Split split,
                                const std::vector<audioset::SegmentRow> &ordered);

private:
    struct Details {
        std::optional<ClassInfo> info;
        std::vector<Cooccurrence> cooccurring;
    };
    void present(const ClassInfo &info, std::vector<Cooccurrence> cooccurring);
    void updateChart(const ClassInfo &info);
    QString classLink(const QString &mid) const;
    void openLink(const QString &link);
    void resizeEvent(QResizeEvent *event) override;

    OntologyModel *m_ontology;
    AsyncCatalog *m_catalog = nullptr;
    QString m_mid;
    Split m_split = Split::Eval;
    quint64 m_generation = 0;
    QLabel *m_title;
    QLabel *m_badges;
    QLabel *m_paths;
    QLabel *m_description;
    QLabel *m_children;
    QLabel *m_examples;
    QLabel *m_quality;
    QLabel *m_qualityDetail;
    QLabel *m_rerated;
    QLabel *m_cooccurrenceTitle;
    QChartView *m_chart;
    QBoxLayout *m_chartRow; // chart beside the quality box, or above it when narrow
    QTableView *m_cooccurrenceView;
    CooccurrenceModel *m_cooccurrence;
    LabelErrorsView *m_labelErrors;
    ClassMapView *m_map;
    QWidget *m_content;
    QLabel *m_empty;
};

} // namespace audioset::ui
