#include "subsetpreviewmodel.h"
#include "splitnames.h"

#include <QLocale>

namespace audioset::ui {

void SubsetPreviewModel::setPlan(const SubsetPlan &plan) {
    beginResetModel();
    m_classes.clear();
    for (const PlannedClass &planned : plan.classes)
        if (planned.segments[0] + planned.segments[1] + planned.segments[2] > 0)
            m_classes.push_back(planned);
    std::sort(m_classes.begin(), m_classes.end(), [](const PlannedClass &a, const PlannedClass &b) {
        return a.segments[0] + a.segments[1] + a.segments[2] >
               b.segments[0] + b.segments[1] + b.segments[2];
    });
    endResetModel();
}

void SubsetPreviewModel::clear() {
    beginResetModel();
    m_classes.clear();
    endResetModel();
}

int SubsetPreviewModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_classes.size());
}

int SubsetPreviewModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SubsetPreviewModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const PlannedClass &planned = m_classes[static_cast<size_t>(index.row())];
    if (role == Qt::TextAlignmentRole && index.column() != ClassColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == ClassColumn)
        return QString::fromStdString(planned.mid);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case ClassColumn:
        return QString::fromStdString(planned.name);
    case EvalColumn:
    case BalancedColumn:
    case UnbalancedColumn:
        return QLocale().toString(static_cast<qlonglong>(
            planned.segments[static_cast<size_t>(index.column() - EvalColumn)]));
    case QualityColumn:
        return planned.quality ? QStringLiteral("%1%").arg(qRound(*planned.quality * 100))
                               : tr("n/a");
    }
    return {};
}

QVariant SubsetPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
    switch (section) {
    case ClassColumn:
        return tr("Class");
    case EvalColumn:
    case BalancedColumn:
    case UnbalancedColumn:
        return splitColumnTitle(static_cast<Split>(section - EvalColumn));
    case QualityColumn:
        return tr("Quality");
    }
    return {};
}

} // namespace audioset::ui
