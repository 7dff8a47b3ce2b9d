#pragma once

#include "ontologymodel.h"

#include <optional>

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
    /// The header as saved (sort order); the widths are fitted to the tree again.
    void restoreColumns(const QByteArray &state);
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
    // Full widths when the tree has room for them, short titles and "43k" when it has not, so
    // every column stays in view.
    void fitColumns();
    void refitColumns(); // even when the compact choice has not changed
    int columnWidth(int column, bool compact) const;
    int columnsWidth(bool compact) const; // of the columns shown, with room for the names

    OntologyModel *m_model;
    OntologyFilterProxy *m_proxy;
    QLineEdit *m_filter;
    QComboBox *m_kind;
    QTreeView *m_view;
    QTimer *m_filterDelay;
    QLabel *m_empty;
    std::optional<bool> m_compact; // the widths fitColumns last chose
};

} // namespace audioset::ui
