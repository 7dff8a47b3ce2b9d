#include "classrulelist.h"

#include "ontologymodel.h"

#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace audioset::ui {

ClassRuleList::ClassRuleList(OntologyModel *ontology, const QString &toolTip, QWidget *parent)
    : QWidget(parent)
    , m_ontology(ontology)
    , m_list(new QListWidget(this)) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_list->setToolTip(toolTip);
    m_list->setMaximumHeight(110);
    connect(m_list, &QListWidget::itemChanged, this, &ClassRuleList::changed);
    auto *shortcut = new QShortcut(QKeySequence::Delete, m_list);
    shortcut->setContext(Qt::WidgetShortcut);
    connect(shortcut, &QShortcut::activated, this, &ClassRuleList::removeCurrent);
    auto *remove = new QPushButton(tr("Remove"), this);
    remove->setEnabled(false);
    connect(m_list, &QListWidget::currentItemChanged, remove,
            [remove](QListWidgetItem *current) { remove->setEnabled(current != nullptr); });
    connect(remove, &QPushButton::clicked, this, &ClassRuleList::removeCurrent);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(remove);
    buttons->addStretch(1);
    layout->addLayout(buttons);
}

void ClassRuleList::add(const QString &mid, bool withDescendants) {
    if (!m_ontology->summary(mid)) return;
    for (int row = 0; row < m_list->count(); ++row)
        if (m_list->item(row)->data(Qt::UserRole).toString() == mid) return;
    auto *item =
        new QListWidgetItem(QStringLiteral("%1 (%2)").arg(m_ontology->nameOf(mid), mid), m_list);
    item->setData(Qt::UserRole, mid);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(withDescendants ? Qt::Checked : Qt::Unchecked);
    Q_EMIT changed();
}

void ClassRuleList::clear() {
    m_list->clear();
    Q_EMIT changed();
}

std::vector<ClassRule> ClassRuleList::rules() const {
    std::vector<ClassRule> rules;
    for (int row = 0; row < m_list->count(); ++row) {
        const QListWidgetItem *item = m_list->item(row);
        rules.push_back(
            {item->data(Qt::UserRole).toString().toStdString(), item->checkState() == Qt::Checked});
    }
    return rules;
}

void ClassRuleList::removeCurrent() {
    if (!m_list->currentItem()) return;
    delete m_list->currentItem();
    Q_EMIT changed();
}

} // namespace audioset::ui
