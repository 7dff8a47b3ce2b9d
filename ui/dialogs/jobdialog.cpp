#include "jobdialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace audioset::ui {

JobDialog::JobDialog(const QString &title, Job job, QWidget *parent)
    : QDialog(parent)
    , m_job(std::move(job))
    , m_phase(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_timer(new QTimer(this)) {
    setWindowTitle(title);
    setModal(true);
    setMinimumWidth(460);
    m_phase->setText(tr("Starting…"));
    m_bar->setRange(0, 1000);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &JobDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), this));
    layout->addWidget(m_phase);
    layout->addWidget(m_bar);
    layout->addWidget(buttons);
    // The worker only stores its latest progress; the GUI reads it ten times a second.
    m_timer->setInterval(100);
    connect(m_timer, &QTimer::timeout, this, &JobDialog::refresh);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, [this] {
        m_timer->stop();
        const Outcome outcome = m_watcher.result();
        accept();
        Q_EMIT finished(outcome);
    });
}

JobDialog::~JobDialog() {
    m_cancel = true;
    m_watcher.waitForFinished();
}

void JobDialog::start() {
    m_startMs = QDateTime::currentMSecsSinceEpoch();
    m_timer->start();
    show();
    m_watcher.setFuture(QtConcurrent::run([this] {
        return m_job([this](const Progress &progress) {
            QMutexLocker lock(&m_mutex);
            m_latest = progress;
            return !m_cancel.load();
        });
    }));
}

void JobDialog::reject() {
    m_cancel = true;
    m_phase->setText(tr("Cancelling… (nothing already in the index is lost)"));
}

void JobDialog::refresh() {
    Progress progress;
    {
        QMutexLocker lock(&m_mutex);
        progress = m_latest;
    }
    if (m_cancel) return;
    const double fraction = progress.total ? double(progress.done) / double(progress.total) : 0.0;
    m_bar->setValue(static_cast<int>(fraction * 1000));
    QString text = QString::fromStdString(progress.phase);
    const double elapsed = (QDateTime::currentMSecsSinceEpoch() - m_startMs) / 1000.0;
    if (fraction > 0.05 && elapsed > 2)
        text += tr(" — about %1 s left").arg(qRound(elapsed / fraction - elapsed));
    m_phase->setText(text);
}

} // namespace audioset::ui
