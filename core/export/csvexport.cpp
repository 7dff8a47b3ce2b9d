#include "csvexport.h"

#include "exportcontext.h"
#include "outputfiles.h"
#include "packedytid.h"
#include "textparse.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <set>
#include <unordered_set>

namespace audioset {

namespace {

void writeFile(const std::string &path, std::string_view text) {
    OutputFile file;
    if (!file.open(path) || !file.write(text) || !file.close()) throw ExportError(file.error());
}

std::string quoted(const std::string &text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

// The subset's metadata files, so that `audioset index` reads the folder like a release.
void writeMetadata(ExportContext &context, const std::set<std::string> &reratedIds) {
    std::vector<const ClassSummary *> labels;
    for (const ClassSummary &summary : context.classes)
        if (summary.id >= 0 && summary.labelIndex) labels.push_back(&summary);
    std::sort(labels.begin(), labels.end(), [](const ClassSummary *a, const ClassSummary *b) {
        return *a->labelIndex < *b->labelIndex;
    });
    std::string index = "index,mid,display_name\n", quality = "label_id,num_rated,num_true\n";
    for (const ClassSummary *label : labels) {
        index += std::to_string(*label->labelIndex) + ',' + label->mid + ',' + quoted(label->name) +
                 '\n';
        if (label->quality)
            quality += label->mid + ',' + std::to_string(label->quality->rated) + ',' +
                       std::to_string(label->quality->trueCount) + '\n';
    }
    writeFile(context.dir + "/class_labels_indices.csv", index);
    writeFile(context.dir + "/qa_true_counts.csv", quality);
    std::string rerated;
    for (const std::string &id : reratedIds)
        rerated += id + '\n';
    writeFile(context.dir + "/rerated_video_ids.txt", rerated);

    // The ontology, rebuilt from the index in its release shape.
    QJsonArray entries;
    for (const ClassSummary &summary : context.classes) {
        if (summary.id < 0 || !summary.inOntology) continue;
        const auto info = context.catalog.classInfo(summary.mid);
        QJsonArray children, restrictions, examples;
        for (const std::string &child : info->children)
            children.append(QString::fromStdString(child));
        for (const std::string &example : info->positiveExamples)
            examples.append(QString::fromStdString(example));
        if (info->abstract) restrictions.append(QStringLiteral("abstract"));
        if (info->blacklisted) restrictions.append(QStringLiteral("blacklist"));
        entries.append(
            QJsonObject{{QStringLiteral("id"), QString::fromStdString(info->mid)},
                        {QStringLiteral("name"), QString::fromStdString(info->name)},
                        {QStringLiteral("description"), QString::fromStdString(info->description)},
                        {QStringLiteral("citation_uri"), QString::fromStdString(info->citationUri)},
                        {QStringLiteral("positive_examples"), examples},
                        {QStringLiteral("child_ids"), children},
                        {QStringLiteral("restrictions"), restrictions}});
    }
    writeFile(context.dir + "/ontology.json",
              QJsonDocument(entries).toJson(QJsonDocument::Indented).toStdString());
}

} // namespace

// One CSV per split in the release's exact format; the header's statistics are those of the
// subset (so the rows are buffered per split until the header can be written).
void writeCsvExport(ExportContext &context) {
    struct SplitText {
        std::string rows;
        std::vector<PackedYtid> ytids;
        bool ytidsSorted = true; // as the release writes them: distinct ids are then just changes
        std::unordered_set<std::string> labels;
        int64_t segments = 0, positives = 0;
    };
    std::array<SplitText, kSplitCount> splits;
    std::set<std::string> reratedIds;
    uint64_t done = 0;
    context.catalog.forEachSegment(context.plan.segmentIds, [&](const SegmentRow &row) {
        SplitText &out = splits[static_cast<size_t>(splitIndex(row.split))];
        out.rows.append(row.ytid).append(", ");
        appendMsAsSeconds(out.rows, row.startMs);
        out.rows.append(", ");
        appendMsAsSeconds(out.rows, row.endMs);
        out.rows.append(", \"");
        for (size_t i = 0; i < row.labels.size(); ++i) {
            if (i) out.rows += ',';
            out.rows += row.labels[i];
            out.labels.insert(row.labels[i]);
        }
        out.rows += "\"\n";
        const PackedYtid ytid = PackedYtid::pack(row.ytid);
        if (!out.ytids.empty() && ytid < out.ytids.back()) out.ytidsSorted = false;
        if (out.ytids.empty() || !(ytid == out.ytids.back())) out.ytids.push_back(ytid);
        ++out.segments;
        out.positives += static_cast<int64_t>(row.labels.size());
        if (row.rerated) reratedIds.insert(row.ytid);
        if (++done % 65536 == 0) context.tick("csv", done);
        return true;
    });
    for (Split split : kAllSplits) {
        SplitText &out = splits[static_cast<size_t>(splitIndex(split))];
        if (out.segments == 0) continue;
        if (!out.ytidsSorted) std::sort(out.ytids.begin(), out.ytids.end());
        const auto distinct = std::unique(out.ytids.begin(), out.ytids.end()) - out.ytids.begin();
        const std::string header =
            "# Segments csv created by AudioSet Browser (subset)\n# num_ytids=" +
            std::to_string(distinct) + ", num_segs=" + std::to_string(out.segments) +
            ", num_unique_labels=" + std::to_string(out.labels.size()) +
            ", num_positive_labels=" + std::to_string(out.positives) +
            "\n# YTID, start_seconds, end_seconds, positive_labels\n";
        OutputFile file;
        const std::string path = context.dir + '/' + std::string(splitCsvStem(split)) + ".csv";
        if (!file.open(path) || !file.write(header) || !file.write(out.rows) || !file.close())
            throw ExportError(file.error());
        std::string().swap(out.rows);
    }
    writeMetadata(context, reratedIds);
}

} // namespace audioset
