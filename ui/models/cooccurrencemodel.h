#pragma once

#include "catalog.h"

#include <QAbstractTableModel>

namespace audioset::ui {

/// The classes that share most segments with the shown class: count and lift.
class CooccurrenceModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ClassColumn, CountColumn, LiftColumn, ColumnCount };
    enum Role { MidRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;
    void setItems(std::vector<Cooccurrence> items);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<Cooccurrence> m_items;
};

} // namespace audioset::ui
