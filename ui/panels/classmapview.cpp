#include "classmapview.h"

#include "classmapwidget.h"
#include "panelparts.h"
#include "similarityservice.h"
#include "splitnames.h"
#include "textparse.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace audioset::ui {

namespace {
// Drawn into an image, a million points stay smooth; more add little to the picture.
constexpr size_t kMapPoints = 1'000'000;
constexpr size_t kReviewedAtMost = 1000;

// The selected points as CSV; safe on any thread (reads only its arguments).
bool writeSelectionCsv(const ClassMap &map, const std::vector<size_t> &selection,
                       const QString &path, QString &error) {
    QByteArray text = "split,ytid,start_seconds,has_class,x,y\n";
    const QByteArray split(splitName(map.split).data(), int(splitName(map.split).size()));
    for (size_t i : selection) {
        const auto &p = map.points[i];
        text += split + ',' + QByteArray(p.ytid.data(), int(p.ytid.size())) + ',' +
                QByteArray::fromStdString(formatMsAsSeconds(p.startMs)) + ',' +
                (p.carries ? "1" : "0") + ',' + QByteArray::number(p.x, 'f', 3) + ',' +
                QByteArray::number(p.y, 'f', 3) + '\n';
    }
    return saveFileAtomically(path, text, error);
}
} // namespace

ClassMapView::ClassMapView(QWidget *parent)
    : QWidget(parent)
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_draw(new QPushButton(tr("Draw Map"), this))
    , m_review(new QPushButton(tr("Review Selected…"), this))
    , m_export(new QPushButton(tr("Export Selected…"), this))
    , m_map(new ClassMapWidget(this)) {
    m_status->setWordWrap(true);
    m_progress->setRange(0, 1000);
    m_map->setMinimumHeight(320);
    m_draw->setToolTip(tr("Project the class's segments and the rest of the split to 2-D (PCA)"));
    connect(m_draw, &QPushButton::clicked, this, &ClassMapView::draw);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_service) m_service->cancel();
    });
    connect(m_map, &ClassMapWidget::pointActivated, this, [this](const ClassMap::Point &p) {
        Q_EMIT segmentRequested(QString::fromLatin1(p.ytid.data(), int(p.ytid.size())), p.startMs);
    });
    connect(m_map, &ClassMapWidget::selectionChanged, this, [this](size_t count) {
        if (m_map->map())
            m_status->setText(
                tr("%1 segments selected.").arg(QLocale().toString(qulonglong(count))));
        updateButtons();
    });
    connect(m_review, &QPushButton::clicked, this, [this] {
        if (!m_service || m_map->selection().empty()) return;
        std::vector<uint32_t> ids;
        for (size_t i : m_map->selection()) {
            if (ids.size() == kReviewedAtMost) break;
            ids.push_back(m_map->map()->points[i].segmentId);
        }
        m_service->fetchSegments(std::move(ids), ++m_request);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = askCsvPath(this, tr("Export the selected segments"),
                                        QStringLiteral("map-selection.csv"));
        if (!path.isEmpty()) exportSelectionInBackground(path);
    });
    connect(this, &ClassMapView::exported, this, [this](bool ok, const QString &message) {
        if (ok)
            m_status->setText(message);
        else
            QMessageBox::warning(this, tr("Cannot export"), message);
    });
    layOutWorkPanel(this, {m_draw, m_review, m_export}, m_status, m_progress, m_cancel, m_map);
    clear();
}

QString ClassMapView::statusText() const {
    return m_status->text();
}

void ClassMapView::setService(SimilarityService *service) {
    if (m_service) disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    clear();
    if (!service) return;
    connect(service, &SimilarityService::progress, this,
            [this](const QString &phase, int permille) {
                if (!m_busy) return;
                m_status->setText(tr("Working: %1…").arg(phase));
                m_progress->setValue(permille);
            });
    connect(service, &SimilarityService::failed, this, [this](const QString &message) {
        if (!m_busy) return;
        setBusy(false);
        m_status->setText(message);
    });
    connect(service, &SimilarityService::mapReady, this,
            [this](const std::shared_ptr<const ClassMap> &map) {
                if (!m_busy || QString::fromStdString(map->classMid) != m_mid) return;
                setBusy(false);
                m_map->setMap(map);
                size_t inClass = 0;
                for (const auto &p : map->points)
                    inClass += p.carries ? 1 : 0;
                const QLocale locale;
                m_status->setText(
                    tr("%1 segments of the class (orange) among %2 others of %3 (grey); the axes "
                       "carry %4% of the variance. Shift+drag to select.")
                        .arg(locale.toString(qulonglong(inClass)),
                             locale.toString(qulonglong(map->points.size() - inClass)),
                             splitDisplayName(map->split))
                        .arg(qRound(map->explained * 100)));
                Q_EMIT drawn();
            });
    connect(service, &SimilarityService::segmentsFetched, this,
            [this](quint64 request, const std::vector<SegmentRow> &rows) {
                if (request == m_request && !rows.empty())
                    Q_EMIT reviewRequested(m_mid, m_split, rows);
            });
}

void ClassMapView::clear() {
    m_mid.clear();
    m_map->setMap(nullptr);
    setBusy(false);
    m_status->setText(m_service ? tr("Draw the map to see where the class's segments lie.")
                                : tr("This index has no embeddings to map."));
}

void ClassMapView::showClass(const QString &mid, Split split) {
    if (mid == m_mid && split == m_split) return;
    clear();
    m_mid = mid;
    m_split = split;
    updateButtons();
}

void ClassMapView::draw() {
    if (!m_service || m_mid.isEmpty()) return;
    setBusy(true);
    m_status->setText(tr("Starting…"));
    m_service->mapClass(m_mid, m_split, kMapPoints);
}

void ClassMapView::setBusy(bool busy) {
    m_busy = busy;
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    if (busy) m_progress->setValue(0);
    updateButtons();
}

void ClassMapView::updateButtons() {
    m_draw->setEnabled(!m_busy && m_service && !m_mid.isEmpty());
    const bool selected = !m_busy && !m_map->selection().empty();
    m_review->setEnabled(selected);
    m_export->setEnabled(selected && !m_exporting);
}

bool ClassMapView::exportSelection(const QString &path, QString &error) const {
    return m_map->map() && writeSelectionCsv(*m_map->map(), m_map->selection(), path, error);
}

void ClassMapView::exportSelectionInBackground(const QString &path) {
    if (!m_map->map() || m_exporting) return;
    m_exporting = true;
    updateButtons();
    m_status->setText(tr("Exporting to %1…").arg(path));
    // Copies, so that a new map or selection meanwhile does not change what is written.
    const std::shared_ptr<const ClassMap> map = m_map->sharedMap();
    const std::vector<size_t> selection = m_map->selection();
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path, selection] {
        const QString error = watcher->result();
        watcher->deleteLater();
        m_exporting = false;
        updateButtons();
        Q_EMIT exported(error.isEmpty(),
                        error.isEmpty()
                            ? tr("Exported %1 segments to %2.")
                                  .arg(QLocale().toString(qulonglong(selection.size())), path)
                            : error);
    });
    watcher->setFuture(QtConcurrent::run([map, selection, path] {
        QString error;
        return writeSelectionCsv(*map, selection, path, error) ? QString() : error;
    }));
}

} // namespace audioset::ui
