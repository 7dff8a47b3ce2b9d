#include "panelparts.h"

#include "flowlayout.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

namespace audioset::ui {

void layOutWorkPanel(QWidget *panel, const QList<QWidget *> &controls, QWidget *status,
                     QProgressBar *progress, QPushButton *cancel, QWidget *body) {
    auto *top = new FlowLayout; // wraps in a narrow class page instead of widening it
    for (QWidget *control : controls)
        top->addWidget(control);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(progress, 1);
    progressRow->addWidget(cancel);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(status);
    layout->addLayout(progressRow);
    layout->addWidget(body, 1);
}

bool saveFileAtomically(const QString &path, const QByteArray &content, QString &error) {
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(content) == content.size() && file.commit())
        return true;
    error = QObject::tr("%1: %2").arg(path, file.errorString());
    return false;
}

QString askCsvPath(QWidget *parent, const QString &title, const QString &suggestedName) {
    return QFileDialog::getSaveFileName(parent, title, suggestedName,
                                        QObject::tr("CSV files (*.csv)"));
}

void saveCsvAs(QWidget *parent, const QString &title, const QString &suggestedName,
               const std::function<bool(const QString &path, QString &error)> &write) {
    const QString path = askCsvPath(parent, title, suggestedName);
    QString error;
    if (!path.isEmpty() && !write(path, error))
        QMessageBox::warning(parent, QObject::tr("Cannot export"), error);
}

} // namespace audioset::ui
