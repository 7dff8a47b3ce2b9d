// MainWindow's navigation: Back and Forward over the classes visited (Alt+Left and Alt+Right,
// the Go menu, a mouse's side buttons anywhere in the window), and going to a segment by its
// YouTube id.
#include "mainwindow.h"

#include "asynccatalog.h"
#include "ontologypanel.h"
#include "segmentpanel.h"
#include "segmenttablemodel.h"
#include "splitnames.h"
#include "textparse.h"
#include "youtubeid.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QMenuBar>
#include <QMouseEvent>

namespace audioset::ui {

void MainWindow::createGoMenu() {
    QMenu *go = menuBar()->addMenu(tr("&Go"));
    m_backAction = go->addAction(tr("&Back"), this, &MainWindow::goBack);
    m_backAction->setShortcuts(QKeySequence::Back);
    m_forwardAction = go->addAction(tr("&Forward"), this, &MainWindow::goForward);
    m_forwardAction->setShortcuts(QKeySequence::Forward);
    go->addSeparator();
    go->addAction(tr("Class &Tree"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), this, [this] {
        m_treePaneAction->setChecked(true); // a hidden tree comes back to take the focus
        m_ontologyPanel->focusTree();
    });
    // A place's segment row is selected again once the class's rows have arrived.
    connect(m_segments, &SegmentTableModel::queryLoaded, this, [this] {
        if (!m_returnTo) return;
        if (m_returnTo->row >= 0) m_segmentPanel->selectRow(m_returnTo->row);
        m_returnTo.reset();
    });
    qApp->installEventFilter(this);
    updateNavigation();
}

void MainWindow::goBack() {
    goTo(m_history.back());
}

void MainWindow::goForward() {
    goTo(m_history.forward());
}

void MainWindow::goTo(const std::optional<Place> &place) {
    if (!place) return;
    m_returnTo = place;
    m_navigating = true;
    selectClass(place->mid);
    m_navigating = false;
    updateNavigation();
}

void MainWindow::updateNavigation() {
    if (!m_backAction) return;
    m_backAction->setEnabled(m_history.canGoBack());
    m_forwardAction->setEnabled(m_history.canGoForward());
}

// The mouse's Back and Forward buttons, wherever in this window they are pressed.
bool MainWindow::eventFilter(QObject *watched, QEvent *event) {
    if (event->type() == QEvent::MouseButtonPress && watched->isWidgetType() &&
        static_cast<QWidget *>(watched)->window() == this) {
        const auto button = static_cast<QMouseEvent *>(event)->button();
        if (button == Qt::BackButton || button == Qt::ForwardButton) {
            button == Qt::BackButton ? goBack() : goForward();
            return true;
        }
    }
    // Space and R play audio, except where a control uses the key itself: a focused button or
    // check box is pressed with Space, a combo box opens with it.
    if (event->type() == QEvent::ShortcutOverride && watched == QApplication::focusWidget()) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if ((key == Qt::Key_Space || key == Qt::Key_R) &&
            (qobject_cast<QAbstractButton *>(watched) || qobject_cast<QComboBox *>(watched))) {
            event->accept();
            return false;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::showSegmentAt(const QString &ytid, int64_t startMs) {
    if (!m_catalog) return;
    const std::string id = ytid.toStdString();
    m_catalog->run<std::vector<SegmentRow>>(
        this, [id](Catalog &catalog) { return catalog.segmentsOfVideo(id); },
        [this, startMs](std::vector<SegmentRow> rows) {
            for (const SegmentRow &row : rows)
                if (row.startMs == startMs) return showSegment(row);
        });
}

// The filter matched no class: a YouTube id finds its segments instead.
void MainWindow::findSegmentById(const QString &text) {
    if (!m_catalog || !isValidYoutubeId(text.toStdString())) return;
    const std::string id = text.toStdString();
    m_catalog->run<std::vector<SegmentRow>>(
        this, [id](Catalog &catalog) { return catalog.segmentsOfVideo(id); },
        [this, text](std::vector<SegmentRow> rows) {
            if (rows.empty()) {
                m_ontologyPanel->setEmptyText(
                    tr("No class matches “%1”, and no segment of that YouTube id is indexed.")
                        .arg(text.toHtmlEscaped()));
                return;
            }
            showSegment(rows.front());
            QStringList places;
            for (const SegmentRow &row : rows)
                places << tr("%1 at %2 s")
                              .arg(splitDisplayName(row.split, false),
                                   QString::fromStdString(formatMsAsSeconds(row.startMs)));
            const QString count = rows.size() == 1
                                      ? tr("1 segment")
                                      : tr("%1 segments").arg(static_cast<int>(rows.size()));
            m_ontologyPanel->setEmptyText(
                tr("No class matches “%1”; it is a YouTube id with %2 here (%3). The first is "
                   "shown on the right.")
                    .arg(text.toHtmlEscaped(), count, places.join(QStringLiteral(", "))));
        });
}

} // namespace audioset::ui
