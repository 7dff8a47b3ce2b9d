#include "cooccurrencemodel.h"

#include <QLocale>

namespace audioset::ui {

void CooccurrenceModel::setItems(std::vector<Cooccurrence> items) {
    beginResetModel();
    m_items = std::move(items);
    endResetModel();
}

int CooccurrenceModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

int CooccurrenceModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CooccurrenceModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Cooccurrence &item = m_items[static_cast<size_t>(index.row())];
    if (role == MidRole) return QString::fromStdString(item.mid);
    if (role == Qt::ToolTipRole && index.column() == LiftColumn)
        return tr("How many times more often than if the two labels were independent");
    if (role == Qt::TextAlignmentRole && index.column() != ClassColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case ClassColumn:
        return QString::fromStdString(item.name);
    case CountColumn:
        return QLocale().toString(static_cast<qlonglong>(item.count));
    case LiftColumn:
        return QStringLiteral("%1×").arg(item.lift, 0, 'f', item.lift < 10 ? 2 : 1);
    }
    return {};
}

QVariant CooccurrenceModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
    switch (section) {
    case ClassColumn:
        return tr("Co-occurring class");
    case CountColumn:
        return tr("Together");
    case LiftColumn:
        return tr("Lift");
    }
    return {};
}

} // namespace audioset::ui
