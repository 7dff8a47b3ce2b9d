#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace audioset::cli {

/// Prints rows as aligned columns; columns marked numeric are right-aligned.
class TablePrinter {
public:
    explicit TablePrinter(QStringList headers, std::vector<bool> numeric = {});
    void addRow(QStringList cells);
    QString toString() const;

private:
    QStringList m_headers;
    std::vector<bool> m_numeric;
    std::vector<QStringList> m_rows;
};

} // namespace audioset::cli
