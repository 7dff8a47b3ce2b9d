#pragma once

#include "catalog.h"
#include "reviewsample.h"
#include "reviewstore.h"

#include <QDialog>
#include <map>
#include <memory>
#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTimer;

namespace audioset::ui {

class AsyncCatalog;
class AudioView;
class HeatmapWidget;
class ReviewSession;

/// How a review is set up: the sample, whose verdicts, and what stays hidden.
struct ReviewSetup {
    ReviewSampleSpec spec;
    bool blind = true;          // official estimate and others' verdicts hidden until finished
    bool openOnYoutube = false; // open each clip on YouTube as it comes up
    /// When set, the review walks these segments in this order (most likely wrong first, from
    /// Possible label errors) instead of a random sample.
    std::optional<std::vector<SegmentRow>> ordered;
};

/// The focused review view: one segment at a time, large, with the class being judged, its
/// description and examples, the segment's other labels and its embedding; one key per verdict
/// (1/P present, 2/N not present, 3/U unsure, S skip, Ctrl+Z undo, O open on YouTube), each
/// stored before the next segment shows.
class ReviewDialog : public QDialog {
    Q_OBJECT
public:
    ReviewDialog(AsyncCatalog *catalog, std::shared_ptr<ReviewStore> store, ReviewSetup setup,
                 QWidget *parent = nullptr);
    ~ReviewDialog() override;

    ReviewSession *session() const { return m_session.get(); }

Q_SIGNALS:
    /// The sample is loaded and the first segment shown.
    void ready();
    /// A segment's details (its embedding) arrived.
    void segmentShown();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    struct Start {
        Outcome outcome;
        std::vector<SegmentRow> sample;
        std::optional<ClassInfo> info;
        std::map<std::string, std::string> names; // mid -> display name
    };
    QWidget *buildVerdictRow();
    void begin(Start start);
    void judge(Verdict verdict);
    void undo();
    void openOnYoutube();
    void present();
    void presentResults();
    void loadEmbedding(int64_t segmentId);
    void showSaveState(const Outcome &outcome, const QString &what);
    void showOthers();

    AsyncCatalog *m_catalog;
    std::shared_ptr<ReviewStore> m_store;
    ReviewSetup m_setup;
    std::unique_ptr<ReviewSession> m_session;
    std::optional<ClassInfo> m_info;
    std::map<std::string, std::string> m_names;
    quint64 m_generation = 0;

    QLabel *m_title;
    QLabel *m_order;
    QProgressBar *m_progress;
    QLabel *m_position;
    QLabel *m_segment;
    QLabel *m_times;
    QLabel *m_labels;
    QLabel *m_classText;
    QLabel *m_official;
    QLabel *m_others;
    HeatmapWidget *m_heatmap;
    QLineEdit *m_note;
    AudioView *m_audio;
    QCheckBox *m_autoOpen;
    QCheckBox *m_autoPlay;
    QLabel *m_saved;
    QLabel *m_results;
    QTimer *m_refresh;
};

} // namespace audioset::ui
