#include "ontologypanel.h"

#include "ontologyfilterproxy.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace audioset::ui {

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
    // Numbers get fixed room for "1,234,567"; the names take the rest.
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(OntologyModel::NameColumn, QHeaderView::Stretch);
    const int numberWidth =
        m_view->fontMetrics().horizontalAdvance(QStringLiteral("1,234,567")) + 12;
    const int shareWidth = m_view->fontMetrics().horizontalAdvance(QStringLiteral("Quality")) + 16;
    for (int column = OntologyModel::EvalColumn; column < OntologyModel::ColumnCount; ++column) {
        const QString title = model->headerData(column, Qt::Horizontal).toString();
        const int titleWidth = header->fontMetrics().horizontalAdvance(title) + 18;
        header->setSectionResizeMode(column, QHeaderView::Interactive);
        header->resizeSection(column, std::max(titleWidth, column <= OntologyModel::UnbalancedColumn
                                                               ? numberWidth
                                                               : shareWidth));
    }
    header->setMinimumSectionSize(40);
    // Every number column, and room for a class name: the name column stretches into what is
    // left, so a width that forgets a column leaves names as "S...".
    int numbers = 0;
    for (int column = OntologyModel::EvalColumn; column < OntologyModel::ColumnCount; ++column)
        numbers += header->sectionSize(column);
    m_view->setMinimumWidth(numbers + 100);

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

// Down (or Return) in the filter box goes on into the tree, as in a search field with results.
bool OntologyPanel::eventFilter(QObject *watched, QEvent *event) {
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
