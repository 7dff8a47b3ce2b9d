#pragma once

#include "subsetselection.h"

#include <QList>
#include <QString>
#include <optional>

namespace audioset::ui {

/// What the export dialog remembers from one opening to the next: the last selection, the
/// formats, the TFRecord sharding and the output folder.
struct ExportSettings {
    std::optional<SubsetSelection> selection;
    QList<int> formats; // indices of the ticked formats
    int shards = 0;
    QString folder;
    int audioFiles = 0; // ExportOptions::AudioFiles: none, copy, link

    static ExportSettings load();
    void save() const;
};

} // namespace audioset::ui
