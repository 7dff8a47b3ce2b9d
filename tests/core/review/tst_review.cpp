// Label review: reproducible samples, verdicts with their history in the index file, consensus,
// agreement and the exports, each against hand-computed figures.
#include "catalog.h"
#include "clirunner.h"
#include "fixturewriter.h"
#include "indexer.h"
#include "localreviewstore.h"
#include "reviewexport.h"
#include "reviewsample.h"
#include "reviewstats.h"
#include "textparse.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <cmath>
#include <csignal>
#include <set>
#include <sqlite3.h>

using namespace audioset;
using audioset::test::FixtureWriter;
using audioset::test::segmentRow;

namespace {

// Twelve eval segments of /m/d (three also /m/a), indexed.
void writeRelease(FixtureWriter &fixture) {
    fixture.writeOntology();
    fixture.writeLabelIndex();
    QStringList rows;
    for (int i = 0; i < 12; ++i)
        rows << segmentRow(QStringLiteral("rev%1").arg(i, 8, 10, QLatin1Char('0')),
                           QStringLiteral("%1.000").arg(i * 10),
                           QStringLiteral("%1.000").arg(i * 10 + 10),
                           i < 3 ? QStringLiteral("/m/a,/m/d") : QStringLiteral("/m/d"));
    fixture.writeSegments(QStringLiteral("eval_segments.csv"), rows);
    fixture.writeFile(QStringLiteral("qa_true_counts.csv"),
                      "label_id,num_rated,num_true\n/m/d,10,10\n/m/a,10,9\n");
    Diagnostics diagnostics;
    QVERIFY(indexRelease(
                test::indexOptions(fixture.dir().toStdString(), fixture.dbPath().toStdString()),
                diagnostics, {})
                .indexed());
}

std::unique_ptr<Catalog> openCatalog(const FixtureWriter &fixture) {
    std::string error;
    auto catalog = Catalog::open(fixture.dbPath().toStdString(), error);
    if (!catalog) qWarning("%s", error.c_str());
    return catalog;
}

std::unique_ptr<LocalReviewStore> openStore(const FixtureWriter &fixture, const char *reviewer) {
    std::string error;
    auto store = LocalReviewStore::open(fixture.dbPath().toStdString(), reviewer, error);
    if (!store) qWarning("%s", error.c_str());
    return store;
}

VerdictRecord verdictOn(const SegmentRow &row, const char *mid, Verdict verdict, int64_t at) {
    VerdictRecord record;
    record.label = {row.split, row.ytid, row.startMs, mid};
    record.verdict = verdict;
    record.givenAtMs = at;
    return record;
}

VerdictRecord byReviewer(const char *reviewer, int segment, Verdict verdict) {
    VerdictRecord record;
    record.label = {Split::Eval, "seg" + std::to_string(segment), 0, "/m/x"};
    record.reviewer = reviewer;
    record.verdict = verdict;
    return record;
}

} // namespace

class TestReview : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sampleIsReproducibleForASeed() {
        FixtureWriter fixture;
        writeRelease(fixture);
        auto catalog = openCatalog(fixture);
        ReviewSampleSpec spec{"/m/d", Split::Eval, false, 5, 42};
        std::vector<SegmentRow> first, again, other, all;
        QVERIFY(sampleForReview(*catalog, spec, first).isOk());
        QVERIFY(sampleForReview(*catalog, spec, again).isOk());
        QCOMPARE(first.size(), size_t(5));
        for (size_t i = 0; i < first.size(); ++i)
            QCOMPARE(first[i].ytid, again[i].ytid);
        spec.seed = 43;
        QVERIFY(sampleForReview(*catalog, spec, other).isOk());
        bool sameOrder = true;
        for (size_t i = 0; i < first.size(); ++i)
            sameOrder &= first[i].ytid == other[i].ytid;
        QVERIFY(!sameOrder);
        // A sample larger than the class holds every segment once.
        spec.size = 100;
        QVERIFY(sampleForReview(*catalog, spec, all).isOk());
        QCOMPARE(all.size(), size_t(12));
        std::set<std::string> distinct;
        for (const SegmentRow &row : all)
            distinct.insert(row.ytid);
        QCOMPARE(distinct.size(), size_t(12));
        // With descendants: /m/a's rollup holds /m/d's segments.
        ReviewSampleSpec rollup{"/m/a", Split::Eval, true, 100, 1};
        QVERIFY(sampleForReview(*catalog, rollup, all).isOk());
        QCOMPARE(all.size(), size_t(12));
        ReviewSampleSpec unknown{"/m/nope", Split::Eval, false, 10, 1};
        QVERIFY(sampleForReview(*catalog, unknown, all).isFailed());
    }

    void verdictsKeepTheirHistoryAndSurviveReindexing() {
        FixtureWriter fixture;
        writeRelease(fixture);
        auto catalog = openCatalog(fixture);
        std::vector<SegmentRow> sample;
        QVERIFY(sampleForReview(*catalog, {"/m/d", Split::Eval, false, 3, 1}, sample).isOk());
        auto store = openStore(fixture, "ann");
        QVERIFY(store->add(verdictOn(sample[0], "/m/d", Verdict::Present, 1000)).isOk());
        QVERIFY(store->add(verdictOn(sample[1], "/m/d", Verdict::Present, 2000)).isOk());
        QVERIFY(store->add(verdictOn(sample[1], "/m/d", Verdict::Absent, 3000)).isOk()); // changed
        QVERIFY(store->add(verdictOn(sample[2], "/m/d", Verdict::Unsure, 4000)).isOk());
        QVERIFY(store->add(verdictOn(sample[2], "/m/d", Verdict::Cleared, 5000)).isOk()); // undo
        QCOMPARE(store->history(std::nullopt).size(), size_t(5));
        auto latest = store->latest(std::string("/m/d"));
        QCOMPARE(latest.size(), size_t(2));
        QCOMPARE(int(latest[0].verdict), int(Verdict::Present));
        QCOMPARE(int(latest[1].verdict), int(Verdict::Absent));
        QCOMPARE(latest[1].reviewer, std::string("ann"));
        QVERIFY(store->latest(std::string("/m/a")).empty());

        store.reset();
        catalog.reset();
        Diagnostics diagnostics;
        IndexOptions options =
            test::indexOptions(fixture.dir().toStdString(), fixture.dbPath().toStdString());
        options.force = true;
        QVERIFY(indexRelease(options, diagnostics, {}).indexed());
        QCOMPARE(openStore(fixture, "ann")->history(std::nullopt).size(), size_t(5));
    }

    void consensusFollowsTheMajority() {
        using V = Verdict;
        QCOMPARE(consensusOf({V::Present}), std::optional<V>(V::Present));
        QCOMPARE(consensusOf({V::Present, V::Present, V::Absent}), std::optional<V>(V::Present));
        QCOMPARE(consensusOf({V::Absent, V::Unsure}), std::optional<V>(V::Absent));
        QCOMPARE(consensusOf({V::Present, V::Absent}), std::optional<V>());            // a tie
        QCOMPARE(consensusOf({V::Unsure, V::Unsure, V::Present}), std::optional<V>()); // unsure
        QCOMPARE(consensusOf({}), std::optional<V>());
    }

    void kappaMatchesHandComputedValues() {
        using V = Verdict;
        // 20 both present, 5 present/absent, 10 absent/present, 15 both absent:
        // po = 35/50 = 0.7; pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = 0.2 / 0.5 = 0.4.
        std::vector<std::pair<V, V>> pairs;
        pairs.insert(pairs.end(), 20, {V::Present, V::Present});
        pairs.insert(pairs.end(), 5, {V::Present, V::Absent});
        pairs.insert(pairs.end(), 10, {V::Absent, V::Present});
        pairs.insert(pairs.end(), 15, {V::Absent, V::Absent});
        QVERIFY(std::abs(*cohensKappa(pairs) - 0.4) < 1e-12);
        // Perfect agreement on two categories: kappa 1; one category throughout: undefined.
        QCOMPARE(*cohensKappa({{V::Present, V::Present}, {V::Absent, V::Absent}}), 1.0);
        QVERIFY(!cohensKappa({{V::Present, V::Present}, {V::Present, V::Present}}));

        std::vector<VerdictRecord> latest;
        for (int i = 0; i < 50; ++i) {
            const auto &[a, b] = pairs[static_cast<size_t>(i)];
            latest.push_back(byReviewer("ann", i, a));
            latest.push_back(byReviewer("bob", i, b));
        }
        const ReviewSummary summary = summarizeReviews(latest, {});
        QCOMPARE(summary.agreements.size(), size_t(1));
        QCOMPARE(summary.agreements[0].common, int64_t(50));
        QCOMPARE(summary.agreements[0].percentAgreement, 70.0);
        QVERIFY(std::abs(*summary.agreements[0].kappa - 0.4) < 1e-12);
    }

    void reviewedEstimateAndDisagreement() {
        std::vector<VerdictRecord> latest;
        for (int i = 0; i < 10; ++i)
            latest.push_back(byReviewer("ann", i, i < 9 ? Verdict::Present : Verdict::Absent));
        latest.push_back(byReviewer("ann", 10, Verdict::Unsure));
        ReviewSummary summary = summarizeReviews(latest, {{"/m/x", {10, 9}}});
        QCOMPARE(summary.classes.size(), size_t(1));
        const ClassReview &review = summary.classes[0];
        QCOMPARE(review.judged, int64_t(11));
        QCOMPARE(review.present, int64_t(9));
        QCOMPARE(review.absent, int64_t(1));
        QCOMPARE(review.unsure, int64_t(1));
        // Wilson 95% for 9/10, by hand: (0.5958, 0.9821).
        const auto interval = review.reviewed.wilson95();
        QVERIFY(std::abs(interval->first - 0.5958) < 1e-4);
        QVERIFY(std::abs(interval->second - 0.9821) < 1e-4);
        QVERIFY(!review.disagrees);
        // 0 of 10 present against an official 10 of 10: the intervals do not overlap.
        latest.clear();
        for (int i = 0; i < 10; ++i)
            latest.push_back(byReviewer("ann", i, Verdict::Absent));
        summary = summarizeReviews(latest, {{"/m/x", {10, 10}}});
        QVERIFY(summary.classes[0].disagrees);
        // No official estimate: nothing to disagree with.
        summary = summarizeReviews(latest, {});
        QVERIFY(!summary.classes[0].disagrees);
    }

    // The exported QA file replaces the official one and is read back by `audioset index`.
    void qualityExportRoundTripsThroughIndex() {
        FixtureWriter fixture;
        writeRelease(fixture);
        auto catalog = openCatalog(fixture);
        std::vector<SegmentRow> sample;
        QVERIFY(sampleForReview(*catalog, {"/m/d", Split::Eval, false, 4, 3}, sample).isOk());
        auto ann = openStore(fixture, "ann");
        auto bob = openStore(fixture, "bob");
        for (size_t i = 0; i < sample.size(); ++i) {
            const Verdict verdict = i < 3 ? Verdict::Present : Verdict::Absent;
            QVERIFY(ann->add(verdictOn(sample[i], "/m/d", verdict, 10)).isOk());
            QVERIFY(bob->add(verdictOn(sample[i], "/m/d", verdict, 20)).isOk());
        }
        std::map<std::string, QualityAssessment> official;
        for (const ClassSummary &summary : catalog->classes())
            if (summary.quality) official.emplace(summary.mid, *summary.quality);
        const ReviewSummary summary = summarizeReviews(ann->latest(std::nullopt), official);
        const QString qa = fixture.path(QStringLiteral("reviewed_qa.csv"));
        QVERIFY(writeReviewedQualityCsv(summary, catalog->classes(), qa.toStdString()).isOk());
        QFile file(qa);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.startsWith("label_id,num_rated,num_true\n/m/a,0,0\n"));
        QVERIFY(text.contains("\n/m/d,4,3\n"));

        FixtureWriter reviewed;
        writeRelease(reviewed);
        QFile::remove(reviewed.path(QStringLiteral("qa_true_counts.csv")));
        QVERIFY(QFile::copy(qa, reviewed.path(QStringLiteral("qa_true_counts.csv"))));
        IndexOptions options =
            test::indexOptions(reviewed.dir().toStdString(), reviewed.dbPath().toStdString());
        options.force = true;
        Diagnostics diagnostics;
        QVERIFY(indexRelease(options, diagnostics, {}).indexed());
        QCOMPARE(diagnostics.seriousTotal(), uint64_t(0));
        const auto d = openCatalog(reviewed)->classInfo("/m/d");
        QCOMPARE(d->quality->rated, int64_t(4));
        QCOMPARE(d->quality->trueCount, int64_t(3));
        QVERIFY(!openCatalog(reviewed)->classInfo("/m/a")->quality->estimate()); // 0,0: none
    }

    // kill -9 of a writer at any moment: every verdict it reported as saved is there, and the
    // index file stays sound.
    void killedWritersLoseNoSavedVerdict() {
        FixtureWriter fixture;
        writeRelease(fixture);
        auto catalog = openCatalog(fixture);
        std::vector<SegmentRow> sample;
        QVERIFY(sampleForReview(*catalog, {"/m/d", Split::Eval, false, 1, 1}, sample).isOk());
        const SegmentRow &row = sample[0];
        const QStringList judgeArguments = {
            QStringLiteral("review"),     QStringLiteral("judge"),
            QStringLiteral("--db"),       fixture.dbPath(),
            QStringLiteral("--class"),    QStringLiteral("/m/d"),
            QStringLiteral("--split"),    QStringLiteral("eval"),
            QStringLiteral("--ytid"),     QString::fromStdString(row.ytid),
            QStringLiteral("--start"),    QString::fromStdString(formatMsAsSeconds(row.startMs)),
            QStringLiteral("--verdict"),  QStringLiteral("present"),
            QStringLiteral("--reviewer"), QStringLiteral("ann")};
        // The kill moments are spread over one undisturbed run's length, measured here, so a
        // slow machine kills as often mid-write as a fast one.
        std::set<std::string> saved;
        QElapsedTimer clock;
        clock.start();
        {
            QProcess judge;
            judge.start(QStringLiteral(AUDIOSET_CLI_PATH),
                        judgeArguments +
                            QStringList{QStringLiteral("--note"), QStringLiteral("undisturbed")});
            QVERIFY(judge.waitForFinished());
            QCOMPARE(judge.exitCode(), 0);
            saved.insert("undisturbed");
        }
        const qint64 runMs = std::max<qint64>(clock.elapsed(), 8);
        int killed = 0;
        for (int i = 0; i < 40; ++i) {
            const QString note = QStringLiteral("attempt %1").arg(i);
            QProcess judge;
            judge.start(QStringLiteral(AUDIOSET_CLI_PATH),
                        judgeArguments + QStringList{QStringLiteral("--note"), note});
            QVERIFY(judge.waitForStarted());
            QTest::qWait(int(i % 8 * runMs / 6)); // from at once to after it would have finished
            if (judge.state() != QProcess::NotRunning) {
                ::kill(static_cast<pid_t>(judge.processId()), SIGKILL);
                ++killed;
            }
            // Already reaped while the test waited, or now.
            QVERIFY(judge.state() == QProcess::NotRunning || judge.waitForFinished());
            if (judge.exitStatus() == QProcess::NormalExit && judge.exitCode() == 0)
                saved.insert(note.toStdString());
        }
        qInfo("%zu verdicts reported saved, %d writers killed, one run %lld ms", saved.size(),
              killed, static_cast<long long>(runMs));
        QVERIFY(killed > 0);
        auto store = openStore(fixture, "ann");
        std::set<std::string> stored;
        for (const VerdictRecord &record : store->history(std::nullopt))
            stored.insert(record.note);
        for (const std::string &note : saved)
            QVERIFY2(stored.count(note), note.c_str());
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(fixture.dbPath().toLocal8Bit().constData(), &db), SQLITE_OK);
        sqlite3_stmt *check = nullptr;
        sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr);
        QCOMPARE(sqlite3_step(check), SQLITE_ROW);
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(check, 0))),
                 QByteArray("ok"));
        sqlite3_finalize(check);
        sqlite3_close(db);
    }

    void commandLine() {
        FixtureWriter fixture;
        writeRelease(fixture);
        const QString db = fixture.dbPath();
        const auto sample = test::runCli({QStringLiteral("review"), QStringLiteral("sample"),
                                          QStringLiteral("--db"), db, QStringLiteral("--class"),
                                          QStringLiteral("/m/d"), QStringLiteral("--size"),
                                          QStringLiteral("3"), QStringLiteral("--json")});
        QCOMPARE(sample.exitCode, 0);
        const QJsonArray rows = sample.json().array();
        QCOMPARE(rows.size(), 3);
        const QJsonObject first = rows[0].toObject();
        auto judge = [&](const char *reviewer, const char *verdict) {
            return test::runCli(
                {QStringLiteral("review"), QStringLiteral("judge"), QStringLiteral("--db"), db,
                 QStringLiteral("--class"), QStringLiteral("/m/d"), QStringLiteral("--split"),
                 QStringLiteral("eval"), QStringLiteral("--ytid"),
                 first[QStringLiteral("ytid")].toString(), QStringLiteral("--start"),
                 QString::number(first[QStringLiteral("start")].toDouble()),
                 QStringLiteral("--verdict"), QLatin1String(verdict), QStringLiteral("--reviewer"),
                 QLatin1String(reviewer), QStringLiteral("--note"),
                 QStringLiteral("a \"quoted\", note")});
        };
        QCOMPARE(judge("ann", "present").exitCode, 0);
        QCOMPARE(judge("bob", "absent").exitCode, 0);
        QCOMPARE(judge("bob", "maybe").exitCode, 2);
        const auto stats = test::runCli({QStringLiteral("review"), QStringLiteral("stats"),
                                         QStringLiteral("--db"), db, QStringLiteral("--json")});
        QCOMPARE(stats.exitCode, 0);
        const QJsonObject json = stats.json().object();
        QCOMPARE(json[QStringLiteral("reviewers")].toArray().size(), 2);
        const QJsonObject review = json[QStringLiteral("classes")].toArray()[0].toObject();
        QCOMPARE(review[QStringLiteral("judged")].toInt(), 1);
        QCOMPARE(review[QStringLiteral("unsure")].toInt(), 1); // a tie: no consensus
        QCOMPARE(json[QStringLiteral("agreement")]
                     .toArray()[0]
                     .toObject()[QStringLiteral("common")]
                     .toInt(),
                 1);
        const QString out = fixture.path(QStringLiteral("verdicts.csv"));
        QCOMPARE(test::runCli({QStringLiteral("review"), QStringLiteral("export"),
                               QStringLiteral("--db"), db, QStringLiteral("--format"),
                               QStringLiteral("verdicts"), QStringLiteral("--out"), out})
                     .exitCode,
                 0);
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines[0], QByteArray("split,ytid,start_seconds,class,verdict,reviewer,time,note"));
        QVERIFY(lines[1].contains(",/m/d,present,ann,"));
        QVERIFY(lines[1].endsWith(",\"a \"\"quoted\"\", note\""));
        // A segment that is not in the index is refused.
        const auto missing = test::runCli(
            {QStringLiteral("review"), QStringLiteral("judge"), QStringLiteral("--db"), db,
             QStringLiteral("--class"), QStringLiteral("/m/d"), QStringLiteral("--split"),
             QStringLiteral("eval"), QStringLiteral("--ytid"), QStringLiteral("zzzzzzzzzzz"),
             QStringLiteral("--start"), QStringLiteral("0"), QStringLiteral("--verdict"),
             QStringLiteral("present")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("no eval segment zzzzzzzzzzz"));
    }
};

QTEST_GUILESS_MAIN(TestReview)
#include "tst_review.moc"
