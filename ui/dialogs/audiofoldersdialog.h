#pragma once

#include <QDialog>
#include <QStringList>

class QListWidget;

namespace audioset::ui {

/// The folders searched for local audio (remembered): add, remove, and scan them now.
class AudioFoldersDialog : public QDialog {
    Q_OBJECT
public:
    explicit AudioFoldersDialog(QWidget *parent = nullptr);
    QStringList folders() const;
    void setFolders(const QStringList &folders);

    /// The remembered folders.
    static QStringList remembered();
    static void remember(const QStringList &folders);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QListWidget *m_list;
};

} // namespace audioset::ui
