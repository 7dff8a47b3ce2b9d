#include "ontologyfilterproxy.h"

#include "ontologymodel.h"

namespace audioset::ui {

OntologyFilterProxy::OntologyFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent) {
    setRecursiveFilteringEnabled(true);
    setSortRole(OntologyModel::SortRole);
}

void OntologyFilterProxy::setFilterText(const QString &text) {
    const QString trimmed = text.trimmed();
    if (trimmed == m_text) return;
    m_text = trimmed;
    invalidateFilter();
}

bool OntologyFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const {
    if (m_text.isEmpty()) return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(Qt::DisplayRole).toString().contains(m_text, Qt::CaseInsensitive) ||
           index.data(OntologyModel::MidRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace audioset::ui
