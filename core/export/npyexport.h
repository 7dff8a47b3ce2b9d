#pragma once

namespace audioset {

struct ExportContext;

/// NumPy .npy files: embeddings N x 10 x 128 uint8, frame counts, a labels matrix, an index CSV.
/// Throws ExportError or Cancelled.
void writeNpyExport(ExportContext &context);

} // namespace audioset
