#include "screenshotter.h"

#include "mainwindow.h"
#include "ontologymodel.h"
#include "segmentpanel.h"
#include "segmenttablemodel.h"

#include <QDateTime>
#include <QPixmap>
#include <QTimer>

namespace audioset::ui {

Screenshotter::Screenshotter(MainWindow *window, QString mid, std::optional<Split> split,
                             QString output, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_mid(std::move(mid))
    , m_split(split)
    , m_output(std::move(output))
    , m_timer(new QTimer(this)) {
    m_timer->setInterval(50);
    connect(m_timer, &QTimer::timeout, this, &Screenshotter::poll);
}

void Screenshotter::start(int timeoutMs) {
    m_deadline = QDateTime::currentMSecsSinceEpoch() + timeoutMs;
    m_timer->start();
}

void Screenshotter::poll() {
    if (QDateTime::currentMSecsSinceEpoch() > m_deadline) {
        capture(false);
        return;
    }
    if (!m_window->isSettled()) {
        m_settledPolls = 0;
        return;
    }
    switch (m_stage) {
    case 0:
        if (!m_window->ontologyModel()->summary(m_mid)) {
            m_timer->stop();
            Q_EMIT finished(false, tr("no class %1 in the index").arg(m_mid));
            return;
        }
        m_window->setSegmentSplit(m_split);
        m_window->selectClass(m_mid);
        m_stage = 1;
        return;
    case 1:
        m_window->segmentPanel()->selectRow(firstRowWithEmbedding());
        m_stage = 2;
        return;
    default:
        // Two quiet polls in a row: the last results have been painted.
        if (++m_settledPolls >= 3) capture(true);
    }
}

// The picture should show a heatmap and similar segments: the first loaded row with an
// embedding, or the first row when none has one.
int Screenshotter::firstRowWithEmbedding() const {
    const SegmentTableModel *model = m_window->segmentModel();
    const int loaded = std::min(model->rowCount(), SegmentTableModel::kPageRows);
    for (int row = 0; row < loaded; ++row)
        if (model->index(row, 0).data(SegmentTableModel::HasEmbeddingRole).toBool()) return row;
    return 0;
}

void Screenshotter::capture(bool complete) {
    m_timer->stop();
    const QPixmap pixmap = m_window->grab();
    if (!pixmap.save(m_output, "PNG")) {
        Q_EMIT finished(false, tr("cannot write %1").arg(m_output));
        return;
    }
    Q_EMIT finished(true,
                    complete ? QString() : tr("saved before everything had loaded (timed out)"));
}

} // namespace audioset::ui
