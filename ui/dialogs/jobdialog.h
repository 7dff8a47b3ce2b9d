#pragma once

#include "outcome.h"
#include "progress.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QMutex>
#include <atomic>
#include <functional>

class QLabel;
class QProgressBar;
class QTimer;

namespace audioset::ui {

/// Runs a long job (indexing, generating the demo) off the GUI thread with a progress bar, the
/// current phase, the time left, and Cancel. The job polls its progress callback, which
/// returns false once Cancel was pressed.
class JobDialog : public QDialog {
    Q_OBJECT
public:
    using Job = std::function<Outcome(const ProgressCallback &)>;

    JobDialog(const QString &title, Job job, QWidget *parent = nullptr);
    ~JobDialog() override;
    void start();

Q_SIGNALS:
    void finished(const audioset::Outcome &outcome);

protected:
    void reject() override; // Escape and the window's close button cancel too

private:
    void refresh();

    Job m_job;
    QLabel *m_phase;
    QProgressBar *m_bar;
    QTimer *m_timer;
    QFutureWatcher<Outcome> m_watcher;
    std::atomic<bool> m_cancel{false};
    QMutex m_mutex;
    Progress m_latest;
    qint64 m_startMs = 0;
};

} // namespace audioset::ui
