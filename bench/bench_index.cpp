// Indexing benchmark at the full unbalanced scale (2,042,985 segments, ~6.6 M labels), with the
// rows sorted by id (as the release writes them) and the same rows shuffled.
// Baseline, in the same run: the sqlite3 shell's raw .import of the unbalanced CSV alone.
// Targets: all three splits indexed in <= 0.5x that time when sorted, <= 1.0x when shuffled and
// within 1.3x of the sorted time; an unchanged release re-indexed in < 100 ms; peak RSS under
// 300 MB; a class's counts under 5 ms, the first 100 rollup segments of Music in
// unbalanced_train under 20 ms, a page at offset 900,000 under 50 ms (both indexes).
#include "benchsupport.h"

#include "catalog.h"
#include "demogenerator.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

using namespace audioset;
using namespace audioset::bench;

namespace {

struct Options {
    std::string dataDir; // reuse a generated folder instead of generating one
    int64_t segments = 2'042'985;
    int rounds = 3;
};

Options parseOptions(int argc, char **argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--data" && i + 1 < argc)
            options.dataDir = argv[++i];
        else if (arg == "--segments" && i + 1 < argc)
            options.segments = std::atoll(argv[++i]);
        else if (arg == "--rounds" && i + 1 < argc)
            options.rounds = std::max(1, std::atoi(argv[++i]));
        else {
            std::fprintf(stderr, "usage: bench_index [--data DIR] [--segments N] [--rounds N]\n");
            std::exit(2);
        }
    }
    return options;
}

void printQueryRow(const char *what, double ms, double targetMs) {
    std::printf("  %-44s %9.3f ms   target < %5.1f ms  %s\n", what, ms, targetMs,
                verdict(ms < targetMs));
}

void benchmarkQueries(const std::string &dbPath) {
    std::string error;
    auto catalog = Catalog::open(dbPath, error);
    if (!catalog) {
        std::printf("cannot open the index: %s\n", error.c_str());
        return;
    }
    const auto music = catalog->classes("Music");
    if (music.empty()) {
        std::printf("no class named Music\n");
        return;
    }
    const std::string mid = music.front().mid;
    std::printf("\nQueries (median of repeated runs, Music = %s):\n", mid.c_str());
    printQueryRow("class counts (classInfo)", medianMs(50, [&] { catalog->classInfo(mid); }), 5);
    SegmentQuery query;
    query.classMid = mid;
    query.rollup = true;
    query.split = Split::UnbalancedTrain;
    query.limit = 100;
    int64_t total = 0;
    printQueryRow("first 100 rollup segments of Music (unbal.)",
                  medianMs(20, [&] { total = catalog->segments(query).total; }), 20);
    query.offset = 900'000;
    size_t rows = 0;
    printQueryRow("100 rows at offset 900,000",
                  medianMs(20, [&] { rows = catalog->segments(query).rows.size(); }), 50);
    std::printf("  (Music has %lld rollup segments in unbalanced_train; the page held %zu rows)\n",
                static_cast<long long>(total), rows);
}

} // namespace

struct Timings {
    double best = 1e9;
    long peakRssKb = 0;
    void add(const ChildRun &run) {
        best = std::min(best, run.seconds);
        peakRssKb = std::max(peakRssKb, run.peakRssKb);
    }
};

int main(int argc, char **argv) {
    const Options options = parseOptions(argc, argv);
    const std::string work = makeTempDir("audioset-bench");
    std::string data = options.dataDir;
    if (data.empty()) {
        data = work + "/release";
        // This benchmark is about the metadata: no features.
        if (!generateDemoData(data, options.segments, false)) return 1;
    }
    // The same rows in random order, as a user's own CSV or a merged subset may have them.
    const std::string shuffled = work + "/shuffled";
    if (!generateDemoData(shuffled, options.segments, false, true)) return 1;
    const std::string csv = data + "/unbalanced_train_segments.csv";
    const std::string script = work + "/import.sql";
    std::ofstream(script) << "CREATE TABLE raw(ytid, start_seconds, end_seconds, labels);\n"
                          << ".import --csv --skip 3 " << csv << " raw\n";

    Timings baseline, sorted, mixed, unchanged;
    const std::string ourDb = work + "/index.db";
    const std::string mixedDb = work + "/shuffled.db";
    for (int round = 0; round < options.rounds; ++round) {
        const std::string baselineDb = work + "/baseline.db";
        const ChildRun import = runChild({"sqlite3", baselineDb}, script);
        std::remove(baselineDb.c_str());
        std::remove(ourDb.c_str());
        std::remove(mixedDb.c_str());
        const ChildRun inOrder = runChild({AUDIOSET_CLI_PATH, "index", data, "--db", ourDb});
        const ChildRun outOfOrder =
            runChild({AUDIOSET_CLI_PATH, "index", shuffled, "--db", mixedDb});
        const ChildRun again = runChild({AUDIOSET_CLI_PATH, "index", data, "--db", ourDb});
        if (import.exitCode != 0 || inOrder.exitCode != 0 || outOfOrder.exitCode != 0 ||
            again.exitCode != 0) {
            std::fprintf(stderr, "a run failed (sqlite3 exit %d, audioset exits %d %d %d)\n",
                         import.exitCode, inOrder.exitCode, outOfOrder.exitCode, again.exitCode);
            return 1;
        }
        std::printf("round %d: sqlite3 .import %.2f s; audioset index: sorted rows %.2f s "
                    "(peak RSS %.0f MB), shuffled rows %.2f s (%.0f MB), unchanged %.3f s\n",
                    round + 1, import.seconds, inOrder.seconds, inOrder.peakRssKb / 1024.0,
                    outOfOrder.seconds, outOfOrder.peakRssKb / 1024.0, again.seconds);
        baseline.add(import);
        sorted.add(inOrder);
        mixed.add(outOfOrder);
        unchanged.add(again);
    }
    const double sortedRatio = sorted.best / baseline.best;
    const double mixedRatio = mixed.best / baseline.best;
    const double orderCost = mixed.best / sorted.best;
    const long peakRss = std::max(sorted.peakRssKb, mixed.peakRssKb);
    std::printf("\nIndexing all three splits (best of %d):\n", options.rounds);
    std::printf("  baseline: sqlite3 .import of the unbalanced CSV  %7.2f s\n", baseline.best);
    std::printf("  rows sorted by id (as the release)               %7.2f s   ratio %.2f   "
                "target <= 0.50  %s\n",
                sorted.best, sortedRatio, verdict(sortedRatio <= 0.5));
    std::printf("  the same rows shuffled                           %7.2f s   ratio %.2f   "
                "target <= 1.00  %s\n",
                mixed.best, mixedRatio, verdict(mixedRatio <= 1.0));
    std::printf("  shuffled / sorted                                %7.2f     "
                "             target <= 1.30  %s\n",
                orderCost, verdict(orderCost <= 1.3));
    std::printf("  unchanged release indexed again                  %7.3f s              "
                "target < 0.100 s  %s\n",
                unchanged.best, verdict(unchanged.best < 0.1));
    std::printf("  peak RSS %.0f MB (sorted %.0f, shuffled %.0f)   target < 300 MB  %s\n",
                peakRss / 1024.0, sorted.peakRssKb / 1024.0, mixed.peakRssKb / 1024.0,
                verdict(peakRss < 300 * 1024));

    benchmarkQueries(ourDb);
    benchmarkQueries(mixedDb);
    removeTree(work);
    return 0;
}
