#pragma once

#include "subsetexporter.h"

namespace audioset {

struct ExportContext;

/// The subset's local audio files into audio/<split>/ under their own names, copied or as
/// symbolic links, with audio/files.csv saying which file is which segment's. A file two
/// segments share (a whole video) is written once. Throws ExportError or Cancelled.
void writeAudioExport(ExportContext &context, ExportOptions::AudioFiles mode);

} // namespace audioset
