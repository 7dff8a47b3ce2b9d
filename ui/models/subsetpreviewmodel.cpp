#include "subsetpreviewmodel.h"
#include "splitnames.h"

#include <QLocale>

namespace audioset::ui {

QString SubsetPreviewModel::summaryOf(const SubsetPlan &plan) {
    const QLocale locale;
    auto number = [&locale](int64_t value) {
        return locale.toString(static_cast<qlonglong>(value));
    };
    const int64_t labels = plan.positiveLabelsPerSplit[0] + plan.positiveLabelsPerSplit[1] +
                           plan.positiveLabelsPerSplit[2];
    QString text = tr("<b>%1 segments</b> (eval %2, balanced %3, unbalanced %4) with <b>%5 "
                      "labels</b>; about <b>%6</b> of them correct by the quality estimates")
                       .arg(number(static_cast<int64_t>(plan.segmentIds.size())))
                       .arg(number(plan.segmentsPerSplit[0]))
                       .arg(number(plan.segmentsPerSplit[1]))
                       .arg(number(plan.segmentsPerSplit[2]))
                       .arg(number(labels))
                       .arg(number(qRound64(plan.expectedCorrectLabels)));
    if (plan.labelsWithoutEstimate > 0)
        text +=
            tr(" (%1 labels are of classes never rated)").arg(number(plan.labelsWithoutEstimate));
    if (plan.perClassMax)
        text += tr(". Up to %1 drawn per class: a count also holds segments drawn for other "
                   "classes that carry it, with those drawn for the class itself in brackets")
                    .arg(number(*plan.perClassMax));
    return text;
}

void SubsetPreviewModel::setPlan(const SubsetPlan &plan) {
    beginResetModel();
    m_classes.clear();
    m_capped = plan.perClassMax.has_value();
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
    m_capped = false;
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
    const bool splitColumn = index.column() >= EvalColumn && index.column() <= UnbalancedColumn;
    const size_t split = splitColumn ? static_cast<size_t>(index.column() - EvalColumn) : 0;
    const QLocale locale;
    if (role == Qt::ToolTipRole && splitColumn && m_capped)
        return tr("%1 segments carry %2: %3 drawn for it, %4 drawn for other classes")
            .arg(locale.toString(static_cast<qlonglong>(planned.segments[split])),
                 QString::fromStdString(planned.name),
                 locale.toString(static_cast<qlonglong>(planned.drawnForIt[split])),
                 locale.toString(
                     static_cast<qlonglong>(planned.segments[split] - planned.drawnForIt[split])));
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case ClassColumn:
        return QString::fromStdString(planned.name);
    case EvalColumn:
    case BalancedColumn:
    case UnbalancedColumn: {
        const QString carrying = locale.toString(static_cast<qlonglong>(planned.segments[split]));
        if (!m_capped || planned.drawnForIt[split] == planned.segments[split]) return carrying;
        return QStringLiteral("%1 (%2)").arg(
            carrying, locale.toString(static_cast<qlonglong>(planned.drawnForIt[split])));
    }
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
