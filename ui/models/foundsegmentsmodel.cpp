#include "foundsegmentsmodel.h"

#include "splitnames.h"
#include "textparse.h"

namespace audioset::ui {

FoundSegmentsModel::FoundSegmentsModel(QString figureName,
                                       std::function<QString(const QString &)> labelName,
                                       QObject *parent)
    : QAbstractTableModel(parent)
    , m_figureName(std::move(figureName))
    , m_labelName(std::move(labelName)) {}

void FoundSegmentsModel::setItems(std::vector<Item> items, int decimals) {
    beginResetModel();
    m_items = std::move(items);
    m_decimals = decimals;
    endResetModel();
}

int FoundSegmentsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_items.size());
}

int FoundSegmentsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FoundSegmentsModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Item &item = m_items[size_t(index.row())];
    if (role == Qt::TextAlignmentRole &&
        (index.column() == FigureColumn || index.column() == StartColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (index.column()) {
    case FigureColumn:
        return QString::number(item.figure, 'f', m_decimals);
    case SplitColumn:
        return splitDisplayName(item.segment.split, true);
    case YtidColumn:
        return QString::fromStdString(item.segment.ytid);
    case StartColumn:
        return QString::fromStdString(formatMsAsSeconds(item.segment.startMs));
    case LabelsColumn: {
        QStringList names;
        for (const std::string &mid : item.segment.labels)
            names << (m_labelName ? m_labelName(QString::fromStdString(mid))
                                  : QString::fromStdString(mid));
        return names.join(QStringLiteral("; ")); // names may hold commas themselves
    }
    }
    return {};
}

QVariant FoundSegmentsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case FigureColumn:
        return m_figureName;
    case SplitColumn:
        return tr("Split");
    case YtidColumn:
        return tr("YouTube id");
    case StartColumn:
        return tr("Start (s)");
    case LabelsColumn:
        return tr("Labels");
    }
    return {};
}

} // namespace audioset::ui
