#pragma once

#include "catalog.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <functional>
#include <map>

namespace audioset::ui {

class AsyncCatalog;

/// The segments of a query (a class, rollup or not, a split), fetched lazily in pages of rows
/// on the catalog's thread. data() never touches the database: a row not fetched yet shows a
/// placeholder and asks for its page; answers to an older query are dropped.
class SegmentTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        YtidColumn,
        StartColumn,
        EndColumn,
        SplitColumn,
        LabelsColumn,
        ReratedColumn,
        EmbeddingColumn,
        AudioColumn,
        ColumnCount
    };
    enum Role {
        SegmentIdRole = Qt::UserRole + 1,
        YtidRole,
        StartMsRole,
        EndMsRole,
        LabelMidsRole,
        SplitRole,
        HasEmbeddingRole,
        HasAudioRole,
        LoadedRole
    };
    static constexpr int kPageRows = 256;
    static constexpr size_t kMaxCachedPages = 64;

    explicit SegmentTableModel(QObject *parent = nullptr);

    void setCatalog(AsyncCatalog *catalog);
    /// Turns class ids into names for the labels column.
    void setLabelNamer(std::function<QString(const QString &mid)> namer);
    void setQuery(const SegmentQuery &query);
    void clear();
    const SegmentQuery &query() const { return m_query; }
    /// "Rer." and "Emb." for a narrow table; the header tooltips say them in full.
    void setShortHeaders(bool shortHeaders);
    static QString columnTitle(int column, bool shortForm);
    /// The row, when its page is loaded.
    const SegmentRow *rowAt(int row) const;
    bool isLoading() const { return !m_pending.isEmpty() || m_loadingTotal; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    /// Lists the rows again in the column's order (-1: the index's own); later queries keep
    /// it. The sorting runs on the catalog's thread, over every matching row.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    /// The first page of a new query arrived; `total` rows match it.
    void queryLoaded(qint64 total);
    /// A page arrived (for views that wait for rows, like the screenshot mode).
    void pageLoaded(int firstRow);

private:
    QStringList labelNames(const SegmentRow &row) const;
    void requestPage(int page) const;
    void storePage(quint64 generation, int page, SegmentPage result);

    AsyncCatalog *m_catalog = nullptr;
    std::function<QString(const QString &)> m_namer;
    SegmentQuery m_query;
    SegmentSort m_sort = SegmentSort::Natural;
    bool m_descending = false;
    bool m_shortHeaders = false;
    quint64 m_generation = 0;
    qint64 m_total = 0;
    bool m_loadingTotal = false;
    mutable std::map<int, std::vector<SegmentRow>> m_pages;
    mutable QSet<int> m_pending;
    mutable int m_lastRequested = 0;
};

} // namespace audioset::ui
