#pragma once

#include <QTimer>
#include <QWidget>
#include <atomic>
#include <memory>

class QLabel;
class QProgressBar;
class QToolButton;

namespace audioset::ui {

/// What a scan on a worker thread and the status bar share: both sides only touch atomics.
struct AudioScanTicket {
    std::atomic<bool> cancelled{false};
    std::atomic<quint64> seen{0}; // files looked at so far
};

/// The status bar's part while audio folders are scanned: the files looked at so far, a busy
/// bar and Cancel.
class AudioScanStatus : public QWidget {
    Q_OBJECT
public:
    explicit AudioScanStatus(QWidget *parent = nullptr);

    /// Shows the widget for a new scan (a scan still running is asked to stop).
    std::shared_ptr<AudioScanTicket> begin();
    /// Hides it, unless a newer scan has begun since `ticket`'s; false then (the newer one
    /// reports, not this one).
    bool end(const std::shared_ptr<AudioScanTicket> &ticket);
    QToolButton *cancelButton() const { return m_cancel; }
    QString text() const;

private:
    void refresh();

    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
    QTimer m_refresh;
    std::shared_ptr<AudioScanTicket> m_ticket;
};

} // namespace audioset::ui
