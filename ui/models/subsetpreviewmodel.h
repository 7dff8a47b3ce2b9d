#pragma once

#include "subsetplanner.h"

#include <QAbstractTableModel>

namespace audioset::ui {

/// What a planned subset holds per included class: segments per split and the class's quality.
/// With a per-class cap a count reads "66 (20)": 66 segments carry the class, 20 of them were
/// drawn for it and the rest for other classes they also carry.
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
    /// The plan in a sentence or two (rich text): segments and labels per split, the labels
    /// expected correct, and how a per-class cap counts.
    static QString summaryOf(const SubsetPlan &plan);
    void setPlan(const SubsetPlan &plan);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<PlannedClass> m_classes;
    bool m_capped = false;
};

} // namespace audioset::ui
