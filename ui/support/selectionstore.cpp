#include "selectionstore.h"

#include <QSettings>

namespace audioset::ui {

namespace {
const QString kGroup = QStringLiteral("selections");
}

QStringList SelectionStore::names() const {
    QSettings settings;
    settings.beginGroup(kGroup);
    QStringList names = settings.childKeys();
    names.sort(Qt::CaseInsensitive);
    return names;
}

void SelectionStore::save(const QString &name, const SubsetSelection &selection) {
    QSettings settings;
    settings.beginGroup(kGroup);
    settings.setValue(name, QString::fromStdString(selection.toJson()));
}

std::optional<SubsetSelection> SelectionStore::load(const QString &name) const {
    QSettings settings;
    settings.beginGroup(kGroup);
    if (!settings.contains(name)) return std::nullopt;
    SubsetSelection selection;
    if (!SubsetSelection::fromJson(settings.value(name).toString().toStdString(), selection).isOk())
        return std::nullopt;
    return selection;
}

void SelectionStore::remove(const QString &name) {
    QSettings settings;
    settings.beginGroup(kGroup);
    settings.remove(name);
}

} // namespace audioset::ui
