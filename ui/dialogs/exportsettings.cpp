#include "exportsettings.h"

#include <QSettings>
#include <QVariant>
#include <algorithm>

namespace audioset::ui {

namespace {
const QString kSelection = QStringLiteral("export/lastSelection");
const QString kFormats = QStringLiteral("export/formats");
const QString kShards = QStringLiteral("export/tfrecordShards");
const QString kFolder = QStringLiteral("export/folder");
const QString kAudioFiles = QStringLiteral("export/audioFiles");
} // namespace

ExportSettings ExportSettings::load() {
    QSettings stored;
    ExportSettings settings;
    SubsetSelection selection;
    if (stored.contains(kSelection) &&
        SubsetSelection::fromJson(stored.value(kSelection).toString().toStdString(), selection)
            .isOk())
        settings.selection = selection;
    for (const QVariant &format : stored.value(kFormats).toList())
        settings.formats << format.toInt();
    settings.shards = stored.value(kShards, 0).toInt();
    settings.folder = stored.value(kFolder).toString();
    settings.audioFiles = std::clamp(stored.value(kAudioFiles, 0).toInt(), 0, 2);
    return settings;
}

void ExportSettings::save() const {
    QSettings stored;
    if (selection) stored.setValue(kSelection, QString::fromStdString(selection->toJson()));
    QVariantList formatList;
    for (int format : formats)
        formatList << format;
    stored.setValue(kFormats, formatList);
    stored.setValue(kShards, shards);
    stored.setValue(kFolder, folder);
    stored.setValue(kAudioFiles, audioFiles);
}

} // namespace audioset::ui
