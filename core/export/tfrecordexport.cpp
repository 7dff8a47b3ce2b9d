#include "tfrecordexport.h"

#include "exportcontext.h"
#include "outputfiles.h"
#include "tfrecord.h"

#include <memory>
#include <vector>

namespace audioset {

// The original SequenceExample records, byte for byte, with fresh framing and CRCs: sharded like
// the release (split folder, first two characters of the id) or round-robin into N shards.
void writeTfRecordExport(ExportContext &context) {
    const std::string root = context.dir + "/audioset_v1_embeddings";
    std::vector<std::unique_ptr<OutputFile>> shards;
    if (context.tfrecordShards > 0) {
        if (auto error = makeDirectories(root); !error.empty()) throw ExportError(error);
        for (int i = 0; i < context.tfrecordShards; ++i) {
            char name[64];
            std::snprintf(name, sizeof name, "/part-%05d-of-%05d.tfrecord", i,
                          context.tfrecordShards);
            shards.push_back(std::make_unique<OutputFile>());
            if (!shards.back()->open(root + name)) throw ExportError(shards.back()->error());
        }
    }
    OutputFile current;
    std::string currentPath;
    std::string currentFolder;
    std::string framed;
    int64_t written = 0;
    context.catalog.forEachRecord(context.plan.segmentIds, [&](const Catalog::RecordView &view) {
        framed.clear();
        appendTfRecord(framed, *view.record);
        OutputFile *target = nullptr;
        if (!shards.empty()) {
            target = shards[static_cast<size_t>(written % context.tfrecordShards)].get();
        } else {
            const std::string folder = root + '/' + std::string(splitFeatureFolder(view.split));
            const std::string path =
                folder + '/' + std::string(view.ytid.substr(0, 2)) + ".tfrecord";
            if (path != currentPath) {
                if (current.isOpen() && !current.close()) throw ExportError(current.error());
                if (folder != currentFolder) {
                    if (auto error = makeDirectories(folder); !error.empty())
                        throw ExportError(error);
                    currentFolder = folder;
                }
                // Append: an unsorted split may come back to a shard it already wrote.
                if (!current.open(path, true)) throw ExportError(current.error());
                currentPath = path;
            }
            target = &current;
        }
        if (!target->write(framed)) throw ExportError(target->error());
        if (++written % 16384 == 0) context.tick("tfrecord", static_cast<uint64_t>(written));
        return true;
    });
    if (current.isOpen() && !current.close()) throw ExportError(current.error());
    for (auto &shard : shards)
        if (!shard->close()) throw ExportError(shard->error());
    context.records = written;
    context.withoutRecord = static_cast<int64_t>(context.plan.segmentIds.size()) - written;
}

} // namespace audioset
