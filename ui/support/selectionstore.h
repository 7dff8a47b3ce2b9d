#pragma once

#include "subsetselection.h"

#include <QStringList>
#include <optional>

namespace audioset::ui {

/// Named subset selections, kept in the user's settings as JSON.
class SelectionStore {
public:
    QStringList names() const;
    void save(const QString &name, const SubsetSelection &selection);
    std::optional<SubsetSelection> load(const QString &name) const;
    void remove(const QString &name);
};

} // namespace audioset::ui
