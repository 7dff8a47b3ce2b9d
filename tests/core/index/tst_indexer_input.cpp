// Bad input never crashes or aborts the run: each malformed row is skipped and reported as
// FILE:LINE: what was wrong, unknown labels are kept, and the rest is indexed.
#include "catalog.h"
#include "diagnostics.h"
#include "fixturewriter.h"
#include "indexer.h"

#include <QFileInfo>
#include <QTest>
#include <zlib.h>

using namespace audioset;
using audioset::test::FixtureWriter;
using audioset::test::hasProblem;
using audioset::test::segmentRow;

namespace {

IndexReport index(const FixtureWriter &fixture, Diagnostics &diagnostics, bool strict = false) {
    IndexOptions options =
        test::indexOptions(fixture.dir().toStdString(), fixture.dbPath().toStdString(), strict);
    return indexRelease(options, diagnostics, {});
}

std::unique_ptr<Catalog> open(const FixtureWriter &fixture) {
    std::string error;
    auto catalog = Catalog::open(fixture.dbPath().toStdString(), error);
    if (!catalog) qWarning("%s", error.c_str());
    return catalog;
}

} // namespace

class TestIndexerInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void malformedRowsAreSkippedWithLocation() {
        FixtureWriter fixture;
        fixture.writeOntology();
        fixture.writeLabelIndex();
        fixture.writeSegments(
            QStringLiteral("eval_segments.csv"),
            {segmentRow(QStringLiteral("aaaaaaaaaa1"), QStringLiteral("0.000"),
                        QStringLiteral("10.000"), QStringLiteral("/m/d")),
             QStringLiteral("aaaaaaaaaa2, 0.000, 10.000"), // line 5
             segmentRow(QStringLiteral("bad-id"), QStringLiteral("0.000"), QStringLiteral("10.000"),
                        QStringLiteral("/m/d")), // 6
             segmentRow(QStringLiteral("aaaaaaaaaa3"), QStringLiteral("x"),
                        QStringLiteral("10.000"), QStringLiteral("/m/d")), // 7
             segmentRow(QStringLiteral("aaaaaaaaaa4"), QStringLiteral("20.000"),
                        QStringLiteral("10.000"), QStringLiteral("/m/d")), // 8
             segmentRow(QStringLiteral("aaaaaaaaaa1"), QStringLiteral("0.000"),
                        QStringLiteral("10.000"), QStringLiteral("/m/e")), // 9 duplicate
             segmentRow(QStringLiteral("aaaaaaaaaa5"), QStringLiteral("0.000"),
                        QStringLiteral("10.000"), QStringLiteral("/m/zzz,/m/d")), // 10 unknown
             segmentRow(QStringLiteral("aaaaaaaaaa1"), QStringLiteral("30.000"),
                        QStringLiteral("40.000"),
                        QStringLiteral("/m/e")),                  // 11 same video, other segment
             QStringLiteral("aaaaaaaaaa6, 0.000, 10.000, \"\"")}, // 12
            2);
        Diagnostics diagnostics;
        const IndexReport report = index(fixture, diagnostics);
        QVERIFY(report.indexed());
        QCOMPARE(report.segments[0], int64_t(3));

        const QString csv = fixture.path(QStringLiteral("eval_segments.csv"));
        QVERIFY(hasProblem(diagnostics, csv + QStringLiteral(":5: expected 4 fields")));
        QVERIFY(hasProblem(diagnostics, csv + QStringLiteral(":6: 'bad-id' is not a YouTube id")));
        QVERIFY(
            hasProblem(diagnostics, csv + QStringLiteral(":7: start_seconds 'x' is not a number")));
        QVERIFY(hasProblem(diagnostics,
                           csv + QStringLiteral(":8: end 10.000 is not after start 20.000")));
        QVERIFY(
            hasProblem(diagnostics,
                       csv + QStringLiteral(":9: a second row for segment aaaaaaaaaa1 at 0.000")));
        QVERIFY(hasProblem(diagnostics,
                           csv + QStringLiteral(":10: label /m/zzz is not in the ontology")));
        QVERIFY(hasProblem(diagnostics, csv + QStringLiteral(":12: the label list is empty")));
        QCOMPARE(diagnostics.count(ProblemKind::DuplicateSegment), uint64_t(1));
        QCOMPARE(diagnostics.count(ProblemKind::UnknownLabel), uint64_t(1));

        auto catalog = open(fixture);
        QVERIFY(catalog);
        const IndexStats stats = catalog->stats();
        QCOMPARE(stats.segments[0].value(), int64_t(3));
        QCOMPARE(stats.skippedRows[0], int64_t(6));
        QCOMPARE(stats.unknownClasses, int64_t(1));
        // The header claimed 2 segments; the rows hold 3 (in 2 distinct videos).
        bool segsMismatch = false;
        for (const HeaderMismatch &mismatch : stats.headerMismatches)
            segsMismatch |=
                mismatch.field == "num_segs" && mismatch.header == 2 && mismatch.actual == 3;
        QVERIFY(segsMismatch);
        // The unknown label is a class of its own, and its segment is kept.
        const auto unknown = catalog->classInfo("/m/zzz");
        QVERIFY(unknown);
        QVERIFY(!unknown->inOntology);
        QCOMPARE(unknown->counts[0].direct, int64_t(1));
        SegmentQuery query;
        query.classMid = "/m/zzz";
        QCOMPARE(catalog->segments(query).rows.at(0).ytid, std::string("aaaaaaaaaa5"));
    }

    void onlyTwentyProblemsInDetail() {
        FixtureWriter fixture;
        QStringList rows;
        for (int i = 0; i < 50; ++i)
            rows << QStringLiteral("bad id %1, 0.000, 10.000, \"/m/a\"").arg(i);
        fixture.writeSegments(QStringLiteral("eval_segments.csv"), rows);
        Diagnostics diagnostics;
        QVERIFY(index(fixture, diagnostics).indexed());
        QCOMPARE(diagnostics.count(ProblemKind::BadYoutubeId), uint64_t(50));
        int inDetail = 0;
        for (const Problem &problem : diagnostics.detailed())
            inDetail += problem.kind == ProblemKind::BadYoutubeId;
        QCOMPARE(inDetail, int(Diagnostics::kDetailedLimit));
        QVERIFY(diagnostics.suppressed() > 0);
    }

    void qualityFile() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        fixture.writeFile(QStringLiteral("qa_true_counts.csv"),
                          "label_id,num_rated,num_true\n/m/a,10,9\n/m/b,0,0\n2,4,1\n/m/d,3,5\n"
                          "/m/nothere,1,1\n/m/e,x,1\n");
        Diagnostics diagnostics;
        QVERIFY(index(fixture, diagnostics).indexed());
        const QString qa = fixture.path(QStringLiteral("qa_true_counts.csv"));
        QVERIFY(hasProblem(diagnostics, qa + QStringLiteral(":5: num_true 5 exceeds num_rated 3")));
        QVERIFY(hasProblem(diagnostics, qa + QStringLiteral(":6: label_id '/m/nothere'")));
        QVERIFY(hasProblem(
            diagnostics,
            qa + QStringLiteral(":7: num_rated 'x' and num_true '1': expected two whole numbers")));
        auto catalog = open(fixture);
        const auto a = catalog->classInfo("/m/a");
        QCOMPARE(a->quality->trueCount, int64_t(9));
        // Rated 0 times: no estimate, never 0%.
        const auto b = catalog->classInfo("/m/b");
        QVERIFY(b->quality);
        QVERIFY(!b->quality->estimate());
        // An integer label_id is a label index: 2 is /m/c.
        QCOMPARE(catalog->classInfo("/m/c")->quality->rated, int64_t(4));
        QVERIFY(!catalog->classInfo("/m/e")->quality);
    }

    // Issue 9: an ontology that cannot be read at all fails the run instead of indexing an
    // index without classes.
    void brokenOntologyFailsTheRun() {
        FixtureWriter fixture;
        fixture.writeFile(QStringLiteral("ontology.json"),
                          "[\n{\"id\": \"/m/a\",\n \"name\": }\n]");
        fixture.writeSegments(QStringLiteral("eval_segments.csv"),
                              {segmentRow(QStringLiteral("aaaaaaaaaa1"), QStringLiteral("0"),
                                          QStringLiteral("10"), QStringLiteral("/m/a"))});
        Diagnostics diagnostics;
        const IndexReport report = index(fixture, diagnostics);
        QVERIFY(report.outcome.isFailed());
        QVERIFY(QString::fromStdString(report.outcome.message)
                    .contains(QStringLiteral("cannot be read")));
        QVERIFY(hasProblem(diagnostics, fixture.path(QStringLiteral("ontology.json")) +
                                            QStringLiteral(":3: invalid JSON")));
        QVERIFY(!QFileInfo::exists(fixture.dbPath())); // a failed first run leaves no file
    }

    void badMetadataRows() {
        FixtureWriter fixture;
        fixture.writeOntology();
        fixture.writeFile(
            QStringLiteral("class_labels_indices.csv"),
            "index,mid,display_name\n0,/m/a,\"Alpha\"\nx,/m/b,\"Beta\"\n0,/m/c,\"Gamma\"\n"
            "3,/m/d\n4,/m/e,\"Unclosed\n");
        fixture.writeFile(QStringLiteral("rerated_video_ids.txt"), "aaaaaaaaaa1\nnot an id\n\n");
        fixture.writeSegments(QStringLiteral("eval_segments.csv"),
                              {segmentRow(QStringLiteral("aaaaaaaaaa1"), QStringLiteral("0"),
                                          QStringLiteral("10"), QStringLiteral("/m/a"))});
        Diagnostics diagnostics;
        QVERIFY(index(fixture, diagnostics).indexed());
        const QString labels = fixture.path(QStringLiteral("class_labels_indices.csv"));
        QVERIFY(hasProblem(diagnostics,
                           labels + QStringLiteral(":3: index 'x' is not a whole number")));
        QVERIFY(hasProblem(diagnostics,
                           labels + QStringLiteral(":4: index 0 was already given on line 2")));
        QVERIFY(hasProblem(diagnostics, labels + QStringLiteral(":5: expected 3 fields")));
        QVERIFY(
            hasProblem(diagnostics, labels + QStringLiteral(":6: a quoted field is not closed")));
        QVERIFY(hasProblem(diagnostics, fixture.path(QStringLiteral("rerated_video_ids.txt")) +
                                            QStringLiteral(":2: 'not an id' is not a YouTube id")));
        auto catalog = open(fixture);
        QCOMPARE(catalog->stats().labelClasses, int64_t(1));
        QCOMPARE(catalog->stats().reratedSegments[0], int64_t(1));
    }

    void gzipAndLineEndings() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        QFile::remove(fixture.path(QStringLiteral("eval_segments.csv")));
        QVERIFY(test::writeGzip(
            fixture.path(QStringLiteral("eval_segments.csv.gz")),
            "# Segments csv created x\r\n# num_ytids=2, num_segs=2, num_unique_labels=2, "
            "num_positive_labels=2\r\n# YTID, start_seconds, end_seconds, positive_labels\r\n"
            "aaaaaaaaaa1, 0.000, 10.000, \"/m/a\"\r\naaaaaaaaaa2, 0.000, 10.000, \"/m/b\""));
        Diagnostics diagnostics;
        QVERIFY(index(fixture, diagnostics).indexed());
        QCOMPARE(diagnostics.seriousTotal(), uint64_t(0));
        auto catalog = open(fixture);
        QCOMPARE(catalog->stats().segments[0].value(), int64_t(2));
        QVERIFY(catalog->stats().headerMismatches.empty());
    }

    void truncatedGzipKeepsTheRowsBefore() {
        FixtureWriter fixture;
        fixture.writeOntology();
        QByteArray content = "# num_ytids=3000, num_segs=3000\n";
        for (int i = 0; i < 3000; ++i)
            content += QStringLiteral("a%1, 0.000, 10.000, \"/m/a\"\n")
                           .arg(i, 10, 10, QLatin1Char('0'))
                           .toUtf8();
        const QString gz = fixture.path(QStringLiteral("eval_segments.csv.gz"));
        QVERIFY(test::writeGzip(gz, content));
        QFile file(gz);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(file.size() / 2));
        file.close();
        Diagnostics diagnostics;
        QVERIFY(index(fixture, diagnostics).indexed());
        QCOMPARE(diagnostics.count(ProblemKind::TruncatedInput), uint64_t(1));
        QVERIFY(hasProblem(diagnostics, QStringLiteral("compressed stream ends early")));
        const auto segments = open(fixture)->stats().segments[0].value();
        QVERIFY2(segments > 100 && segments < 3000, qPrintable(QString::number(segments)));
    }
};

QTEST_GUILESS_MAIN(TestIndexerInput)
#include "tst_indexer_input.moc"
