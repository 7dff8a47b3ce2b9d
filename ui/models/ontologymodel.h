#pragma once

#include "catalog.h"
#include "reviewstats.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QStringList>
#include <vector>

namespace audioset::ui {

/// Which of a class's three counts the views show.
enum class CountKind { Direct = 0, Rollup = 1, Exclusive = 2 };

/// The ontology DAG as a tree: a class with several parents appears under each of them.
/// Columns: name, counts per split (of the chosen kind), quality, rerated share, and the
/// reviewed quality (sorting on it puts the classes whose review disagrees most first).
class OntologyModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        EvalColumn,
        BalancedColumn,
        UnbalancedColumn,
        QualityColumn,
        ReratedColumn,
        ReviewedColumn,
        ColumnCount
    };
    enum Role { MidRole = Qt::UserRole + 1, SortRole, IsLabelRole };

    explicit OntologyModel(QObject *parent = nullptr);

    void setOntology(std::vector<ClassSummary> classes, const std::vector<ClassEdge> &edges);
    void clear();
    void setCountKind(CountKind kind);
    /// The reviewers' verdicts per class (all splits); a class not in it shows nothing.
    void setReviews(const ReviewSummary &summary);
    bool hasReviews() const { return !m_reviews.isEmpty(); }
    CountKind countKind() const { return m_kind; }
    /// Which splits the index holds: the others show "—", not zeros that look real.
    void setIndexedSplits(const std::array<bool, kSplitCount> &indexed);
    bool isIndexed(Split split) const { return m_indexed[static_cast<size_t>(splitIndex(split))]; }
    /// Short column titles ("Bal.", "Qual.") for a narrow tree; the tooltips say them in full.
    void setShortHeaders(bool shortHeaders);
    static QString columnTitle(int column, bool shortForm);

    const ClassSummary *summary(const QString &mid) const;
    QString nameOf(const QString &mid) const;
    /// The first place in the tree where the class appears.
    QModelIndex indexOf(const QString &mid) const;
    /// Every path from a root down to the class, as lists of mids.
    std::vector<QStringList> pathsTo(const QString &mid) const;
    int classCount() const { return static_cast<int>(m_classes.size()); }
    const std::vector<ClassSummary> &allClasses() const { return m_classes; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void reviewsChanged();

private:
    struct Node {
        int classId;
        int parent; // node index, -1 for a root
        int row;
        std::vector<int> children;
    };

    int addSubtree(int classId, int parentNode, int row, int depth);
    QVariant display(const ClassSummary &summary, int column) const;
    QVariant sortValue(const ClassSummary &summary, int column) const;
    QVariant toolTip(const ClassSummary &summary, int column) const;
    QVariant headerToolTip(int section) const;
    int64_t count(const ClassSummary &summary, int split) const;
    std::optional<double> reratedShare(const ClassSummary &summary) const;

    /// A class's review, all splits together.
    struct Reviewed {
        QualityAssessment quality; // rated = present + not present by consensus
        int64_t judged = 0;
        bool disagrees = false; // in some split the two Wilson intervals do not overlap
        QStringList perSplit;
    };
    const Reviewed *reviewed(const ClassSummary &summary) const;
    QVariant reviewedSortValue(const ClassSummary &summary) const;
    void emitColumnsChanged(int first, int last);
    QHash<QString, Reviewed> m_reviews;

    std::vector<ClassSummary> m_classes; // by class id
    std::array<bool, kSplitCount> m_indexed{true, true, true};
    std::vector<std::vector<int>> m_childrenOf;
    std::vector<std::vector<int>> m_parentsOf;
    QHash<QString, int> m_idOfMid;
    std::vector<Node> m_nodes;
    std::vector<int> m_roots;
    std::vector<int> m_firstNodeOf;
    CountKind m_kind = CountKind::Rollup;
    bool m_shortHeaders = false;
};

} // namespace audioset::ui
