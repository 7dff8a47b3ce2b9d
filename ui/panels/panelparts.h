#pragma once

#include <QByteArray>
#include <QString>
#include <functional>

class QBoxLayout;
class QLayout;
class QProgressBar;
class QPushButton;
class QWidget;

namespace audioset::ui {

/// Controls on top, a status line, a progress bar with its Cancel button, then `body`: the
/// layout of the panels that run long work (Possible label errors, the map).
void layOutWorkPanel(QWidget *panel, const QList<QWidget *> &controls, QWidget *status,
                     QProgressBar *progress, QPushButton *cancel, QWidget *body);

/// Writes `content` to `path` through a temporary file renamed into place, so a failed write
/// leaves no half file; on failure says why in `error`. Safe on any thread.
bool saveFileAtomically(const QString &path, const QByteArray &content, QString &error);
/// Asks where to save a CSV file; empty when the user cancelled.
QString askCsvPath(QWidget *parent, const QString &title, const QString &suggestedName);
/// Asks where to save a CSV file and writes it with `write`, saying why when it cannot.
void saveCsvAs(QWidget *parent, const QString &title, const QString &suggestedName,
               const std::function<bool(const QString &path, QString &error)> &write);

} // namespace audioset::ui
