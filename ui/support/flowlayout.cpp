#include "flowlayout.h"

#include <QStyle>
#include <QWidget>
#include <algorithm>

namespace audioset::ui {

FlowLayout::FlowLayout(QWidget *parent)
    : QLayout(parent) {
    setContentsMargins(0, 0, 0, 0);
}

FlowLayout::~FlowLayout() {
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem *item) {
    m_items.append(item);
}

int FlowLayout::count() const {
    return static_cast<int>(m_items.size());
}

QLayoutItem *FlowLayout::itemAt(int index) const {
    return m_items.value(index);
}

QLayoutItem *FlowLayout::takeAt(int index) {
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

Qt::Orientations FlowLayout::expandingDirections() const {
    return {};
}

bool FlowLayout::hasHeightForWidth() const {
    return true;
}

int FlowLayout::heightForWidth(int width) const {
    return arrange(QRect(0, 0, width, 0), false);
}

QSize FlowLayout::minimumSize() const {
    QSize least;
    for (const QLayoutItem *item : m_items)
        if (!item->isEmpty()) least = least.expandedTo(item->minimumSize());
    const QMargins margins = contentsMargins();
    return least + QSize(margins.left() + margins.right(), margins.top() + margins.bottom());
}

QSize FlowLayout::sizeHint() const {
    int width = 0, height = 0, visible = 0;
    for (const QLayoutItem *item : m_items) {
        if (item->isEmpty()) continue;
        const QSize hint = item->sizeHint();
        width += hint.width();
        height = std::max(height, hint.height());
        ++visible;
    }
    const QMargins margins = contentsMargins();
    return {width + std::max(0, visible - 1) * horizontalGap() + margins.left() + margins.right(),
            height + margins.top() + margins.bottom()};
}

void FlowLayout::setGeometry(const QRect &rect) {
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

int FlowLayout::horizontalGap() const {
    if (spacing() >= 0) return spacing();
    const QWidget *owner = parentWidget();
    return owner ? owner->style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing, nullptr, owner)
                 : 6;
}

int FlowLayout::verticalGap() const {
    if (spacing() >= 0) return spacing();
    const QWidget *owner = parentWidget();
    return owner ? owner->style()->pixelMetric(QStyle::PM_LayoutVerticalSpacing, nullptr, owner)
                 : 6;
}

int FlowLayout::arrange(const QRect &rect, bool place) const {
    const QRect area = rect.marginsRemoved(contentsMargins());
    int x = area.x(), y = area.y(), rowHeight = 0;
    // Items of one row share its height, centred vertically, as a box layout would place them.
    QList<QPair<QLayoutItem *, QRect>> row;
    const auto flushRow = [&] {
        if (place)
            for (auto &[item, box] : row)
                item->setGeometry(
                    QRect(box.x(), y + (rowHeight - box.height()) / 2, box.width(), box.height()));
        row.clear();
    };
    for (QLayoutItem *item : m_items) {
        if (item->isEmpty()) continue;
        const QSize size = item->sizeHint().expandedTo(item->minimumSize());
        const int width =
            std::min(size.width(), std::max(area.width(), item->minimumSize().width()));
        if (!row.isEmpty() && x + width > area.right() + 1) {
            flushRow();
            x = area.x();
            y += rowHeight + verticalGap();
            rowHeight = 0;
        }
        row.append({item, QRect(x, 0, width, size.height())});
        x += width + horizontalGap();
        rowHeight = std::max(rowHeight, size.height());
    }
    flushRow();
    const QMargins margins = contentsMargins();
    return y + rowHeight - rect.y() + margins.bottom();
}

} // namespace audioset::ui
