#include "tableprinter.h"

#include <algorithm>

namespace audioset::cli {

TablePrinter::TablePrinter(QStringList headers, std::vector<bool> numeric)
    : m_headers(std::move(headers))
    , m_numeric(std::move(numeric)) {
    m_numeric.resize(static_cast<size_t>(m_headers.size()), false);
}

void TablePrinter::addRow(QStringList cells) {
    while (cells.size() < m_headers.size())
        cells.append(QString());
    m_rows.push_back(std::move(cells));
}

QString TablePrinter::toString() const {
    std::vector<qsizetype> widths;
    for (const QString &header : m_headers)
        widths.push_back(header.size());
    for (const QStringList &row : m_rows)
        for (qsizetype c = 0; c < m_headers.size(); ++c)
            widths[static_cast<size_t>(c)] =
                std::max(widths[static_cast<size_t>(c)], row[c].size());

    auto format = [&](const QStringList &cells) -> QString {
        QString line;
        for (qsizetype c = 0; c < m_headers.size(); ++c) {
            const auto width = widths[static_cast<size_t>(c)];
            const bool last = c + 1 == m_headers.size();
            if (c) line += QStringLiteral("  ");
            if (m_numeric[static_cast<size_t>(c)])
                line += cells[c].rightJustified(width);
            else
                line += last ? cells[c] : cells[c].leftJustified(width);
        }
        return line + QLatin1Char('\n');
    };
    QString text = format(m_headers);
    for (const QStringList &row : m_rows)
        text += format(row);
    return text;
}

} // namespace audioset::cli
