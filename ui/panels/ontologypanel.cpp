#include "ontologypanel.h"

#include "compactcountdelegate.h"
#include "ontologyfilterproxy.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace audioset::ui {

namespace {
constexpr int kNameRoom = 96; // the least a class name gets beside the numbers
}

OntologyPanel::OntologyPanel(OntologyModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new OntologyFilterProxy(this))
    , m_filter(new QLineEdit(this))
    , m_kind(new QComboBox(this))
    , m_view(new QTreeView(this))
    , m_filterDelay(new QTimer(this))
    , m_empty(new QLabel(this)) {
    m_empty->setObjectName(QStringLiteral("treeEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_empty->hide();
    m_proxy->setSourceModel(model);
    m_filter->setPlaceholderText(tr("Filter classes by name or id (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_kind->addItem(tr("Direct"), static_cast<int>(CountKind::Direct));
    m_kind->addItem(tr("Rollup"), static_cast<int>(CountKind::Rollup));
    m_kind->addItem(tr("Exclusive"), static_cast<int>(CountKind::Exclusive));
    m_kind->setToolTip(
        tr("Direct: labelled with the class. Rollup: with it or any descendant, each "
           "segment once. Exclusive: with it and none of its descendants."));
    m_kind->setCurrentIndex(static_cast<int>(model->countKind()));

    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // ontology order until a header is clicked
    m_view->setUniformRowHeights(true);
    m_view->setIndentation(14);
    m_view->setAlternatingRowColors(true);
    // The names take what the numbers leave.
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(OntologyModel::NameColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(30);
    for (int column = OntologyModel::EvalColumn; column < OntologyModel::ColumnCount; ++column)
        header->setSectionResizeMode(column, QHeaderView::Interactive);
    auto *counts = new CompactCountDelegate(this);
    for (int column = OntologyModel::EvalColumn; column <= OntologyModel::UnbalancedColumn;
         ++column)
        m_view->setItemDelegateForColumn(column, counts);
    m_view->viewport()->installEventFilter(this);
    connect(model, &OntologyModel::reviewsChanged, this, [this] { refitColumns(); });
    fitColumns();

    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(150);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    m_filter->installEventFilter(this);
    connect(m_filterDelay, &QTimer::timeout, this, &OntologyPanel::applyFilter);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this](int index) {
        const auto kind = static_cast<CountKind>(m_kind->itemData(index).toInt());
        m_model->setCountKind(kind);
        Q_EMIT countKindChanged(kind);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    Q_EMIT classSelected(current.data(OntologyModel::MidRole).toString());
            });

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_filter, 1);
    controls->addWidget(new QLabel(tr("Counts:"), this));
    controls->addWidget(m_kind);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty, 1);
    // What the tree's looks mean, said once instead of only in tooltips.
    auto *legend = new QLabel(
        tr("<i>Italic</i>: abstract grouping · <span style=\"color:%1\">grey</span>: not a label "
           "in the CSVs · <s>struck out</s>: blacklisted")
            .arg(palette().color(QPalette::Disabled, QPalette::Text).name()),
        this);
    legend->setObjectName(QStringLiteral("treeLegend"));
    legend->setWordWrap(true);
    QFont small = legend->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    legend->setFont(small);
    layout->addWidget(legend);
}

void OntologyPanel::focusTree() {
    if (!m_view->currentIndex().isValid() && m_proxy->rowCount() > 0)
        m_view->setCurrentIndex(m_proxy->index(0, 0));
    m_view->setFocus(Qt::ShortcutFocusReason);
}

int OntologyPanel::columnWidth(int column, bool compact) const {
    const QFontMetrics cells = m_view->fontMetrics();
    const QFontMetrics titles = m_view->header()->fontMetrics();
    const int title = titles.horizontalAdvance(OntologyModel::columnTitle(column, compact)) + 16;
    const bool count = column <= OntologyModel::UnbalancedColumn;
    const QString widest = count ? (compact ? QStringLiteral("8.8M") : QStringLiteral("8,888,888"))
                           : column == OntologyModel::ReviewedColumn && !compact
                               ? QStringLiteral("100% (88)")
                               : QStringLiteral("100%");
    return std::max(title, cells.horizontalAdvance(widest) + 12);
}

int OntologyPanel::columnsWidth(bool compact) const {
    int width = kNameRoom;
    for (int column = OntologyModel::EvalColumn; column < OntologyModel::ColumnCount; ++column)
        if (!m_view->isColumnHidden(column)) width += columnWidth(column, compact);
    return width;
}

void OntologyPanel::restoreColumns(const QByteArray &state) {
    m_view->header()->restoreState(state);
    refitColumns();
}

void OntologyPanel::refitColumns() {
    m_compact.reset();
    fitColumns();
}

void OntologyPanel::fitColumns() {
    // Nothing reviewed yet: no empty column; the first verdicts bring it.
    m_view->setColumnHidden(OntologyModel::ReviewedColumn, !m_model->hasReviews());
    // Every column in its compact width, and room for a class name: a tree narrower than that
    // would hide a column or leave names as "S...".
    m_view->setMinimumWidth(columnsWidth(true) +
                            m_view->style()->pixelMetric(QStyle::PM_ScrollBarExtent) +
                            2 * m_view->frameWidth());
    const bool compact = m_view->viewport()->width() < columnsWidth(false);
    if (m_compact == compact) return; // keep widths the user dragged
    m_compact = compact;
    m_model->setShortHeaders(compact);
    for (int column = OntologyModel::EvalColumn; column < OntologyModel::ColumnCount; ++column)
        m_view->header()->resizeSection(column, columnWidth(column, compact));
}

// Down (or Return) in the filter box goes on into the tree, as in a search field with results.
bool OntologyPanel::eventFilter(QObject *watched, QEvent *event) {
    if (watched == m_view->viewport() && event->type() == QEvent::Resize) fitColumns();
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Return || key == Qt::Key_Enter) {
            if (m_filterDelay->isActive()) { // typed just now: filter before moving
                m_filterDelay->stop();
                applyFilter();
            }
            focusTree();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void OntologyPanel::focusFilter() {
    m_filter->setFocus();
    m_filter->selectAll();
}

void OntologyPanel::applyFilter() {
    m_proxy->setFilterText(m_filter->text());
    const QString text = m_filter->text().trimmed();
    if (text.isEmpty())
        m_view->collapseAll();
    else
        m_view->expandAll();
    const bool nothing = !text.isEmpty() && m_proxy->rowCount() == 0;
    m_view->setVisible(!nothing);
    m_empty->setVisible(nothing);
    if (!nothing) return;
    setEmptyText(tr("No class matches “%1”.").arg(text.toHtmlEscaped()));
    Q_EMIT nothingMatches(text);
}

void OntologyPanel::setEmptyText(const QString &text) {
    m_empty->setText(text);
}

void OntologyPanel::selectClass(const QString &mid) {
    if (m_view->currentIndex().data(OntologyModel::MidRole).toString() == mid) return;
    QModelIndex index = m_proxy->mapFromSource(m_model->indexOf(mid));
    if (!index.isValid() && !m_filter->text().isEmpty()) {
        m_filter->clear();
        // Applied now; the delayed one the clearing started would collapse the tree again
        // after the class below was opened and selected.
        m_filterDelay->stop();
        applyFilter();
        index = m_proxy->mapFromSource(m_model->indexOf(mid));
    }
    if (!index.isValid()) return;
    for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
        m_view->expand(parent);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void OntologyPanel::setCountKind(CountKind kind) {
    m_kind->setCurrentIndex(m_kind->findData(static_cast<int>(kind)));
}

CountKind OntologyPanel::countKind() const {
    return static_cast<CountKind>(m_kind->currentData().toInt());
}

} // namespace audioset::ui
