#pragma once

#include "reviewdialog.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace audioset::ui {

/// Asks how to review a class: the reviewer's name, the split, with descendants or not, the
/// sample size (10, as the experts rated) and seed, blind mode and opening clips on YouTube.
/// Remembers the choices.
class ReviewSetupDialog : public QDialog {
    Q_OBJECT
public:
    ReviewSetupDialog(const QString &classMid, const QString &className, QWidget *parent = nullptr);

    ReviewSetup setup() const;
    QString reviewer() const;
    /// The shared store's URL, or empty for the index file.
    QString storeUrl() const;

    void accept() override; // saves the choices

private:
    QString m_classMid;
    QLineEdit *m_reviewer;
    QLineEdit *m_storeUrl;
    QLabel *m_storeProblem;
    QComboBox *m_split;
    QCheckBox *m_rollup;
    QSpinBox *m_size;
    QSpinBox *m_seed;
    QCheckBox *m_blind;
    QCheckBox *m_autoOpen;
};

} // namespace audioset::ui
