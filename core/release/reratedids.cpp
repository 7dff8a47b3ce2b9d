#include "reratedids.h"

#include "diagnostics.h"
#include "linereader.h"
#include "releasetext.h"
#include "reratedset.h"
#include "textparse.h"
#include "youtubeid.h"

namespace audioset {

bool loadReratedIds(const std::string &path, ReratedSet &out, Diagnostics &diagnostics) {
    LineReader reader;
    if (!openOrReport(reader, path, diagnostics)) return false;
    std::string_view line;
    while (reader.next(line)) {
        const std::string_view id = trimSpaces(line);
        if (id.empty()) continue;
        if (!isValidYoutubeId(id)) {
            diagnostics.report(
                ProblemKind::BadReratedId, path, reader.lineNumber(),
                "'" + std::string(id).substr(0, 40) +
                    "' is not a YouTube id (expected 11 characters of A-Z a-z 0-9 _ -)");
            continue;
        }
        out.add(id);
    }
    out.finish();
    return finishReading(reader, path, diagnostics);
}

} // namespace audioset
