#pragma once

namespace audioset {

struct ExportContext;

/// One JSON object a segment (segments.jsonl).
/// Throws ExportError or Cancelled.
void writeJsonLinesExport(ExportContext &context);

} // namespace audioset
