#pragma once

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

/// Asks where to save a CSV file and writes it with `write`, saying why when it cannot.
void saveCsvAs(QWidget *parent, const QString &title, const QString &suggestedName,
               const std::function<bool(const QString &path, QString &error)> &write);

} // namespace audioset::ui
