#include "compactcountdelegate.h"

#include <QLocale>

namespace audioset::ui {

QString compactCount(qint64 count) {
    const qint64 magnitude = count < 0 ? -count : count;
    if (magnitude < 1000) return QString::number(count);
    const char *units[] = {"k", "M", "G"};
    double scaled = static_cast<double>(count);
    for (const char *unit : units) {
        scaled /= 1000;
        const double size = scaled < 0 ? -scaled : scaled;
        // One decimal below ten ("8.8k"), none above ("43k"); 999.6k rounds up a unit.
        if (size < 9.95) return QString::number(scaled, 'f', 1) + QLatin1String(unit);
        if (size < 999.5) return QString::number(qRound64(scaled)) + QLatin1String(unit);
    }
    return QString::number(qRound64(scaled)) + QLatin1Char('T');
}

void CompactCountDelegate::initStyleOption(QStyleOptionViewItem *option,
                                           const QModelIndex &index) const {
    QStyledItemDelegate::initStyleOption(option, index);
    const int room = option->rect.width() - 8; // the style's text margins
    if (option->fontMetrics.horizontalAdvance(option->text) <= room) return;
    bool isNumber = false;
    const qint64 count = QLocale().toLongLong(option->text, &isNumber);
    if (isNumber) option->text = compactCount(count);
}

} // namespace audioset::ui
