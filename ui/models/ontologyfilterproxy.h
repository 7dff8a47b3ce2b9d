#pragma once

#include <QSortFilterProxyModel>

namespace audioset::ui {

/// Filters the ontology tree by name or id (case-insensitive); a match keeps its ancestors
/// visible. Sorts numerically through OntologyModel::SortRole.
class OntologyFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit OntologyFilterProxy(QObject *parent = nullptr);
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
};

} // namespace audioset::ui
