#pragma once

#include "subsetselection.h"

#include <QWidget>
#include <vector>

class QListWidget;

namespace audioset::ui {

class OntologyModel;

/// A list of class rules for an export (a class, ticked: with its descendants) with a Remove
/// button. Delete removes the current class too, but only while the list has the focus: one
/// window-wide Delete for two lists is ambiguous to Qt and did nothing.
class ClassRuleList : public QWidget {
    Q_OBJECT
public:
    ClassRuleList(OntologyModel *ontology, const QString &toolTip, QWidget *parent = nullptr);

    /// Adds `mid` unless it is listed already or not a class.
    void add(const QString &mid, bool withDescendants);
    void clear();
    std::vector<ClassRule> rules() const;
    QListWidget *list() const { return m_list; }

Q_SIGNALS:
    void changed();

private:
    void removeCurrent();

    OntologyModel *m_ontology;
    QListWidget *m_list;
};

} // namespace audioset::ui
