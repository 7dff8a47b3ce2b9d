#pragma once

#include "catalog.h"

#include <QAbstractTableModel>
#include <functional>

namespace audioset::ui {

/// Segments found by sound, one figure each: the similar segments (distance) or a class's
/// possible label errors (score).
class FoundSegmentsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { FigureColumn, SplitColumn, YtidColumn, StartColumn, LabelsColumn, ColumnCount };

    struct Item {
        SegmentRow segment;
        double figure = 0;
    };

    /// `figureName` heads the first column ("Distance", "Score"); `labelName` turns a mid into
    /// the name shown.
    FoundSegmentsModel(QString figureName, std::function<QString(const QString &)> labelName,
                       QObject *parent = nullptr);
    void setItems(std::vector<Item> items, int decimals);
    void clear() { setItems({}, 0); }
    const Item &item(int row) const { return m_items[size_t(row)]; }
    const std::vector<Item> &items() const { return m_items; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString m_figureName;
    std::function<QString(const QString &)> m_labelName;
    std::vector<Item> m_items;
    int m_decimals = 2;
};

} // namespace audioset::ui
