#include "releasetext.h"

#include "diagnostics.h"
#include "linereader.h"
#include "textparse.h"

namespace audioset {

bool openOrReport(LineReader &reader, const std::string &path, Diagnostics &diagnostics) {
    if (reader.open(path)) return true;
    diagnostics.report(ProblemKind::UnreadableFile, path, kWholeFile,
                       "cannot read: " + reader.error());
    return false;
}

bool finishReading(const LineReader &reader, const std::string &path, Diagnostics &diagnostics) {
    if (reader.error().empty()) return true;
    if (reader.lineNumber() == 0) {
        diagnostics.report(ProblemKind::UnreadableFile, path, kWholeFile,
                           "cannot read: " + reader.error());
        return false;
    }
    diagnostics.report(ProblemKind::TruncatedInput, path, reader.lineNumber() + 1,
                       reader.error() + "; the lines before were kept");
    return true;
}

bool isHeaderRow(const std::vector<std::string> &fields, const char *firstName) {
    return !fields.empty() && trimSpaces(fields[0]) == firstName;
}

} // namespace audioset
