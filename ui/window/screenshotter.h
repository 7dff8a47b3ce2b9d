#pragma once

#include "split.h"

#include <QObject>
#include <QString>
#include <optional>

class QTimer;

namespace audioset::ui {

class MainWindow;

/// Drives the window to a class and its first segment, waits until everything has loaded,
/// and saves what the window shows as a PNG (the --screenshot mode, also used by tests).
class Screenshotter : public QObject {
    Q_OBJECT
public:
    Screenshotter(MainWindow *window, QString mid, std::optional<Split> split, QString output,
                  QObject *parent = nullptr);
    void start(int timeoutMs = 30000);

Q_SIGNALS:
    void finished(bool ok, const QString &message);

private:
    void poll();
    void capture(bool complete);
    int firstRowWithEmbedding() const;

    MainWindow *m_window;
    QString m_mid;
    std::optional<Split> m_split;
    QString m_output;
    QTimer *m_timer;
    int m_stage = 0;
    int m_settledPolls = 0;
    qint64 m_deadline = 0;
};

} // namespace audioset::ui
