#pragma once

#include <QLayout>
#include <QList>

namespace audioset::ui {

/// Lays its items out left to right and wraps onto a new row when the width runs out, so a
/// row of controls stays whole in a narrow panel instead of forcing the panel wide. Its
/// minimum width is its widest item; its preferred size is everything on one row.
class FlowLayout : public QLayout {
public:
    explicit FlowLayout(QWidget *parent = nullptr);
    ~FlowLayout() override;

    void addItem(QLayoutItem *item) override;
    int count() const override;
    QLayoutItem *itemAt(int index) const override;
    QLayoutItem *takeAt(int index) override;

    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect &rect) override;

private:
    int horizontalGap() const;
    int verticalGap() const;
    // Places the items in `rect` (only measures when `place` is false); returns the height used.
    int arrange(const QRect &rect, bool place) const;

    QList<QLayoutItem *> m_items;
};

} // namespace audioset::ui
