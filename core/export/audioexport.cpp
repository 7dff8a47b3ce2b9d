#include "audioexport.h"

#include "exportcontext.h"
#include "outputfiles.h"
#include "textparse.h"

#include <filesystem>
#include <set>
#include <system_error>
#include <unordered_map>

namespace audioset {

namespace fs = std::filesystem;

void writeAudioExport(ExportContext &context, ExportOptions::AudioFiles mode) {
    if (mode == ExportOptions::AudioFiles::None) return;
    const auto files = context.catalog.audioFilesOf(context.plan.segmentIds);
    std::unordered_map<uint32_t, const std::string *> fileOf;
    std::vector<uint32_t> ids;
    for (const auto &[id, path] : files) {
        fileOf.emplace(id, &path);
        ids.push_back(id);
    }
    std::string listing = "ytid,start_seconds,split,file\n";
    std::set<std::string> written;
    uint64_t done = 0;
    context.catalog.forEachSegment(ids, [&](const SegmentRow &row) {
        const fs::path source = *fileOf.at(static_cast<uint32_t>(row.id));
        const std::string relative =
            "audio/" + std::string(splitName(row.split)) + "/" + source.filename().string();
        const fs::path target = fs::path(context.dir) / relative;
        std::error_code error;
        if (written.insert(relative).second) {
            fs::create_directories(target.parent_path(), error);
            if (mode == ExportOptions::AudioFiles::Copy)
                fs::copy_file(source, target, fs::copy_options::overwrite_existing, error);
            else
                fs::create_symlink(fs::absolute(source), target, error);
            if (error)
                throw ExportError(
                    "cannot " +
                    std::string(mode == ExportOptions::AudioFiles::Copy ? "copy " : "link ") +
                    source.string() + " to " + target.string() + ": " + error.message());
            ++context.audioFiles;
        }
        listing += row.ytid + "," + formatMsAsSeconds(row.startMs) + "," +
                   std::string(splitName(row.split)) + "," + relative + "\n";
        context.tick("audio files", ++done);
        return true;
    });
    OutputFile csv;
    if (!csv.open(context.dir + "/audio/files.csv") || !csv.write(listing) || !csv.close())
        throw ExportError(csv.error());
}

} // namespace audioset
