#pragma once

namespace audioset {

struct ExportContext;

/// The original SequenceExample bytes, framed with both CRCs, sharded like the release or into
/// ExportContext::tfrecordShards files.
/// Throws ExportError or Cancelled.
void writeTfRecordExport(ExportContext &context);

} // namespace audioset
