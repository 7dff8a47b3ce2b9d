#pragma once

#include <string>
#include <vector>

namespace audioset {

class Diagnostics;
class LineReader;

/// What the small text files of the release (label index, QA counts, rerated ids) share.

/// Opens `path`; when it cannot, reports why and returns false.
bool openOrReport(LineReader &reader, const std::string &path, Diagnostics &diagnostics);
/// Reports a read error that ended the file early. Returns false when not even the first line
/// could be read: then the file could not be read at all.
bool finishReading(const LineReader &reader, const std::string &path, Diagnostics &diagnostics);
/// A header line is recognised by its first field, so a file without one loses no data row.
bool isHeaderRow(const std::vector<std::string> &fields, const char *firstName);

} // namespace audioset
