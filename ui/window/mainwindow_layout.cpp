// The main window's remembered layout: first-run size and pane shares, hiding a side pane,
// and what is saved and restored between launches.
#include "mainwindow.h"

#include "ontologymodel.h"
#include "ontologypanel.h"
#include "segmentinspector.h"
#include "segmentpanel.h"
#include "splitnames.h"

#include <QAction>
#include <QHeaderView>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <algorithm>

namespace audioset::ui {

QSize MainWindow::firstRunSize(QSize wanted) const {
    const QRect screen = this->screen()->availableGeometry();
    return {std::min(wanted.width(), screen.width() * 9 / 10),
            std::min(wanted.height(), screen.height() * 9 / 10)};
}

void MainWindow::restoreSettings() {
    QSettings settings;
    m_geometryRestored =
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_layoutRestored =
        m_horizontal->restoreState(
            settings.value(QStringLiteral("window/horizontalSplitter")).toByteArray()) &&
        m_vertical->restoreState(
            settings.value(QStringLiteral("window/verticalSplitter")).toByteArray());
    m_ontologyPanel->setCountKind(static_cast<CountKind>(
        settings.value(QStringLiteral("view/countKind"), static_cast<int>(CountKind::Rollup))
            .toInt()));
    const int split = settings.value(QStringLiteral("view/segmentSplit"), -1).toInt();
    m_segmentPanel->setSplit(split < 0 || split >= kSplitCount
                                 ? std::nullopt
                                 : std::optional<Split>(static_cast<Split>(split)));
    m_segmentPanel->setRollup(settings.value(QStringLiteral("view/rollup"), true).toBool());
    m_treePaneAction->setChecked(settings.value(QStringLiteral("view/treePane"), true).toBool());
    m_inspectorPaneAction->setChecked(
        settings.value(QStringLiteral("view/inspectorPane"), true).toBool());
    m_ontologyPanel->restoreColumns(
        settings.value(QStringLiteral("view/ontologyColumns")).toByteArray());
    m_segmentPanel->restoreColumns(
        settings.value(QStringLiteral("view/segmentColumns")).toByteArray());
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/horizontalSplitter"), m_horizontal->saveState());
    settings.setValue(QStringLiteral("window/verticalSplitter"), m_vertical->saveState());
    settings.setValue(QStringLiteral("view/treePane"), m_treePaneAction->isChecked());
    settings.setValue(QStringLiteral("view/inspectorPane"), m_inspectorPaneAction->isChecked());
    settings.setValue(QStringLiteral("view/countKind"),
                      static_cast<int>(m_ontologyPanel->countKind()));
    const auto split = m_segmentPanel->split();
    settings.setValue(QStringLiteral("view/segmentSplit"), split ? splitIndex(*split) : -1);
    settings.setValue(QStringLiteral("view/rollup"), m_segmentPanel->rollup());
    if (!m_currentClass.isEmpty())
        settings.setValue(QStringLiteral("view/lastClass"), m_currentClass);
    settings.setValue(QStringLiteral("view/ontologyColumns"),
                      m_ontologyPanel->view()->header()->saveState());
    settings.setValue(QStringLiteral("view/segmentColumns"),
                      m_segmentPanel->view()->horizontalHeader()->saveState());
}

// A side pane's width goes to the middle one when it hides and comes back from it, so the
// other side pane keeps its size.
void MainWindow::setPaneVisible(QWidget *pane, bool visible) {
    const int index = m_horizontal->indexOf(pane);
    if (index < 0 || pane->isVisibleTo(m_horizontal) == visible) return;
    QList<int> sizes = m_horizontal->sizes();
    const int middle = m_horizontal->indexOf(m_vertical);
    int &remembered = index == 0 ? m_hiddenTreeWidth : m_hiddenInspectorWidth;
    if (!visible) {
        remembered = sizes[index];
        sizes[middle] += sizes[index];
        sizes[index] = 0;
    } else {
        const int width = std::max(remembered, pane->minimumSizeHint().width());
        sizes[index] = width;
        sizes[middle] = std::max(0, sizes[middle] - width);
    }
    pane->setVisible(visible);
    m_horizontal->setSizes(sizes);
}

// First run: give the class page and the inspector room. Splitters ignore sizes set while they
// are hidden, so this waits until the browser page is on screen.
void MainWindow::applyDefaultLayout() {
    if (m_layoutRestored || !m_horizontal->isVisible()) return;
    m_layoutRestored = true;
    // The tree and the inspector get a share or their least, the class page the rest, so a small
    // window squeezes the side panes before the middle one.
    const int width = m_horizontal->width();
    const int tree = std::max(m_ontologyPanel->minimumSizeHint().width(), width * 33 / 100);
    const int inspector = std::max(m_inspector->minimumSizeHint().width(), width / 4);
    m_horizontal->setSizes({tree, width - tree - inspector, inspector});
    const int height = m_vertical->height();
    m_vertical->setSizes({height * 58 / 100, height * 42 / 100});
}

} // namespace audioset::ui
