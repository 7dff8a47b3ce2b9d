#pragma once

#include "catalog.h"
#include "classmap.h"
#include "labelerrorranking.h"

#include <QObject>
#include <QString>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace audioset {
class SimilarityIndex;
}

namespace audioset::ui {

/// How many of a label-error ranking's segments the window lists (and reviews, and exports).
inline constexpr size_t kListedLabelErrors = 1000;

/// A segment found by sound, with what the views show of it.
struct SimilarHit {
    SegmentRow segment;
    double distance = 0;
};

/// The neighbour index of one open index file, on its own thread with its own connection: the
/// vectors load (seconds, ~580 MB at full scale) only when something first asks, with progress
/// and cancel, and catalog queries never wait behind it.
class SimilarityService : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Loading, Ready, Failed };

    explicit SimilarityService(const QString &indexPath, QObject *parent = nullptr);
    ~SimilarityService() override;

    State state() const { return m_state; }
    /// No request is being worked on or waiting for its answer to be delivered.
    bool isIdle() const { return m_pending == 0; }
    QString failure() const { return m_failure; }

    /// The k nearest segments (all splits) to `segmentId`; loads the vectors first if needed.
    /// Answers with similarFound, tagged with the request's id.
    void findSimilar(int64_t segmentId, int k, quint64 request);
    /// The stored label-error ranking of a class in a split: labelErrorsFound, with
    /// `stored` false when none is stored yet (then computeLabelErrors makes one). The segments
    /// delivered are the first kListedLabelErrors of the ranking; `note` says why a computed
    /// ranking could not be kept in the index (empty when it was).
    void lookUpLabelErrors(const QString &mid, Split split);
    void computeLabelErrors(const QString &mid, Split split);
    /// The class map of `mid` in `split` (at most `maxPoints` points): mapReady.
    void mapClass(const QString &mid, Split split, size_t maxPoints);
    /// The full rows of these segments, in this order: segmentsFetched, tagged with `request`.
    void fetchSegments(std::vector<uint32_t> ids, quint64 request);
    /// Stops loading or scoring; the request ends with `failed` saying it was cancelled.
    void cancel();

Q_SIGNALS:
    void progress(const QString &phase, int permille);
    void ready();
    /// Loading the vectors, or a request, failed (or was cancelled): why.
    void failed(const QString &message);
    void similarFound(quint64 request, const std::vector<audioset::ui::SimilarHit> &hits);
    void labelErrorsFound(const audioset::LabelErrorRanking &ranking,
                          const std::vector<audioset::SegmentRow> &segments, bool stored,
                          const QString &note);
    void mapReady(const std::shared_ptr<const audioset::ClassMap> &map);
    void segmentsFetched(quint64 request, const std::vector<audioset::SegmentRow> &segments);

private:
    // Runs `work` on the worker thread, counted as pending until it has answered.
    void post(std::function<void()> work);
    // On the worker thread: true when the catalog is (now) open; otherwise reported.
    bool ensureCatalog();
    // Runs on the worker thread: true when the index is (now) loaded.
    bool ensureLoaded();
    std::vector<SegmentRow> segmentsOf(std::vector<uint32_t> ids);
    static std::vector<uint32_t> topIds(const LabelErrorRanking &ranking);
    ProgressCallback progressCallback();
    void setState(State state, const QString &failure = {});
    // A request that failed without changing the vectors' state.
    void report(const QString &message);

    QString m_path;
    QThread m_thread;
    QObject *m_worker = nullptr;
    std::unique_ptr<Catalog> m_catalog;       // used on the worker thread only
    std::unique_ptr<SimilarityIndex> m_index; // likewise
    std::atomic<bool> m_cancel{false};
    State m_state = State::Idle;
    int m_pending = 0; // requests sent and not yet answered (GUI thread only)
    QString m_failure;
};

} // namespace audioset::ui

Q_DECLARE_METATYPE(std::vector<audioset::ui::SimilarHit>)
Q_DECLARE_METATYPE(audioset::LabelErrorRanking)
Q_DECLARE_METATYPE(std::vector<audioset::SegmentRow>)
Q_DECLARE_METATYPE(std::shared_ptr<const audioset::ClassMap>)
