#pragma once

#include "catalog.h"
#include "navigationhistory.h"
#include "outcome.h"
#include "progress.h"

#include <QMainWindow>
#include <QPointer>
#include <memory>

class QAction;
class QLabel;
class QMenu;
class QSplitter;
class QStackedWidget;

namespace audioset::ui {

class AsyncCatalog;
class AudioScanStatus;
class ClassPage;
class DownloadDialog;
class OntologyModel;
class OntologyPanel;
class SegmentInspector;
class SegmentPanel;
class SegmentTableModel;
class SimilarityService;
class WelcomePage;

/// Wires the panels, menus and settings together; the panels do the work.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens an index; on failure shows why (unless `quiet`) and returns false.
    bool openIndex(const QString &path, bool quiet = false);
    /// Indexes a release folder off the GUI thread, then opens the index.
    void indexReleaseFolder(const QString &dir);
    void generateDemo();
    /// Shows the class as if it had been clicked in the tree.
    void selectClass(const QString &mid);
    void setSegmentSplit(std::optional<Split> split);
    /// Opens the export dialog with the current class included (nullptr with no index open).
    class ExportDialog *showExportDialog();
    /// Opens (or raises) the download dialog; the folder it fills is indexed and opened as soon
    /// as its metadata is in, and indexed again when the features archive arrives.
    DownloadDialog *showDownloadDialog();
    /// Audio folders for this session (`--audio DIR`), beside the remembered ones.
    void addAudioFolders(const QStringList &folders);
    QStringList audioFolders() const;
    /// Matches the audio folders' files to the open index's segments, in the background, after
    /// forgetting what the folders in `forget` matched before.
    void scanAudio(const QStringList &forget = {});
    /// Remembers `folders` as the audio folders, forgets the ones no longer listed, and scans.
    void applyAudioFolders(const QStringList &folders);
    AudioScanStatus *audioScanStatus() const { return m_audioScanStatus; }
    /// Back and Forward over the classes visited (as Alt+Left and Alt+Right do).
    void goBack();
    void goForward();
    /// False on a first run: nothing remembered where the window was or how large.
    bool hasRememberedGeometry() const { return m_geometryRestored; }
    /// The size to open at then: `wanted`, within nine tenths of the screen (Qt's own guess
    /// was a cramped 1111 x 500).
    QSize firstRunSize(QSize wanted) const;
    /// True once nothing is loading (the ontology, the class page, the segments, the inspector).
    bool isSettled() const;
    /// The open index's file (empty with none open), and whether it holds embeddings.
    QString indexPath() const;
    bool hasEmbeddings() const { return m_stats.embeddings.has_value(); }

    OntologyModel *ontologyModel() const { return m_ontology; }
    SegmentTableModel *segmentModel() const { return m_segments; }
    OntologyPanel *ontologyPanel() const { return m_ontologyPanel; }
    ClassPage *classPage() const { return m_classPage; }
    SegmentPanel *segmentPanel() const { return m_segmentPanel; }
    SegmentInspector *inspector() const { return m_inspector; }

Q_SIGNALS:
    void indexOpened(const QString &path);
    void ontologyLoaded();
    /// An audio scan ended; `summary` is what the status bar said (empty: nothing to scan).
    void audioScanned(const QString &summary);

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void applyDefaultLayout();
    void createMenus();
    void createGoMenu();
    void createAudioActions(QMenu *file, QMenu *segment);
    void chooseAudioFolders();
    void setPaneVisible(QWidget *pane, bool visible);
    void goTo(const std::optional<Place> &place);
    void updateNavigation();
    void restoreSettings();
    void saveSettings() const;
    void showClass(const QString &mid);
    void showSegment(const SegmentRow &row);
    void findSegmentById(const QString &text);
    /// Shows the segment of `ytid` starting at `startMs` (looked up off the GUI thread).
    void showSegmentAt(const QString &ytid, int64_t startMs);
    void chooseReleaseFolder();
    /// Says why an index cannot be used and offers to index a release folder instead.
    void offerReindex(const QString &error);
    void chooseIndex();
    void closeIndex();
    void addRecent(const QString &path);
    void updateRecentMenu();
    QStringList recentIndexes() const;
    void runJob(const QString &title, const std::function<Outcome(const ProgressCallback &)> &job,
                const QString &indexToOpen);
    void showAbout();
    void startReview();
    /// Starts a review of `mid` in `split`; with `ordered`, of those segments in that order.
    void startReviewOf(const QString &mid, std::optional<Split> split,
                       std::optional<std::vector<SegmentRow>> ordered);
    void loadReviews();
    /// Connects the similarity service of the open index (none without embeddings).
    void setSimilarity(std::unique_ptr<SimilarityService> service);
    Split cooccurrenceSplit() const;

    std::unique_ptr<AsyncCatalog> m_catalog;
    std::unique_ptr<AsyncCatalog> m_segmentCatalog;  // scrolling never waits behind the class page
    std::unique_ptr<SimilarityService> m_similarity; // loads vectors only when first asked
    OntologyModel *m_ontology;
    SegmentTableModel *m_segments;
    QStackedWidget *m_stack;
    WelcomePage *m_welcome;
    QSplitter *m_horizontal;
    QSplitter *m_vertical;
    OntologyPanel *m_ontologyPanel;
    ClassPage *m_classPage;
    SegmentPanel *m_segmentPanel;
    SegmentInspector *m_inspector;
    QLabel *m_dataBadge;
    QMenu *m_recentMenu = nullptr;
    QAction *m_closeAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_reviewAction = nullptr;
    QAction *m_copyLinkAction = nullptr;
    QAction *m_openYoutubeAction = nullptr;
    QAction *m_backAction = nullptr;
    QAction *m_treePaneAction = nullptr;
    int m_hiddenTreeWidth = 0, m_hiddenInspectorWidth = 0; // their widths before they hid
    QAction *m_inspectorPaneAction = nullptr;
    QAction *m_forwardAction = nullptr;
    NavigationHistory m_history;
    bool m_navigating = false;       // showing a place from the history, not a new visit
    std::optional<Place> m_returnTo; // its segment row, selected once the rows arrive
    IndexStats m_stats;
    bool m_ontologyReady = false;
    bool m_layoutRestored = false;
    bool m_geometryRestored = false;
    QString m_currentClass;
    QPointer<DownloadDialog> m_download;
    bool m_jobRunning = false;
    QString m_pendingIndex; // a release folder to index once the running job ends
    QStringList m_sessionAudioFolders;
    AudioScanStatus *m_audioScanStatus;
};

} // namespace audioset::ui
