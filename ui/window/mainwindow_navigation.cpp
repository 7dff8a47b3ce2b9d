// MainWindow's Back and Forward over the classes visited: Alt+Left and Alt+Right, the Go menu,
// and a mouse's side buttons anywhere in the window.
#include "mainwindow.h"

#include "ontologypanel.h"
#include "segmentpanel.h"
#include "segmenttablemodel.h"

#include <QAction>
#include <QApplication>
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
    go->addAction(tr("Class &Tree"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
                  m_ontologyPanel, &OntologyPanel::focusTree);
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
    return QMainWindow::eventFilter(watched, event);
}

} // namespace audioset::ui
