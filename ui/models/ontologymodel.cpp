#include "ontologymodel.h"
#include "splitnames.h"

#include <cmath>

#include <QBrush>
#include <QFont>
#include <QLocale>
#include <QPalette>
#include <functional>

namespace audioset::ui {

namespace {
constexpr int kMaxDepth = 64; // the DAG is acyclic; this only guards against a broken index
}

OntologyModel::OntologyModel(QObject *parent)
    : QAbstractItemModel(parent) {}

void OntologyModel::clear() {
    beginResetModel();
    m_classes.clear();
    m_childrenOf.clear();
    m_parentsOf.clear();
    m_idOfMid.clear();
    m_nodes.clear();
    m_roots.clear();
    m_firstNodeOf.clear();
    endResetModel();
}

void OntologyModel::setOntology(std::vector<ClassSummary> classes,
                                const std::vector<ClassEdge> &edges) {
    beginResetModel();
    size_t size = 0;
    for (const ClassSummary &summary : classes)
        size = std::max(size, static_cast<size_t>(summary.id) + 1);
    m_classes.assign(size, ClassSummary());
    for (ClassSummary &summary : classes)
        m_classes[static_cast<size_t>(summary.id)] = std::move(summary);
    m_childrenOf.assign(size, {});
    m_parentsOf.assign(size, {});
    for (const ClassEdge &edge : edges) {
        if (edge.parent < 0 || edge.child < 0 ||
            static_cast<size_t>(std::max(edge.parent, edge.child)) >= size)
            continue;
        m_childrenOf[static_cast<size_t>(edge.parent)].push_back(edge.child);
        m_parentsOf[static_cast<size_t>(edge.child)].push_back(edge.parent);
    }
    m_idOfMid.clear();
    for (const ClassSummary &summary : m_classes)
        if (summary.id >= 0) m_idOfMid.insert(QString::fromStdString(summary.mid), summary.id);
    m_nodes.clear();
    m_roots.clear();
    m_firstNodeOf.assign(size, -1);
    for (const ClassSummary &summary : m_classes)
        if (summary.id >= 0 && m_parentsOf[static_cast<size_t>(summary.id)].empty())
            m_roots.push_back(addSubtree(summary.id, -1, static_cast<int>(m_roots.size()), 0));
    endResetModel();
}

int OntologyModel::addSubtree(int classId, int parentNode, int row, int depth) {
    const int node = static_cast<int>(m_nodes.size());
    m_nodes.push_back({classId, parentNode, row, {}});
    if (m_firstNodeOf[static_cast<size_t>(classId)] < 0)
        m_firstNodeOf[static_cast<size_t>(classId)] = node;
    if (depth >= kMaxDepth) return node;
    for (int child : m_childrenOf[static_cast<size_t>(classId)]) {
        const int childRow = static_cast<int>(m_nodes[static_cast<size_t>(node)].children.size());
        const int childNode = addSubtree(child, node, childRow, depth + 1);
        m_nodes[static_cast<size_t>(node)].children.push_back(childNode);
    }
    return node;
}

void OntologyModel::setCountKind(CountKind kind) {
    if (kind == m_kind) return;
    m_kind = kind;
    Q_EMIT headerDataChanged(Qt::Horizontal, EvalColumn, ReratedColumn);
    emitColumnsChanged(EvalColumn, ReratedColumn);
}

// Every node's cells in the columns change; one signal per parent keeps it cheap.
void OntologyModel::emitColumnsChanged(int first, int last) {
    std::function<void(const QModelIndex &)> refresh = [&](const QModelIndex &parent) {
        const int rows = rowCount(parent);
        if (rows == 0) return;
        Q_EMIT dataChanged(index(0, first, parent), index(rows - 1, last, parent));
        for (int row = 0; row < rows; ++row)
            refresh(index(row, 0, parent));
    };
    refresh({});
}

const ClassSummary *OntologyModel::summary(const QString &mid) const {
    const auto it = m_idOfMid.find(mid);
    return it == m_idOfMid.end() ? nullptr : &m_classes[static_cast<size_t>(*it)];
}

QString OntologyModel::nameOf(const QString &mid) const {
    const ClassSummary *found = summary(mid);
    return found ? QString::fromStdString(found->name) : mid;
}

QModelIndex OntologyModel::indexOf(const QString &mid) const {
    const auto it = m_idOfMid.find(mid);
    if (it == m_idOfMid.end()) return {};
    const int node = m_firstNodeOf[static_cast<size_t>(*it)];
    return node < 0 ? QModelIndex()
                    : createIndex(m_nodes[static_cast<size_t>(node)].row, 0, quintptr(node));
}

std::vector<QStringList> OntologyModel::pathsTo(const QString &mid) const {
    std::vector<QStringList> paths;
    const auto it = m_idOfMid.find(mid);
    if (it == m_idOfMid.end()) return paths;
    std::function<void(int, QStringList, int)> climb = [&](int id, QStringList below, int depth) {
        below.prepend(QString::fromStdString(m_classes[static_cast<size_t>(id)].mid));
        const auto &parents = m_parentsOf[static_cast<size_t>(id)];
        if (parents.empty() || depth >= kMaxDepth) {
            paths.push_back(below);
            return;
        }
        for (int parent : parents)
            climb(parent, below, depth + 1);
    };
    climb(*it, {}, 0);
    return paths;
}

QModelIndex OntologyModel::index(int row, int column, const QModelIndex &parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount) return {};
    const std::vector<int> &siblings =
        parent.isValid() ? m_nodes[static_cast<size_t>(parent.internalId())].children : m_roots;
    if (row >= static_cast<int>(siblings.size())) return {};
    return createIndex(row, column, quintptr(siblings[static_cast<size_t>(row)]));
}

QModelIndex OntologyModel::parent(const QModelIndex &child) const {
    if (!child.isValid()) return {};
    const int parentNode = m_nodes[static_cast<size_t>(child.internalId())].parent;
    if (parentNode < 0) return {};
    return createIndex(m_nodes[static_cast<size_t>(parentNode)].row, 0, quintptr(parentNode));
}

int OntologyModel::rowCount(const QModelIndex &parent) const {
    if (!parent.isValid()) return static_cast<int>(m_roots.size());
    if (parent.column() != 0) return 0;
    return static_cast<int>(m_nodes[static_cast<size_t>(parent.internalId())].children.size());
}

int OntologyModel::columnCount(const QModelIndex &) const {
    return ColumnCount;
}

int64_t OntologyModel::count(const ClassSummary &summary, int split) const {
    const SplitCounts &counts = summary.counts[static_cast<size_t>(split)];
    switch (m_kind) {
    case CountKind::Direct:
        return counts.direct;
    case CountKind::Exclusive:
        return counts.exclusive;
    case CountKind::Rollup:
        break;
    }
    return counts.rollup;
}

std::optional<double> OntologyModel::reratedShare(const ClassSummary &summary) const {
    int64_t rerated = 0, total = 0;
    for (const SplitCounts &counts : summary.counts) {
        const bool direct = m_kind == CountKind::Direct;
        rerated += direct ? counts.reratedDirect : counts.reratedRollup;
        total += direct ? counts.direct : counts.rollup;
    }
    if (total == 0) return std::nullopt;
    return static_cast<double>(rerated) / static_cast<double>(total);
}

QVariant OntologyModel::display(const ClassSummary &summary, int column) const {
    const QLocale locale;
    switch (column) {
    case NameColumn:
        return QString::fromStdString(summary.name);
    case EvalColumn:
    case BalancedColumn:
    case UnbalancedColumn:
        if (!m_indexed[static_cast<size_t>(column - EvalColumn)]) return QStringLiteral("—");
        return locale.toString(static_cast<qlonglong>(count(summary, column - EvalColumn)));
    case QualityColumn:
        if (!summary.quality) return QString();
        if (!summary.quality->estimate()) return tr("n/a"); // rated 0 times: the tooltip says so
        return QStringLiteral("%1%").arg(qRound(*summary.quality->estimate() * 100));
    case ReratedColumn: {
        const auto share = reratedShare(summary);
        return share ? QStringLiteral("%1%").arg(*share * 100, 0, 'f',
                                                 *share > 0 && *share < 0.01 ? 1 : 0)
                     : QString();
    }
    case ReviewedColumn: {
        const Reviewed *review = reviewed(summary);
        if (!review) return QString();
        const auto estimate = review->quality.estimate();
        const QString text =
            (estimate ? QStringLiteral("%1%").arg(qRound(*estimate * 100)) : tr("n/a")) +
            QStringLiteral(" (%1)").arg(review->judged) +
            (review->disagrees ? QStringLiteral(" ≠") : QString());
        return text;
    }
    }
    return {};
}

const OntologyModel::Reviewed *OntologyModel::reviewed(const ClassSummary &summary) const {
    const auto it = m_reviews.constFind(QString::fromStdString(summary.mid));
    return it == m_reviews.constEnd() ? nullptr : &*it;
}

// Disagreeing classes first, then by how far the reviewed estimate is from the official one.
QVariant OntologyModel::reviewedSortValue(const ClassSummary &summary) const {
    const Reviewed *review = reviewed(summary);
    if (!review) return -2.0;
    const auto mine = review->quality.estimate();
    const auto official = summary.quality ? summary.quality->estimate() : std::nullopt;
    const double gap = mine && official ? std::abs(*mine - *official) : -1.0;
    return (review->disagrees ? 2.0 : 0.0) + gap;
}

void OntologyModel::setReviews(const ReviewSummary &summary) {
    m_reviews.clear();
    for (const ClassReview &review : summary.classes) {
        Reviewed &total = m_reviews[QString::fromStdString(review.classMid)];
        total.quality.rated += review.reviewed.rated;
        total.quality.trueCount += review.reviewed.trueCount;
        total.judged += review.judged;
        total.disagrees |= review.disagrees;
        total.perSplit << tr("%1: %2 judged, %3 present, %4 not present, %5 unsure%6")
                              .arg(splitDisplayName(review.split))
                              .arg(review.judged)
                              .arg(review.present)
                              .arg(review.absent)
                              .arg(review.unsure)
                              .arg(review.disagrees ? tr(" — disagrees with the official estimate")
                                                    : QString());
    }
    emitColumnsChanged(ReviewedColumn, ReviewedColumn);
    Q_EMIT reviewsChanged();
}

QVariant OntologyModel::sortValue(const ClassSummary &summary, int column) const {
    switch (column) {
    case NameColumn:
        return QString::fromStdString(summary.name).toLower();
    case EvalColumn:
    case BalancedColumn:
    case UnbalancedColumn:
        return static_cast<qlonglong>(count(summary, column - EvalColumn));
    case QualityColumn:
        return summary.quality && summary.quality->estimate() ? *summary.quality->estimate() : -1.0;
    case ReratedColumn:
        return reratedShare(summary).value_or(-1.0);
    case ReviewedColumn:
        return reviewedSortValue(summary);
    }
    return {};
}

void OntologyModel::setIndexedSplits(const std::array<bool, kSplitCount> &indexed) {
    m_indexed = indexed;
    if (rowCount() > 0) emitColumnsChanged(EvalColumn, UnbalancedColumn);
}

QVariant OntologyModel::toolTip(const ClassSummary &summary, int column) const {
    if (column >= EvalColumn && column <= UnbalancedColumn &&
        !m_indexed[static_cast<size_t>(column - EvalColumn)])
        return tr("%1 is not indexed: its segment CSV was not in the release folder")
            .arg(splitDisplayName(static_cast<Split>(column - EvalColumn), false));
    if (column >= EvalColumn && column <= UnbalancedColumn) // the cell may show "42k"
        return tr("%1 segments in %2")
            .arg(QLocale().toString(static_cast<qlonglong>(count(summary, column - EvalColumn))),
                 splitDisplayName(static_cast<Split>(column - EvalColumn), false));
    if (column == QualityColumn && summary.quality) {
        if (!summary.quality->estimate()) return tr("Rated 0 times: no quality estimate.");
        const auto interval = *summary.quality->wilson95();
        return tr("%1/%2 rated true; 95% interval %3%-%4%")
            .arg(summary.quality->trueCount)
            .arg(summary.quality->rated)
            .arg(qRound(interval.first * 100))
            .arg(qRound(interval.second * 100));
    }
    if (column == ReviewedColumn) {
        const Reviewed *review = reviewed(summary);
        if (!review) return tr("Not reviewed yet (Review ▸ Review This Class…)");
        return review->perSplit.join(QLatin1Char('\n'));
    }
    if (column == NameColumn) {
        QStringList notes{QString::fromStdString(summary.mid)};
        if (summary.abstract) notes << tr("italic: abstract, a grouping node");
        if (summary.blacklisted) notes << tr("struck out: blacklisted, judged too ambiguous");
        if (!summary.labelIndex) notes << tr("grey: not a label in the segment CSVs");
        if (!summary.inOntology) notes << tr("not in the ontology");
        return notes.join(QLatin1Char('\n'));
    }
    return {};
}

QVariant OntologyModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid()) return {};
    const Node &node = m_nodes[static_cast<size_t>(index.internalId())];
    const ClassSummary &summary = m_classes[static_cast<size_t>(node.classId)];
    switch (role) {
    case Qt::DisplayRole:
        return display(summary, index.column());
    case Qt::ToolTipRole:
        return toolTip(summary, index.column());
    case Qt::TextAlignmentRole:
        return index.column() == NameColumn ? QVariant()
                                            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (!summary.labelIndex)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        return {};
    case Qt::FontRole:
        if (index.column() == NameColumn && (summary.abstract || summary.blacklisted)) {
            QFont font;
            font.setItalic(summary.abstract);
            font.setStrikeOut(summary.blacklisted);
            return font;
        }
        return {};
    case MidRole:
        return QString::fromStdString(summary.mid);
    case SortRole:
        return sortValue(summary, index.column());
    case IsLabelRole:
        return summary.labelIndex.has_value();
    }
    return {};
}

void OntologyModel::setShortHeaders(bool shortHeaders) {
    if (shortHeaders == m_shortHeaders) return;
    m_shortHeaders = shortHeaders;
    Q_EMIT headerDataChanged(Qt::Horizontal, EvalColumn, ReviewedColumn);
}

QVariant OntologyModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) return headerToolTip(section);
    if (role != Qt::DisplayRole) return {};
    return columnTitle(section, m_shortHeaders);
}

QString OntologyModel::columnTitle(int section, bool shortForm) {
    switch (section) {
    case NameColumn:
        return tr("Class");
    case EvalColumn:
    case BalancedColumn:
    case UnbalancedColumn: {
        const auto split = static_cast<Split>(section - EvalColumn);
        return shortForm && split == Split::BalancedTrain ? tr("Bal.") : splitColumnTitle(split);
    }
    case QualityColumn:
        return shortForm ? tr("Qual.") : tr("Quality");
    case ReratedColumn:
        return shortForm ? tr("Rer.") : tr("Rerated");
    case ReviewedColumn:
        return shortForm ? tr("Rev.") : tr("Reviewed");
    }
    return {};
}

QVariant OntologyModel::headerToolTip(int section) const {
    if (section >= EvalColumn && section <= UnbalancedColumn) {
        const QString split = splitDisplayName(static_cast<Split>(section - EvalColumn), false);
        switch (m_kind) {
        case CountKind::Direct:
            return tr("%1: segments labelled with the class").arg(split);
        case CountKind::Rollup:
            return tr("%1: segments labelled with the class or a descendant, each once").arg(split);
        case CountKind::Exclusive:
            return tr("%1: segments labelled with the class and none of its descendants")
                .arg(split);
        }
    }
    switch (section) {
    case QualityColumn:
        return tr("Quality: the share of rated segments the experts judged correctly labelled");
    case ReratedColumn:
        return tr("Rerated: the share of the class's segments whose labels were rated again");
    case ReviewedColumn:
        return tr("Reviewed: the quality your reviewers found, with the number judged");
    }
    return {};
}

} // namespace audioset::ui
