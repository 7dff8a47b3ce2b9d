#include "segmenttablemodel.h"

#include "asynccatalog.h"
#include "splitnames.h"
#include "textparse.h"

#include <QBrush>
#include <QFont>
#include <QPalette>

namespace audioset::ui {

SegmentTableModel::SegmentTableModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void SegmentTableModel::setCatalog(AsyncCatalog *catalog) {
    m_catalog = catalog;
    clear();
}

void SegmentTableModel::setLabelNamer(std::function<QString(const QString &)> namer) {
    m_namer = std::move(namer);
}

void SegmentTableModel::clear() {
    beginResetModel();
    ++m_generation;
    m_total = 0;
    m_pages.clear();
    m_pending.clear();
    m_loadingTotal = false;
    endResetModel();
}

void SegmentTableModel::setQuery(const SegmentQuery &query) {
    clear();
    m_query = query;
    m_query.sort = m_sort;
    m_query.descending = m_descending;
    if (!m_catalog) return;
    m_loadingTotal = true;
    const quint64 generation = m_generation;
    SegmentQuery first = m_query;
    first.offset = 0;
    first.limit = kPageRows;
    m_catalog->run<SegmentPage>(
        this, [first](Catalog &catalog) { return catalog.segments(first); },
        [this, generation](SegmentPage page) {
            if (generation != m_generation) return;
            beginResetModel();
            m_loadingTotal = false;
            m_total = page.total;
            m_pages[0] = std::move(page.rows);
            endResetModel();
            Q_EMIT queryLoaded(m_total);
            Q_EMIT pageLoaded(0);
        });
}

void SegmentTableModel::requestPage(int page) const {
    if (!m_catalog || m_pending.contains(page) || m_pages.count(page)) return;
    m_pending.insert(page);
    m_lastRequested = page;
    SegmentQuery query = m_query;
    query.offset = static_cast<int64_t>(page) * kPageRows;
    query.limit = kPageRows;
    const quint64 generation = m_generation;
    auto *self = const_cast<SegmentTableModel *>(this);
    m_catalog->run<SegmentPage>(
        self, [query](Catalog &catalog) { return catalog.segments(query); },
        [self, generation, page](SegmentPage result) {
            self->storePage(generation, page, std::move(result));
        });
}

void SegmentTableModel::storePage(quint64 generation, int page, SegmentPage result) {
    if (generation != m_generation) return;
    m_pending.remove(page);
    m_pages[page] = std::move(result.rows);
    // Keep the cache bounded: drop the pages farthest from the one asked for last.
    while (m_pages.size() > kMaxCachedPages) {
        const auto first = m_pages.begin();
        const auto last = std::prev(m_pages.end());
        m_pages.erase(std::abs(first->first - m_lastRequested) >
                              std::abs(last->first - m_lastRequested)
                          ? first
                          : last);
    }
    const int firstRow = page * kPageRows;
    const int lastRow = std::min<qint64>(m_total, static_cast<qint64>(firstRow) + kPageRows) - 1;
    if (lastRow >= firstRow)
        Q_EMIT dataChanged(index(firstRow, 0), index(lastRow, ColumnCount - 1));
    Q_EMIT pageLoaded(firstRow);
}

const SegmentRow *SegmentTableModel::rowAt(int row) const {
    const auto it = m_pages.find(row / kPageRows);
    if (it == m_pages.end()) return nullptr;
    const size_t offset = static_cast<size_t>(row % kPageRows);
    return offset < it->second.size() ? &it->second[offset] : nullptr;
}

int SegmentTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(std::min<qint64>(m_total, INT32_MAX));
}

int SegmentTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SegmentTableModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const SegmentRow *row = rowAt(index.row());
    if (!row) {
        requestPage(index.row() / kPageRows);
        if (role == LoadedRole) return false;
        if (role == Qt::DisplayRole && index.column() == YtidColumn) return QStringLiteral("…");
        if (role == Qt::ForegroundRole)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case YtidColumn:
            return QString::fromStdString(row->ytid);
        case StartColumn:
            return QString::fromStdString(formatMsAsSeconds(row->startMs));
        case EndColumn:
            return QString::fromStdString(formatMsAsSeconds(row->endMs));
        case SplitColumn:
            return m_shortHeaders ? splitAbbreviation(row->split)
                                  : splitDisplayName(row->split, true);
        case LabelsColumn:
            return labelNames(*row).join(QStringLiteral("; ")); // names may hold commas
        case ReratedColumn:
            return row->rerated ? tr("yes") : QString();
        case EmbeddingColumn:
            return row->hasEmbedding ? tr("yes") : QString();
        case AudioColumn:
            return row->hasAudio ? tr("yes") : QString();
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == EmbeddingColumn)
            return row->hasEmbedding ? tr("VGGish embedding frames are indexed for this segment")
                                     : tr("No embedding: the heatmap and similar segments "
                                          "have nothing to show");
        if (index.column() == LabelsColumn) // the cell is often cut short: one label a line
            return labelNames(*row).join(QLatin1Char('\n'));
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == StartColumn || index.column() == EndColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case Qt::FontRole:
        if (index.column() == YtidColumn) {
            QFont font(QStringLiteral("monospace"));
            font.setStyleHint(QFont::Monospace);
            return font;
        }
        return {};
    case SegmentIdRole:
        return static_cast<qlonglong>(row->id);
    case YtidRole:
        return QString::fromStdString(row->ytid);
    case StartMsRole:
        return static_cast<qlonglong>(row->startMs);
    case EndMsRole:
        return static_cast<qlonglong>(row->endMs);
    case SplitRole:
        return splitIndex(row->split);
    case HasEmbeddingRole:
        return row->hasEmbedding;
    case HasAudioRole:
        return row->hasAudio;
    case LoadedRole:
        return true;
    case LabelMidsRole: {
        QStringList mids;
        for (const std::string &mid : row->labels)
            mids << QString::fromStdString(mid);
        return mids;
    }
    }
    return {};
}

QStringList SegmentTableModel::labelNames(const SegmentRow &row) const {
    QStringList names;
    for (const std::string &mid : row.labels)
        names << (m_namer ? m_namer(QString::fromStdString(mid)) : QString::fromStdString(mid));
    return names;
}

QVariant SegmentTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        if (section == ReratedColumn) return tr("Rerated: the segment's labels were rated again");
        if (section == EmbeddingColumn) return tr("Embedding: its VGGish frames are indexed");
        if (section == AudioColumn) return tr("Audio: a local audio file of it was found");
        if (section == LabelsColumn) return tr("Labels (sorting orders by how many)");
        return {};
    }
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return section + 1;
    return columnTitle(section, m_shortHeaders);
}

void SegmentTableModel::sort(int column, Qt::SortOrder order) {
    static constexpr SegmentSort kByColumn[ColumnCount] = {
        SegmentSort::Ytid,       SegmentSort::Start,   SegmentSort::End,       SegmentSort::Split,
        SegmentSort::LabelCount, SegmentSort::Rerated, SegmentSort::Embedding, SegmentSort::Audio};
    const SegmentSort sort =
        column >= 0 && column < ColumnCount ? kByColumn[column] : SegmentSort::Natural;
    const bool descending = sort != SegmentSort::Natural && order == Qt::DescendingOrder;
    if (sort == m_sort && descending == m_descending) return;
    m_sort = sort;
    m_descending = descending;
    const SegmentQuery query = m_query;
    if (m_total > 0 || m_loadingTotal) setQuery(query);
}

void SegmentTableModel::setShortHeaders(bool shortHeaders) {
    if (shortHeaders == m_shortHeaders) return;
    m_shortHeaders = shortHeaders;
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0) // the split names shorten too
        Q_EMIT dataChanged(index(0, SplitColumn), index(rowCount() - 1, SplitColumn));
}

QString SegmentTableModel::columnTitle(int column, bool shortForm) {
    switch (column) {
    case YtidColumn:
        return tr("YouTube id");
    case StartColumn:
        return tr("Start");
    case EndColumn:
        return tr("End");
    case SplitColumn:
        return tr("Split");
    case LabelsColumn:
        return tr("Labels");
    case ReratedColumn:
        return shortForm ? tr("Rer.") : tr("Rerated");
    case EmbeddingColumn:
        return shortForm ? tr("Emb.") : tr("Embedding");
    case AudioColumn:
        return tr("Audio");
    }
    return {};
}

} // namespace audioset::ui
