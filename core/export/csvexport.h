#pragma once

namespace audioset {

struct ExportContext;

/// Release-format segment CSVs for the subset (with its own header statistics) and the metadata
/// files, so that `audioset index` reads the folder back.
/// Throws ExportError or Cancelled.
void writeCsvExport(ExportContext &context);

} // namespace audioset
