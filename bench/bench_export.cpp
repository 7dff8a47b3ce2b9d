// Export benchmark: all of Music+ from unbalanced_train, to CSV and to TFRecord, at full scale
// by default (2,042,985 generated segments with features; --segments N for a smaller run, or
// --db FILE for an existing index). Targets: CSV at least 500,000 segments/s; TFRecord bounded by
// disk write speed, measured in the same run by writing and syncing as many bytes to a file.
#include "benchsupport.h"

#include "catalog.h"
#include "subsetexporter.h"
#include "subsetplanner.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace audioset;
using namespace audioset::bench;

namespace {

double seconds(const std::chrono::steady_clock::time_point &start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

uint64_t treeBytes(const std::string &dir) {
    std::string command = "du -sb '" + dir + "' 2>/dev/null";
    FILE *pipe = ::popen(command.c_str(), "r");
    unsigned long long bytes = 0;
    if (pipe) {
        if (std::fscanf(pipe, "%llu", &bytes) != 1) bytes = 0;
        ::pclose(pipe);
    }
    return bytes;
}

// The baseline: write `bytes` in 1 MiB blocks and fsync, as the export's files are.
double diskWriteSeconds(const std::string &path, uint64_t bytes) {
    std::string block(1 << 20, 'x');
    const auto start = std::chrono::steady_clock::now();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    for (uint64_t written = 0; written < bytes; written += block.size())
        if (::write(fd, block.data(), block.size()) < 0) break;
    ::fsync(fd);
    ::close(fd);
    const double elapsed = seconds(start);
    ::unlink(path.c_str());
    return elapsed;
}

} // namespace

int main(int argc, char **argv) {
    std::string db;
    std::string segments = "2042985";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--db")
            db = argv[i + 1];
        else if (arg == "--segments")
            segments = argv[i + 1];
    }
    const std::string work = makeTempDir("audioset-bench-export");
    if (db.empty()) {
        std::printf(
            "Generating and indexing %s synthetic unbalanced segments with features (slow) ...\n",
            segments.c_str());
        db = makeDemoIndex(work, std::atoll(segments.c_str()));
        if (db.empty()) return 1;
    }
    std::string error;
    auto catalog = Catalog::open(db, error);
    if (!catalog) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    const auto music = catalog->classes("Music");
    SubsetSelection selection;
    selection.include = {ClassRule{music.front().mid, true}};
    selection.splits = {Split::UnbalancedTrain};
    auto start = std::chrono::steady_clock::now();
    SubsetPlan plan;
    planSubset(*catalog, selection, plan);
    const double planSeconds = seconds(start);
    const double count = static_cast<double>(plan.segmentIds.size());
    std::printf("\nMusic+ in unbalanced_train: %.0f segments (planned in %.2f s)\n", count,
                planSeconds);

    ExportOptions options;
    options.toolVersion = "bench";
    options.formats = {ExportFormat::Csv};
    options.outDir = work + "/csv";
    start = std::chrono::steady_clock::now();
    ExportResult csv = exportSubset(*catalog, selection, plan, options, {});
    const double csvSeconds = seconds(start);
    options.formats = {ExportFormat::TfRecord};
    options.outDir = work + "/tfrecord";
    start = std::chrono::steady_clock::now();
    ExportResult tfrecord = exportSubset(*catalog, selection, plan, options, {});
    const double tfSeconds = seconds(start);
    if (!csv.outcome.isOk() || !tfrecord.outcome.isOk()) {
        std::fprintf(stderr, "export failed: %s %s\n", csv.outcome.message.c_str(),
                     tfrecord.outcome.message.c_str());
        return 1;
    }
    const uint64_t tfBytes = treeBytes(options.outDir);
    options.tfrecordShards = 16;
    options.outDir = work + "/tfrecord16";
    start = std::chrono::steady_clock::now();
    const ExportResult sharded = exportSubset(*catalog, selection, plan, options, {});
    const double shardedSeconds = seconds(start);
    const double diskSeconds = diskWriteSeconds(work + "/disk-baseline.bin", tfBytes);
    std::printf("  CSV      %7.2f s  %9.0f segments/s   target >= 500,000/s  %s\n", csvSeconds,
                count / csvSeconds, verdict(count / csvSeconds >= 500000));
    std::printf("  TFRecord, release layout %6.2f s  %9.0f records/s  %4.0f MB/s (one file per id "
                "prefix)\n",
                tfSeconds, static_cast<double>(tfrecord.records) / tfSeconds,
                tfBytes / 1e6 / tfSeconds);
    std::printf("  TFRecord, 16 shards      %6.2f s  %9.0f records/s  %4.0f MB/s%s\n",
                shardedSeconds, static_cast<double>(sharded.records) / shardedSeconds,
                tfBytes / 1e6 / shardedSeconds, sharded.outcome.isOk() ? "" : " (failed)");
    std::printf(
        "  baseline: writing and syncing the same %.0f MB to one file: %.2f s (%.0f MB/s)\n",
        tfBytes / 1e6, diskSeconds, tfBytes / 1e6 / diskSeconds);
    std::printf("  ratio to the baseline: %.2f with 16 shards, %.2f in the release layout\n",
                shardedSeconds / diskSeconds, tfSeconds / diskSeconds);
    removeTree(work);
    return 0;
}
