#pragma once

#include <QWidget>

class QListWidget;

namespace audioset::ui {

/// What the window shows with no index open: the three ways to start, and recent indexes.
class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget *parent = nullptr);
    void setRecent(const QStringList &paths);

Q_SIGNALS:
    void downloadRequested();
    void openReleaseRequested();
    void openIndexRequested();
    void generateDemoRequested();
    void recentRequested(const QString &path);

private:
    QListWidget *m_recent;
};

} // namespace audioset::ui
