#include "audioscanstatus.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QToolButton>

namespace audioset::ui {

AudioScanStatus::AudioScanStatus(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QToolButton(this)) {
    m_bar->setRange(0, 0); // how many files there are is known only when the walk ends
    m_bar->setMaximumWidth(120);
    m_bar->setMaximumHeight(14);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop scanning the audio folders; the earlier matches stay"));
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (m_ticket) m_ticket->cancelled = true;
        refresh();
    });
    m_refresh.setInterval(200);
    connect(&m_refresh, &QTimer::timeout, this, &AudioScanStatus::refresh);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    hide();
}

std::shared_ptr<AudioScanTicket> AudioScanStatus::begin() {
    if (m_ticket) m_ticket->cancelled = true;
    m_ticket = std::make_shared<AudioScanTicket>();
    refresh();
    m_refresh.start();
    show();
    return m_ticket;
}

bool AudioScanStatus::end(const std::shared_ptr<AudioScanTicket> &ticket) {
    if (ticket != m_ticket) return false;
    m_ticket.reset();
    m_refresh.stop();
    hide();
    return true;
}

QString AudioScanStatus::text() const {
    return m_label->text();
}

void AudioScanStatus::refresh() {
    if (!m_ticket) return;
    const quint64 seen = m_ticket->seen;
    m_label->setText(
        m_ticket->cancelled ? tr("Stopping the audio scan…")
        : seen == 0         ? tr("Scanning audio folders…")
                    : tr("Scanning audio: %1 files").arg(QLocale().toString(qulonglong(seen))));
    m_cancel->setEnabled(!m_ticket->cancelled);
}

} // namespace audioset::ui
