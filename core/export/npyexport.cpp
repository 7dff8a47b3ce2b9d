#include "npyexport.h"

#include "exportcontext.h"
#include "outputfiles.h"
#include "textparse.h"

#include <algorithm>

namespace audioset {

namespace {

constexpr size_t kFrames = 10;
constexpr size_t kDims = 128;

// NumPy's .npy v1.0 header: magic, version, little-endian length, a dict padded to 64 bytes.
std::string npyHeader(const std::string &shape) {
    std::string dict = "{'descr': '|u1', 'fortran_order': False, 'shape': " + shape + ", }";
    const size_t unpadded = 10 + dict.size() + 1;
    dict.append((64 - unpadded % 64) % 64, ' ');
    dict += '\n';
    std::string header = "\x93NUMPY";
    header += '\x01';
    header += '\x00';
    header += static_cast<char>(dict.size() & 0xFF);
    header += static_cast<char>(dict.size() >> 8);
    return header + dict;
}

} // namespace

// embeddings.npy (N x 10 x 128 uint8, zero-padded), frame_counts.npy (N), labels.npy
// (N x labels, 1 where the segment has the label, columns in label-index order), index.csv and
// label_classes.csv naming rows and columns.
void writeNpyExport(ExportContext &context) {
    const auto &ids = context.plan.segmentIds;
    const size_t n = ids.size();
    std::vector<const ClassSummary *> labels;
    for (const ClassSummary &summary : context.classes)
        if (summary.id >= 0 && summary.labelIndex) labels.push_back(&summary);
    std::sort(labels.begin(), labels.end(), [](const ClassSummary *a, const ClassSummary *b) {
        return *a->labelIndex < *b->labelIndex;
    });
    std::unordered_map<std::string, size_t> column;
    std::string classesCsv = "column,label_index,mid,name\n";
    for (size_t c = 0; c < labels.size(); ++c) {
        column.emplace(labels[c]->mid, c);
        classesCsv += std::to_string(c) + ',' + std::to_string(*labels[c]->labelIndex) + ',' +
                      labels[c]->mid + ",\"" + labels[c]->name + "\"\n";
    }

    OutputFile labelFile, indexFile, classesFile;
    if (!labelFile.open(context.dir + "/labels.npy") ||
        !labelFile.write(
            npyHeader("(" + std::to_string(n) + ", " + std::to_string(labels.size()) + ")")))
        throw ExportError(labelFile.error());
    if (!indexFile.open(context.dir + "/index.csv") ||
        !indexFile.write("row,ytid,start,end,split,frames\n"))
        throw ExportError(indexFile.error());
    if (!classesFile.open(context.dir + "/label_classes.csv") || !classesFile.write(classesCsv) ||
        !classesFile.close())
        throw ExportError(classesFile.error());

    // Frames first, so that index.csv can say how many each row has.
    OutputFile embeddings;
    const std::string embeddingsHeader = npyHeader("(" + std::to_string(n) + ", 10, 128)");
    if (!embeddings.open(context.dir + "/embeddings.npy") || !embeddings.write(embeddingsHeader))
        throw ExportError(embeddings.error());
    std::vector<uint8_t> frameCounts(n, 0);
    std::string block(kFrames * kDims, '\0');
    size_t row = 0;
    int64_t records = 0;
    context.catalog.forEachRecord(ids, [&](const Catalog::RecordView &view) {
        // Rows without a record stay zero: write zeros up to this one.
        const size_t at = static_cast<size_t>(
            std::lower_bound(ids.begin(), ids.end(), view.segmentId) - ids.begin());
        std::fill(block.begin(), block.end(), '\0');
        for (; row < at; ++row)
            if (!embeddings.write(block)) throw ExportError(embeddings.error());
        const size_t frames = std::min(view.frameCount, kFrames);
        std::copy_n(reinterpret_cast<const char *>(view.frames), frames * kDims, block.begin());
        if (!embeddings.write(block)) throw ExportError(embeddings.error());
        frameCounts[at] = static_cast<uint8_t>(frames);
        row = at + 1;
        if (++records % 16384 == 0) context.tick("npy embeddings", static_cast<uint64_t>(records));
        return true;
    });
    std::fill(block.begin(), block.end(), '\0');
    for (; row < n; ++row)
        if (!embeddings.write(block)) throw ExportError(embeddings.error());
    if (!embeddings.close()) throw ExportError(embeddings.error());
    OutputFile counts;
    if (!counts.open(context.dir + "/frame_counts.npy") ||
        !counts.write(npyHeader("(" + std::to_string(n) + ",)")) ||
        !counts.write(std::string_view(reinterpret_cast<const char *>(frameCounts.data()), n)) ||
        !counts.close())
        throw ExportError(counts.error());

    std::string labelRow(labels.size(), '\0');
    size_t index = 0;
    context.catalog.forEachSegment(ids, [&](const SegmentRow &segment) {
        std::fill(labelRow.begin(), labelRow.end(), '\0');
        for (const std::string &mid : segment.labels)
            if (const auto it = column.find(mid); it != column.end()) labelRow[it->second] = 1;
        if (!labelFile.write(labelRow) ||
            !indexFile.write(std::to_string(index) + ',' + segment.ytid + ',' +
                             formatMsAsSeconds(segment.startMs) + ',' +
                             formatMsAsSeconds(segment.endMs) + ',' +
                             std::string(splitName(segment.split)) + ',' +
                             std::to_string(frameCounts[index]) + '\n'))
            throw ExportError(labelFile.error().empty() ? indexFile.error() : labelFile.error());
        if (++index % 65536 == 0) context.tick("npy labels", index);
        return true;
    });
    if (!labelFile.close()) throw ExportError(labelFile.error());
    if (!indexFile.close()) throw ExportError(indexFile.error());
    context.records = records;
    context.withoutRecord = static_cast<int64_t>(n) - records;
}

} // namespace audioset
