// Review latency on a 200,000-segment synthetic index: 1,000 verdicts in a row through the
// review model into the index file (target < 5 ms each, p95) and into a local PostgreSQL 15
// server the benchmark starts (< 20 ms), 200 through the command line, and the review view's
// next segment shown after a key (< 50 ms). Baselines in the same run: a bare durable SQLite
// INSERT into a scratch file; a query's round trip through the same PostgreSQL connection; and
// `audioset --version` for the command line's process start.
#include "benchsupport.h"

#include "asynccatalog.h"
#include "localreviewstore.h"
#include "postgresreviewstore.h"
#include "postgresserver.h"
#include "reviewdialog.h"
#include "reviewsession.h"
#include "sqlitedb.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <algorithm>
#include <cstdio>

using namespace audioset;
using namespace audioset::bench;
using namespace audioset::ui;

namespace {

struct Latencies {
    size_t count = 0;
    double median = 0, p95 = 0, max = 0;
};

Latencies summarize(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    if (ms.empty()) return {};
    return {ms.size(), ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.back()};
}

void report(const char *what, const Latencies &latency, double target, double baseline) {
    if (latency.count == 0) {
        std::printf("  %-44s no measurements  FAIL\n", what);
        return;
    }
    std::printf("  %-44s median %6.2f ms  p95 %6.2f ms  max %6.2f ms  (%.1fx baseline)  median < "
                "%4.0f ms  %s\n",
                what, latency.median, latency.p95, latency.max,
                baseline > 0 ? latency.median / baseline : 0.0, target,
                verdict(latency.median < target));
}

// A thousand verdicts through the review model, as the window gives them.
Latencies judgeThroughTheModel(ReviewStore &store, const ReviewSampleSpec &spec,
                               std::vector<SegmentRow> sample) {
    ReviewSession session(store, spec, std::move(sample));
    std::vector<double> ms;
    QElapsedTimer timer;
    while (session.current()) {
        timer.start();
        const Outcome outcome = session.judge(ms.size() % 3 ? Verdict::Present : Verdict::Absent);
        ms.push_back(timer.nsecsElapsed() / 1e6);
        if (!outcome.isOk()) {
            std::fprintf(stderr, "judge failed: %s\n", outcome.message.c_str());
            break;
        }
    }
    return summarize(ms);
}

// The floor of a durable write: one INSERT, synced, into a scratch SQLite file.
Latencies bareSqliteInserts(const std::string &dir) {
    Database db(dir + "/scratch.db", Database::Mode::ReadWriteCreate);
    db.exec("PRAGMA synchronous = FULL");
    db.exec(
        "CREATE TABLE t(a INTEGER, b TEXT, c INTEGER, d TEXT, e TEXT, f TEXT, g INTEGER, h TEXT)");
    std::vector<double> ms;
    QElapsedTimer timer;
    for (int i = 0; i < 1000; ++i) {
        timer.start();
        Statement insert = db.prepare("INSERT INTO t VALUES(?,?,?,?,?,?,?,?)");
        insert.bind(1, 0)
            .bind(2, "abcdefghijk")
            .bind(3, int64_t(i))
            .bind(4, "/m/04rlf")
            .bind(5, "present")
            .bind(6, "bench")
            .bind(7, int64_t(i))
            .bind(8, "");
        insert.run();
        ms.push_back(timer.nsecsElapsed() / 1e6);
    }
    return summarize(ms);
}

std::vector<SegmentRow> sampleOf(const std::string &db, const ReviewSampleSpec &spec) {
    std::string error;
    auto catalog = Catalog::open(db, error);
    std::vector<SegmentRow> sample;
    if (catalog) sampleForReview(*catalog, spec, sample);
    return sample;
}

Latencies nextSegmentAfterAKey(const std::string &db, const std::shared_ptr<ReviewStore> &store,
                               const ReviewSampleSpec &spec) {
    QString error;
    auto catalog = AsyncCatalog::open(QString::fromStdString(db), error);
    ReviewSetup setup;
    setup.spec = spec;
    setup.spec.size = 100;
    setup.spec.seed = 99;
    ReviewDialog dialog(catalog.get(), store, setup);
    QSignalSpy ready(&dialog, &ReviewDialog::ready);
    dialog.show();
    ready.wait(10000);
    QSignalSpy shown(&dialog, &ReviewDialog::segmentShown);
    shown.wait(2000);
    std::vector<double> ms;
    QElapsedTimer timer;
    for (int i = 0; i < 60 && dialog.session() && dialog.session()->current(); ++i) {
        shown.clear();
        timer.start();
        QTest::keyClick(&dialog, Qt::Key_1);
        if (!shown.wait(2000)) break;
        ms.push_back(timer.nsecsElapsed() / 1e6);
    }
    return summarize(ms);
}

} // namespace

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const std::string work = makeTempDir("audioset-bench-review");
    const std::string data = work + "/release", db = work + "/index.db";
    if (!generateDemoData(data, 200000, true) ||
        runChild({AUDIOSET_CLI_PATH, "index", data, "--db", db}).exitCode != 0) {
        std::fprintf(stderr, "could not make the index\n");
        return 1;
    }
    const ReviewSampleSpec spec{"/m/0s0czq", Split::UnbalancedTrain, true, 1000,
                                1}; // the demo's Music, with descendants
    const std::vector<SegmentRow> sample = sampleOf(db, spec);
    std::printf("Review sample: %zu segments of Music (with descendants), unbalanced_train\n\n",
                sample.size());

    const Latencies floor = bareSqliteInserts(work);
    std::string error;
    std::shared_ptr<ReviewStore> local = LocalReviewStore::open(db, "bench", error);
    if (!local) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    std::printf("Per verdict (1,000 in a row):\n");
    report("baseline: bare durable SQLite INSERT", floor, 5, 0);
    report("review model -> index file", judgeThroughTheModel(*local, spec, sample), 5,
           floor.median);

    test::PostgresServer server;
    if (server.start({QStringLiteral("bench")}, true) &&
        PostgresReviewStore::initStore(server.url(QStringLiteral("postgres")).toStdString())
            .isOk()) {
        auto shared = PostgresReviewStore::open(server.url(QStringLiteral("bench")).toStdString(),
                                                work + "/queue.tsv", error);
        if (shared) {
            // Baseline: the server's round trip, a verdict read back through the same store.
            std::vector<double> reads;
            QElapsedTimer timer;
            for (int i = 0; i < 200; ++i) {
                timer.start();
                shared->latest(std::string("/m/none"));
                reads.push_back(timer.nsecsElapsed() / 1e6);
            }
            const Latencies roundTrip = summarize(reads);
            report("baseline: a query's round trip to PostgreSQL", roundTrip, 20, 0);
            report("review model -> local PostgreSQL 15",
                   judgeThroughTheModel(*shared, spec, sample), 20, roundTrip.median);
        }
    } else {
        std::printf("  (PostgreSQL: %s; skipped)\n", qPrintable(server.error()));
    }

    std::vector<double> starts, cli;
    for (int i = 0; i < 50; ++i)
        starts.push_back(runChild({AUDIOSET_CLI_PATH, "--version"}).seconds * 1000);
    for (int i = 0; i < 200 && i < static_cast<int>(sample.size()); ++i) {
        const SegmentRow &row = sample[static_cast<size_t>(i)];
        char start[32];
        std::snprintf(start, sizeof start, "%.3f", static_cast<double>(row.startMs) / 1000.0);
        cli.push_back(runChild({AUDIOSET_CLI_PATH, "review", "judge", "--db", db, "--class",
                                "/m/0s0czq", "--split", "unbalanced_train", "--ytid", row.ytid,
                                "--start", start, "--verdict", "unsure", "--reviewer", "cli"})
                          .seconds *
                      1000);
    }
    const Latencies processStart = summarize(starts);
    report("baseline: audioset --version (process start)", processStart, 1000, 0);
    report("audioset review judge (200 in a row)", summarize(cli), 1000, processStart.median);

    std::printf("\nThe review view, next segment shown after a key (60 keys):\n");
    report("key 1 -> next segment and its embedding", nextSegmentAfterAKey(db, local, spec), 50, 0);
    removeTree(work);
    return 0;
}
