#include "subsetexporter.h"
#include "audioexport.h"

#include "catalog.h"
#include "crc32c.h"
#include "csvexport.h"
#include "exportcontext.h"
#include "jsonlexport.h"
#include "npyexport.h"
#include "outputfiles.h"
#include "progresstracker.h"
#include "subsetselection.h"
#include "tfrecordexport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <future>
#include <sys/stat.h>
#include <unistd.h>

namespace audioset {

namespace {

QString qs(const std::string &text) {
    return QString::fromStdString(text);
}

// CRC-32C of a whole file, or nothing when it cannot be read.
std::optional<uint32_t> fileCrc(const std::string &path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return std::nullopt;
    std::string buffer(1 << 20, '\0');
    uint32_t crc = 0;
    ssize_t got;
    while ((got = ::read(fd, buffer.data(), buffer.size())) > 0)
        crc = crc32c(buffer.data(), static_cast<size_t>(got), crc);
    ::close(fd);
    if (got < 0) return std::nullopt;
    return crc;
}

// The source files the output comes from, with their CRC-32C: the metadata always, the features
// for the formats that carry embeddings. Runs on its own thread while the export writes.
QJsonArray checksumSources(const std::vector<Catalog::SourceFile> &files, bool usesFeatures) {
    QJsonArray sources;
    for (const Catalog::SourceFile &file : files) {
        if (file.stage == "features" && !usesFeatures) continue;
        QJsonObject source{{QStringLiteral("stage"), qs(file.stage)},
                           {QStringLiteral("role"), qs(file.role)},
                           {QStringLiteral("path"), qs(file.path)},
                           {QStringLiteral("size"), static_cast<qint64>(file.size)}};
        const auto crc = file.size >= 0 ? fileCrc(file.path) : std::nullopt;
        source.insert(QStringLiteral("crc32c"),
                      crc ? QJsonValue(QStringLiteral("%1").arg(*crc, 8, 16, QLatin1Char('0')))
                          : QJsonValue());
        sources.append(source);
    }
    return sources;
}

void writeManifest(ExportContext &context, const SubsetSelection &selection,
                   const ExportOptions &options, const QJsonArray &sources) {
    QJsonArray formats;
    for (ExportFormat format : options.formats)
        formats.append(qs(exportFormatName(format)));
    QJsonObject counts;
    for (Split split : kAllSplits) {
        const auto s = static_cast<size_t>(splitIndex(split));
        counts.insert(qs(std::string(splitName(split))),
                      QJsonObject{{QStringLiteral("segments"),
                                   static_cast<qint64>(context.plan.segmentsPerSplit[s])},
                                  {QStringLiteral("positive_labels"),
                                   static_cast<qint64>(context.plan.positiveLabelsPerSplit[s])}});
    }
    const QJsonObject manifest{
        {QStringLiteral("tool"), QStringLiteral("AudioSet Browser")},
        {QStringLiteral("tool_version"), qs(options.toolVersion)},
        {QStringLiteral("created"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {QStringLiteral("index"), qs(options.indexPath)},
        {QStringLiteral("selection"),
         QJsonDocument::fromJson(QByteArray::fromStdString(selection.toJson())).object()},
        {QStringLiteral("seed"), QString::number(selection.seed)},
        {QStringLiteral("formats"), formats},
        {QStringLiteral("counts"), counts},
        {QStringLiteral("expected_correct_labels"), context.plan.expectedCorrectLabels},
        {QStringLiteral("records_written"), static_cast<qint64>(context.records)},
        {QStringLiteral("segments_without_record"), static_cast<qint64>(context.withoutRecord)},
        {QStringLiteral("audio_files"), static_cast<qint64>(context.audioFiles)},
        {QStringLiteral("sources"), sources},
    };
    OutputFile file;
    if (!file.open(context.dir + "/subset.json") ||
        !file.write(QJsonDocument(manifest).toJson(QJsonDocument::Indented).toStdString()) ||
        !file.close())
        throw ExportError(file.error());
}

ExportResult failure(std::string message) {
    ExportResult result;
    result.outcome = Outcome::failed(std::move(message));
    return result;
}

} // namespace

std::string exportFormatName(ExportFormat format) {
    switch (format) {
    case ExportFormat::Csv:
        return "csv";
    case ExportFormat::TfRecord:
        return "tfrecord";
    case ExportFormat::JsonLines:
        return "jsonl";
    case ExportFormat::Npy:
        return "npy";
    }
    return {};
}

bool exportFormatFromName(const std::string &name, ExportFormat &format) {
    for (ExportFormat candidate :
         {ExportFormat::Csv, ExportFormat::TfRecord, ExportFormat::JsonLines, ExportFormat::Npy})
        if (exportFormatName(candidate) == name) {
            format = candidate;
            return true;
        }
    return false;
}

ExportResult exportSubset(Catalog &catalog, const SubsetSelection &selection,
                          const SubsetPlan &plan, const ExportOptions &options,
                          const ProgressCallback &progress) {
    if (plan.segmentIds.empty())
        return failure("the selection matches no segment; nothing was written");
    if (options.formats.empty()) return failure("no output format was chosen");
    std::string target = options.outDir;
    while (target.size() > 1 && target.back() == '/')
        target.pop_back();
    if (pathExists(target) && !options.force)
        return failure(target + " already exists; choose another folder or replace it (--force)");
    StagedFolder staging;
    if (auto error = staging.create(target); !error.empty()) return failure(error);
    const std::string &temporary = staging.path();

    ExportContext context{
        catalog, plan, temporary, {}, catalog.classes(), {}, options.tfrecordShards};
    for (const ClassSummary &summary : context.classes)
        context.classByMid.emplace(summary.mid, &summary);
    const uint64_t total = plan.segmentIds.size() * options.formats.size();
    uint64_t before = 0;
    context.tick = [&](const std::string &phase, uint64_t done) {
        if (progress && !progress(Progress{phase, before + done, total})) throw Cancelled();
    };
    bool usesFeatures = false;
    for (ExportFormat format : options.formats)
        usesFeatures |= format == ExportFormat::TfRecord || format == ExportFormat::Npy;
    // Checksumming the sources (gigabytes for the features) overlaps with writing the subset.
    std::future<QJsonArray> checksums =
        std::async(std::launch::async, checksumSources, catalog.sourceFiles(), usesFeatures);
    ExportResult result;
    try {
        for (ExportFormat format : options.formats) {
            context.tick(exportFormatName(format), 0);
            switch (format) {
            case ExportFormat::Csv:
                writeCsvExport(context);
                break;
            case ExportFormat::TfRecord:
                writeTfRecordExport(context);
                break;
            case ExportFormat::JsonLines:
                writeJsonLinesExport(context);
                break;
            case ExportFormat::Npy:
                writeNpyExport(context);
                break;
            }
            before += plan.segmentIds.size();
        }
        writeAudioExport(context, options.audioFiles);
        writeManifest(context, selection, options, checksums.get());
        context.tick("finishing", 0);
        if (auto error = syncTree(temporary); !error.empty()) throw ExportError(error);
    } catch (const Cancelled &) {
        result.outcome = Outcome::cancelled("cancelled; nothing was written");
        return result;
    } catch (const std::exception &error) {
        return failure(std::string(error.what()) + "; nothing was written");
    }
    if (auto error = staging.publish(); !error.empty()) return failure(error);
    result.segments = static_cast<int64_t>(plan.segmentIds.size());
    result.records = context.records;
    result.withoutRecord = context.withoutRecord;
    result.audioFiles = context.audioFiles;
    result.outcome =
        Outcome::ok("wrote " + std::to_string(result.segments) + " segments to " + target);
    return result;
}

} // namespace audioset
