#pragma once

#include <QStyledItemDelegate>

namespace audioset::ui {

/// "2,042,985" as "2.0M" and "42,531" as "43k": a count in a cell too narrow for all its
/// digits. The cell's tooltip keeps the exact number.
QString compactCount(qint64 count);

/// Draws a number in full when it fits its cell and in compact form when it does not.
class CompactCountDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace audioset::ui
