#pragma once

#include "subsetplanner.h"

#include <QAbstractTableModel>

namespace audioset::ui {

/// What a planned subset holds per included class: segments per split and the class's quality.
class SubsetPreviewModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        ClassColumn,
        EvalColumn,
        BalancedColumn,
        UnbalancedColumn,
        QualityColumn,
        ColumnCount
    };

    using QAbstractTableModel::QAbstractTableModel;
    void setPlan(const SubsetPlan &plan);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<PlannedClass> m_classes;
};

} // namespace audioset::ui
