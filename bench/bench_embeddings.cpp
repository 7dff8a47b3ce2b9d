// Embedding indexing benchmark: a synthetic features.tar.gz in the release's folder layout
// (default 200,000 unbalanced segments plus eval and balanced_train at release proportions).
// Baseline, in the same run: `gzip -dc features.tar.gz > /dev/null`, and ISA-L's `igzip -dc`
// for reference when it is installed. Targets: index time / gzip time <= 0.6 (inflating with
// ISA-L on one core while the records are parsed and stored on the other), peak RSS under
// 400 MB, one segment's frames read in under 1 ms. `--segments 2042985` makes the release-size
// archive (2.4 GB), which must hold the same ratio.
#include "benchsupport.h"

#include "catalog.h"
#include "demogenerator.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

using namespace audioset;
using namespace audioset::bench;

namespace {

bool copyFile(const std::string &from, const std::string &to) {
    std::ifstream in(from, std::ios::binary);
    std::ofstream out(to, std::ios::binary);
    out << in.rdbuf();
    return static_cast<bool>(out);
}

void benchmarkFrameReads(const std::string &dbPath) {
    std::string error;
    auto catalog = Catalog::open(dbPath, error);
    if (!catalog) {
        std::printf("cannot open the index: %s\n", error.c_str());
        return;
    }
    std::vector<int64_t> ids;
    catalog->forEachEmbedding([&](int64_t id, Split, const uint8_t *, size_t) {
        ids.push_back(id);
        return true;
    });
    if (ids.empty()) {
        std::printf("no embeddings to read\n");
        return;
    }
    std::mt19937_64 rng(1);
    size_t frames = 0;
    const double ms =
        medianMs(1000, [&] { frames += catalog->embedding(ids[rng() % ids.size()])->frameCount; });
    std::printf("\nReading one segment's frames (median of 1000 random segments): %.3f ms   "
                "target < 1 ms  %s\n",
                ms, verdict(ms < 1.0));
}

} // namespace

int main(int argc, char **argv) {
    std::string data;
    int64_t segments = 200'000;
    int rounds = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--data" && i + 1 < argc)
            data = argv[++i];
        else if (arg == "--segments" && i + 1 < argc)
            segments = std::atoll(argv[++i]);
        else if (arg == "--rounds" && i + 1 < argc)
            rounds = std::max(1, std::atoi(argv[++i]));
        else {
            std::fprintf(stderr,
                         "usage: bench_embeddings [--data DIR] [--segments N] [--rounds N]\n");
            return 2;
        }
    }
    const std::string work = makeTempDir("audioset-bench-emb");
    if (data.empty()) {
        data = work + "/release";
        if (!generateDemoData(data, segments, true)) return 1;
    }
    const std::string archive = data + "/features.tar.gz";
    // The segments are indexed once beforehand, so the timed runs do the embeddings only.
    const std::string base = work + "/metadata.db";
    if (runChild({AUDIOSET_CLI_PATH, "index", data, "--db", base, "--features", work + "/none"})
            .exitCode != 0) {
        std::fprintf(stderr, "indexing the metadata failed\n");
        return 1;
    }
    const bool haveIgzip = runChild({"igzip", "--version"}).exitCode == 0;
    double bestGzip = 1e9, bestIgzip = 1e9, bestIndex = 1e9, leastIndexCpu = 1e9;
    long peakRss = 0;
    const std::string db = work + "/index.db";
    for (int round = 0; round < rounds; ++round) {
        const ChildRun gzip = runChild({"gzip", "-dc", archive});
        if (haveIgzip) bestIgzip = std::min(bestIgzip, runChild({"igzip", "-dc", archive}).seconds);
        std::remove(db.c_str());
        copyFile(base, db);
        const ChildRun index = runChild({AUDIOSET_CLI_PATH, "index", data, "--db", db});
        if (gzip.exitCode != 0 || index.exitCode != 0) {
            std::fprintf(stderr, "a run failed (gzip exit %d, audioset exit %d)\n", gzip.exitCode,
                         index.exitCode);
            return 1;
        }
        std::printf("round %d: gzip -dc %.2f s, audioset index (embeddings) %.2f s (CPU %.2f s on "
                    "all threads, peak RSS %.0f MB)\n",
                    round + 1, gzip.seconds, index.seconds, index.cpuSeconds,
                    index.peakRssKb / 1024.0);
        bestGzip = std::min(bestGzip, gzip.seconds);
        bestIndex = std::min(bestIndex, index.seconds);
        leastIndexCpu = std::min(leastIndexCpu, index.cpuSeconds);
        std::fflush(stdout); // each round shows as it ends, also when stdout is a file
        peakRss = std::max(peakRss, index.peakRssKb);
    }
    const double ratio = bestIndex / bestGzip;
    std::printf("\nIndexing the embeddings (best of %d):\n", rounds);
    std::printf("  baseline: gzip -dc features.tar.gz > /dev/null   %7.2f s\n", bestGzip);
    if (haveIgzip)
        std::printf("  for reference: igzip -dc (ISA-L alone)          %7.2f s  (%.2f x gzip)\n",
                    bestIgzip, bestIgzip / bestGzip);
    std::printf("  audioset index (inflate, CRCs, parse, match, store) %7.2f s\n", bestIndex);
    std::printf("  ratio %.2f   target <= 0.60  %s\n", ratio, verdict(ratio <= 0.6));
    // The target in ISA-L's terms differs by CPU (igzip/gzip was 0.47 on one test machine,
    // 0.50-0.55 on another): this says how much the rest adds to inflating alone.
    if (haveIgzip)
        std::printf("  audioset index / igzip -dc %.2f  (the target here: <= %.2f)\n",
                    bestIndex / bestIgzip, 0.6 * bestGzip / bestIgzip);
    std::printf(
        "  least CPU of an index run (all threads)        %7.2f s  (for comparing builds)\n",
        leastIndexCpu);
    std::printf("  peak RSS %.0f MB   target < 400 MB  %s\n", peakRss / 1024.0,
                verdict(peakRss < 400 * 1024));
    benchmarkFrameReads(db);
    removeTree(work);
    return 0;
}
