#include "releaseinputs.h"

#include <sys/stat.h>

namespace audioset {

namespace {
std::string joinPath(const std::string &dir, const std::string &name) {
    if (dir.empty() || dir.back() == '/') return dir + name;
    return dir + '/' + name;
}

// The plain file wins over its gzip-compressed twin when both are there.
InputFile findCsv(const std::string &role, const std::string &dataDir, const std::string &stem) {
    InputFile plain = fingerprintFile(role, joinPath(dataDir, stem + ".csv"));
    if (plain.present) return plain;
    InputFile compressed = fingerprintFile(role, joinPath(dataDir, stem + ".csv.gz"));
    return compressed.present ? compressed : plain;
}
} // namespace

InputFile fingerprintFile(const std::string &role, const std::string &path) {
    InputFile file;
    file.role = role;
    file.path = path;
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
        file.present = true;
        file.size = static_cast<uint64_t>(info.st_size);
        file.mtimeNs =
            static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    }
    return file;
}

ReleaseInputs discoverReleaseInputs(const std::string &dataDir) {
    ReleaseInputs inputs;
    inputs.ontology = fingerprintFile("ontology", joinPath(dataDir, "ontology.json"));
    inputs.labelIndex = findCsv("label_index", dataDir, "class_labels_indices");
    inputs.quality = findCsv("quality", dataDir, "qa_true_counts");
    inputs.rerated = fingerprintFile("rerated", joinPath(dataDir, "rerated_video_ids.txt"));
    for (Split split : kAllSplits)
        inputs.segments[splitIndex(split)] = findCsv("segments:" + std::string(splitName(split)),
                                                     dataDir, std::string(splitCsvStem(split)));
    return inputs;
}

std::vector<const InputFile *> ReleaseInputs::all() const {
    std::vector<const InputFile *> files{&ontology, &labelIndex, &quality, &rerated};
    for (const InputFile &file : segments)
        files.push_back(&file);
    return files;
}

bool ReleaseInputs::anyPresent() const {
    for (const InputFile *file : all())
        if (file->present) return true;
    return false;
}

uint64_t ReleaseInputs::totalBytes() const {
    uint64_t total = 0;
    for (const InputFile *file : all())
        total += file->size;
    return total;
}

} // namespace audioset
