#pragma once

#include "ontologymodel.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;
class QTreeView;

namespace audioset::ui {

class OntologyFilterProxy;

/// The ontology tree with its filter box and the direct / rollup / exclusive switch.
class OntologyPanel : public QWidget {
    Q_OBJECT
public:
    OntologyPanel(OntologyModel *model, QWidget *parent = nullptr);

    void focusFilter();
    /// Shows `text` where the tree's rows would be while the filter leaves none.
    void setEmptyText(const QString &text);
    /// Puts the keyboard in the tree, on the current class (the first one when none is).
    void focusTree();
    /// Selects the class's first place in the tree, expanding and scrolling to it.
    void selectClass(const QString &mid);
    void setCountKind(CountKind kind);
    CountKind countKind() const;
    QTreeView *view() const { return m_view; }
    OntologyFilterProxy *proxy() const { return m_proxy; }

Q_SIGNALS:
    void classSelected(const QString &mid);
    /// The filter left no class; the text may be something else, like a YouTube id.
    void nothingMatches(const QString &text);
    void countKindChanged(CountKind kind);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyFilter();

    OntologyModel *m_model;
    OntologyFilterProxy *m_proxy;
    QLineEdit *m_filter;
    QComboBox *m_kind;
    QTreeView *m_view;
    QTimer *m_filterDelay;
    QLabel *m_empty;
};

} // namespace audioset::ui
