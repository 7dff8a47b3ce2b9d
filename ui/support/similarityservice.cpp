#include "similarityservice.h"

#include "similarityindex.h"

#include <QMetaObject>
#include <algorithm>
#include <map>
#include <thread>

namespace audioset::ui {

SimilarityService::SimilarityService(const QString &indexPath, QObject *parent)
    : QObject(parent)
    , m_path(indexPath)
    , m_worker(new QObject) {
    qRegisterMetaType<std::vector<SimilarHit>>();
    qRegisterMetaType<LabelErrorRanking>();
    qRegisterMetaType<std::vector<SegmentRow>>();
    qRegisterMetaType<std::shared_ptr<const ClassMap>>();
    m_thread.setObjectName(QStringLiteral("similarity"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

SimilarityService::~SimilarityService() {
    m_cancel = true;
    m_thread.quit();
    m_thread.wait();
    // The worker thread is gone: what it owned can go on this one.
}

void SimilarityService::setState(State state, const QString &failure) {
    QMetaObject::invokeMethod(
        this,
        [this, state, failure] {
            m_state = state;
            m_failure = failure;
            if (state == State::Ready) Q_EMIT ready();
            if (state == State::Failed) Q_EMIT failed(failure);
        },
        Qt::QueuedConnection);
}

void SimilarityService::report(const QString &message) {
    QMetaObject::invokeMethod(
        this, [this, message] { Q_EMIT failed(message); }, Qt::QueuedConnection);
}

ProgressCallback SimilarityService::progressCallback() {
    return [this](const Progress &p) {
        const int permille = p.total ? int(1000.0 * double(p.done) / double(p.total)) : 0;
        const QString phase = QString::fromStdString(p.phase);
        QMetaObject::invokeMethod(
            this, [this, phase, permille] { Q_EMIT progress(phase, permille); },
            Qt::QueuedConnection);
        return !m_cancel.load();
    };
}

bool SimilarityService::ensureCatalog() {
    if (m_catalog) return true;
    std::string error;
    m_catalog = Catalog::open(m_path.toStdString(), error);
    if (!m_catalog) report(QString::fromStdString(error));
    return m_catalog != nullptr;
}

bool SimilarityService::ensureLoaded() {
    if (m_index) return true;
    if (!ensureCatalog()) return false;
    setState(State::Loading);
    const Outcome outcome = SimilarityIndex::load(*m_catalog, progressCallback(), m_index);
    if (!outcome.isOk()) {
        m_index.reset();
        setState(State::Failed, QString::fromStdString(outcome.message));
        return false;
    }
    setState(State::Ready);
    return true;
}

std::vector<SegmentRow> SimilarityService::segmentsOf(std::vector<uint32_t> ids) {
    std::vector<SegmentRow> rows;
    std::vector<uint32_t> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::map<int64_t, SegmentRow> byId;
    m_catalog->forEachSegment(sorted, [&byId](const SegmentRow &row) {
        byId.emplace(row.id, row);
        return true;
    });
    for (uint32_t id : ids)
        rows.push_back(byId.count(id) ? byId.at(id) : SegmentRow{});
    return rows;
}

// The segments the views list: the top of the ranking, not a million rows of labels.
std::vector<uint32_t> SimilarityService::topIds(const LabelErrorRanking &ranking) {
    std::vector<uint32_t> ids;
    for (size_t i = 0; i < ranking.entries.size() && i < kListedLabelErrors; ++i)
        ids.push_back(uint32_t(ranking.entries[i].segmentId));
    return ids;
}

void SimilarityService::post(std::function<void()> work) {
    ++m_pending;
    QMetaObject::invokeMethod(
        m_worker,
        [this, work = std::move(work)] {
            work();
            // Queued after whatever `work` delivered, so idle means answered.
            QMetaObject::invokeMethod(
                this, [this] { --m_pending; }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void SimilarityService::findSimilar(int64_t segmentId, int k, quint64 request) {
    m_cancel = false;
    post([this, segmentId, k, request] {
        if (!ensureLoaded()) return;
        std::vector<uint32_t> ids;
        const auto found = m_index->similar(segmentId, kAllSplitsMask, size_t(k));
        for (const SimilarSegment &s : found)
            ids.push_back(uint32_t(s.segmentId));
        const auto rows = segmentsOf(ids);
        std::vector<SimilarHit> hits;
        for (size_t i = 0; i < found.size(); ++i)
            hits.push_back({rows[i], found[i].distance});
        QMetaObject::invokeMethod(
            this, [this, request, hits] { Q_EMIT similarFound(request, hits); },
            Qt::QueuedConnection);
    });
}

void SimilarityService::lookUpLabelErrors(const QString &mid, Split split) {
    post([this, mid, split] {
        if (!ensureCatalog()) return;
        LabelErrorRanking ranking;
        bool stored = false;
        const Outcome outcome = loadLabelErrors(m_path.toStdString(), mid.toStdString(), split,
                                                kLabelErrorNeighbours, ranking, stored);
        if (!outcome.isOk()) return report(QString::fromStdString(outcome.message));
        ranking.classMid = mid.toStdString();
        ranking.split = split;
        const auto rows = segmentsOf(topIds(ranking));
        QMetaObject::invokeMethod(
            this,
            [this, ranking, rows, stored] {
                Q_EMIT labelErrorsFound(ranking, rows, stored, QString());
            },
            Qt::QueuedConnection);
    });
}

void SimilarityService::computeLabelErrors(const QString &mid, Split split) {
    m_cancel = false;
    post([this, mid, split] {
        if (!ensureLoaded()) return;
        LabelErrorRanking ranking;
        LabelErrorOptions options;
        options.threads = std::max(1u, std::thread::hardware_concurrency());
        const Outcome outcome = audioset::computeLabelErrors(
            *m_catalog, *m_index, mid.toStdString(), split, options, progressCallback(), ranking);
        if (!outcome.isOk()) return report(QString::fromStdString(outcome.message));
        // Shown even when it cannot be kept (a read-only index, say); the note says so.
        const Outcome stored = storeLabelErrors(m_path.toStdString(), ranking);
        const QString note = stored.isOk() ? QString() : QString::fromStdString(stored.message);
        const auto rows = segmentsOf(topIds(ranking));
        QMetaObject::invokeMethod(
            this,
            [this, ranking, rows, note] { Q_EMIT labelErrorsFound(ranking, rows, true, note); },
            Qt::QueuedConnection);
    });
}

void SimilarityService::mapClass(const QString &mid, Split split, size_t maxPoints) {
    m_cancel = false;
    post([this, mid, split, maxPoints] {
        if (!ensureLoaded()) return;
        auto map = std::make_shared<ClassMap>();
        const Outcome outcome = audioset::mapClass(*m_catalog, *m_index, mid.toStdString(), split,
                                                   maxPoints, progressCallback(), *map);
        if (!outcome.isOk()) return report(QString::fromStdString(outcome.message));
        std::shared_ptr<const ClassMap> shared = std::move(map);
        QMetaObject::invokeMethod(
            this, [this, shared] { Q_EMIT mapReady(shared); }, Qt::QueuedConnection);
    });
}

void SimilarityService::fetchSegments(std::vector<uint32_t> ids, quint64 request) {
    post([this, ids = std::move(ids), request] {
        if (!ensureCatalog()) return;
        const auto rows = segmentsOf(ids);
        QMetaObject::invokeMethod(
            this, [this, request, rows] { Q_EMIT segmentsFetched(request, rows); },
            Qt::QueuedConnection);
    });
}

void SimilarityService::cancel() {
    m_cancel = true;
}

} // namespace audioset::ui
