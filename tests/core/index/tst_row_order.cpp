// The index does not depend on the order of a segment CSV's rows: the release's sorted files,
// the same rows shuffled, and files whose order breaks late all give the same tables, and
// every problem is reported once, with its line.
#include "clirunner.h"
#include "diagnostics.h"
#include "fixturewriter.h"
#include "indexer.h"
#include "packedytid.h"
#include "splitrowbuffer.h"

#include <QFile>
#include <QTest>
#include <algorithm>
#include <random>
#include <sqlite3.h>

using namespace audioset;
using audioset::test::FixtureWriter;
using audioset::test::segmentRow;

namespace {

// Every row of the tables that hold what was indexed, as text, in primary-key order.
QStringList tableDump(const QString &dbPath) {
    sqlite3 *db = nullptr;
    QStringList dump;
    if (sqlite3_open_v2(dbPath.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) !=
        SQLITE_OK) {
        sqlite3_close(db);
        return {QStringLiteral("cannot open ") + dbPath};
    }
    const char *queries[] = {
        "SELECT * FROM segments ORDER BY id",
        "SELECT * FROM classes ORDER BY id",
        "SELECT * FROM class_edges ORDER BY parent_id, child_id",
        "SELECT * FROM class_counts ORDER BY class_id, split",
        "SELECT class_id, split, rollup, count, hex(segment_ids) FROM class_postings "
        "ORDER BY class_id, split, rollup",
        "SELECT * FROM cooccurrence ORDER BY split, class_id",
        "SELECT * FROM quality ORDER BY 1",
        "SELECT split, created_line, first_segment_id, segment_count, skipped_rows, rows_ytids, "
        "rows_unique_labels, rows_positive_labels, rerated_segments, header_ytids, header_segs "
        "FROM split_files ORDER BY split",
    };
    for (const char *query : queries) {
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(db, query, -1, &statement, nullptr) != SQLITE_OK) {
            dump << QStringLiteral("bad query: ") + QString::fromUtf8(query);
            continue;
        }
        while (sqlite3_step(statement) == SQLITE_ROW) {
            QStringList fields;
            for (int c = 0; c < sqlite3_column_count(statement); ++c)
                fields << QString::fromUtf8(
                    reinterpret_cast<const char *>(sqlite3_column_text(statement, c)));
            dump << fields.join(QLatin1Char('|'));
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return dump;
}

int64_t sortedFlag(const QString &dbPath, int split) {
    sqlite3 *db = nullptr;
    sqlite3_open_v2(dbPath.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *statement = nullptr;
    int64_t flag = -1;
    const QByteArray query =
        "SELECT sorted_by_ytid FROM split_files WHERE split = " + QByteArray::number(split);
    if (sqlite3_prepare_v2(db, query.constData(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW)
        flag = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return flag;
}

QByteArray readAll(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The file's header lines first, then its rows in a random order; with `crlf`, CRLF endings
// and a byte-order mark.
QByteArray shuffled(const QByteArray &csv, unsigned seed, bool crlf) {
    QList<QByteArray> header, rows;
    for (const QByteArray &line : csv.split('\n')) {
        if (line.isEmpty()) continue;
        (line.startsWith('#') ? header : rows) << line;
    }
    std::mt19937 random(seed);
    std::shuffle(rows.begin(), rows.end(), random);
    const QByteArray end = crlf ? "\r\n" : "\n";
    QByteArray out = crlf ? QByteArray("\xEF\xBB\xBF") : QByteArray();
    for (const QList<QByteArray> &part : {header, rows})
        for (const QByteArray &line : part)
            out += line + end;
    return out;
}

IndexReport index(const QString &dir, const QString &db, Diagnostics &diagnostics) {
    return indexRelease(test::indexOptions(dir.toStdString(), db.toStdString()), diagnostics, {});
}

} // namespace

class TestRowOrder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void realFilesShuffledGiveTheSameIndex() {
        const QString data = test::realDataDir();
        if (data.isEmpty()) QFAIL("../shared/data/audioset is not beside the checkout");
        FixtureWriter sorted, mixed;
        for (const char *name : {"ontology.json", "class_labels_indices.csv", "qa_true_counts.csv",
                                 "rerated_video_ids.txt"}) {
            const QByteArray content = readAll(data + QLatin1Char('/') + QLatin1String(name));
            QVERIFY(!content.isEmpty());
            sorted.writeFile(QLatin1String(name), content);
            mixed.writeFile(QLatin1String(name), content);
        }
        unsigned seed = 1;
        for (const char *name : {"eval_segments.csv", "balanced_train_segments.csv"}) {
            const QByteArray content = readAll(data + QLatin1Char('/') + QLatin1String(name));
            QVERIFY(!content.isEmpty());
            sorted.writeFile(QLatin1String(name), content);
            mixed.writeFile(QLatin1String(name), shuffled(content, seed, seed == 2));
            ++seed;
        }
        Diagnostics sortedProblems, mixedProblems;
        QVERIFY(index(sorted.dir(), sorted.dbPath(), sortedProblems).indexed());
        QVERIFY(index(mixed.dir(), mixed.dbPath(), mixedProblems).indexed());

        const QStringList expected = tableDump(sorted.dbPath());
        const QStringList actual = tableDump(mixed.dbPath());
        QVERIFY(expected.size() > 40000);
        QCOMPARE(actual.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i)
            if (actual[i] != expected[i])
                QFAIL(qPrintable(QStringLiteral("row %1 differs:\n  sorted:   %2\n  shuffled: %3")
                                     .arg(i)
                                     .arg(expected[i], actual[i])));
        QCOMPARE(mixedProblems.detailed().size(), sortedProblems.detailed().size());
        QCOMPARE(mixedProblems.seriousTotal(), sortedProblems.seriousTotal());
        QCOMPARE(sortedFlag(sorted.dbPath(), splitIndex(Split::Eval)), int64_t(1));
        QCOMPARE(sortedFlag(mixed.dbPath(), splitIndex(Split::Eval)), int64_t(0));
    }

    void orderBreakingLateReportsEachProblemOnce() {
        // Rows 4-8 are in order (with a bad row and a duplicate among them); line 9 breaks it.
        const QStringList rows = {
            segmentRow(QStringLiteral("aaaaaaaaaa1"), QStringLiteral("0.000"),
                       QStringLiteral("10.000"), QStringLiteral("/m/d")), // line 4
            QStringLiteral("aaaaaaaaaa2, x, 10.000, \"/m/d\""),           // 5: bad number
            segmentRow(QStringLiteral("aaaaaaaaaa3"), QStringLiteral("0.000"),
                       QStringLiteral("10.000"), QStringLiteral("/m/zz")), // 6: unknown label
            segmentRow(QStringLiteral("aaaaaaaaaa3"), QStringLiteral("0.000"),
                       QStringLiteral("10.000"), QStringLiteral("/m/a")), // 7: duplicate of 6
            segmentRow(QStringLiteral("aaaaaaaaaa5"), QStringLiteral("0.000"),
                       QStringLiteral("10.000"), QStringLiteral("/m/e")), // 8
            segmentRow(QStringLiteral("aaaaaaaaaa4"), QStringLiteral("0.000"),
                       QStringLiteral("10.000"), QStringLiteral("/m/b")), // 9: out of order
            segmentRow(QStringLiteral("aaaaaaaaaa1"), QStringLiteral("0.000"),
                       QStringLiteral("10.000"), QStringLiteral("/m/c")), // 10: duplicate of 4
            QStringLiteral("aaaaaaaaaa6, 0.000, 10.000"),                 // 11: too few fields
            segmentRow(QStringLiteral("aaaaaaaaaa0"), QStringLiteral("5.000"),
                       QStringLiteral("15.000"), QStringLiteral("/m/c,/m/zz")), // 12: unknown
        };
        FixtureWriter late, early;
        for (FixtureWriter *fixture : {&late, &early}) {
            fixture->writeOntology();
            fixture->writeLabelIndex();
        }
        late.writeSegments(QStringLiteral("eval_segments.csv"), rows, 6);
        QStringList reversed = rows;
        std::reverse(reversed.begin(), reversed.end());
        early.writeSegments(QStringLiteral("eval_segments.csv"), reversed, 6);
        Diagnostics problems, earlyProblems;
        QVERIFY(index(late.dir(), late.dbPath(), problems).indexed());
        QVERIFY(index(early.dir(), early.dbPath(), earlyProblems).indexed());

        QCOMPARE(problems.count(ProblemKind::BadNumber), uint64_t(1));
        QCOMPARE(problems.count(ProblemKind::FieldCount), uint64_t(1));
        QCOMPARE(problems.count(ProblemKind::DuplicateSegment), uint64_t(2));
        QCOMPARE(problems.count(ProblemKind::UnknownLabel), uint64_t(2));
        for (const char *expected :
             {"eval_segments.csv:5:", "eval_segments.csv:6:", "eval_segments.csv:7:",
              "eval_segments.csv:10:", "eval_segments.csv:11:", "eval_segments.csv:12:"})
            QVERIFY(test::hasProblem(problems, QLatin1String(expected)));

        // Six segments in (ytid, start) order; of each duplicate the first row in the file.
        const QStringList dump = tableDump(late.dbPath());
        QStringList segments;
        for (const QString &row : dump)
            if (row.count(QLatin1Char('|')) == 6 && row.contains(QLatin1String("|aaaaaaaaaa")))
                segments << row.section(QLatin1Char('|'), 2, 2) + QLatin1Char(' ') +
                                row.section(QLatin1Char('|'), 6, 6);
        QCOMPARE(
            segments,
            QStringList({QStringLiteral("aaaaaaaaaa0 /m/c,/m/zz"),
                         QStringLiteral("aaaaaaaaaa1 /m/d"), QStringLiteral("aaaaaaaaaa3 /m/zz"),
                         QStringLiteral("aaaaaaaaaa4 /m/b"), QStringLiteral("aaaaaaaaaa5 /m/e")}));
        // Reversed, the file keeps the other row of each duplicate: that is the only change.
        QCOMPARE(earlyProblems.count(ProblemKind::DuplicateSegment), uint64_t(2));
        QVERIFY(
            tableDump(early.dbPath()).contains(QStringLiteral("1|0|aaaaaaaaaa1|0|10000|0|/m/c")));
    }

    // Sorted rows keep their labels as class ids where the text can be given back from them;
    // an unknown label (also one met in an earlier split) or a label listed twice keeps the
    // text, and is reported for its line as in the file's own order.
    void labelsKeptAsIdsOrTextGiveTheSameIndex() {
        const QStringList eval = {segmentRow(QStringLiteral("eeeeeeeeee1"), QStringLiteral("0.000"),
                                             QStringLiteral("10.000"), QStringLiteral("/m/zz"))};
        QStringList balanced;
        const char *labels[] = {"/m/b,/m/c",      "/m/zz",      "/m/a,/m/a",
                                "/m/e,/m/d,/m/b", "/m/yy,/m/a", "/m/d"};
        for (int i = 0; i < 60; ++i)
            balanced << segmentRow(QStringLiteral("bbbbbbbbb%1").arg(i, 2, 10, QLatin1Char('0')),
                                   QStringLiteral("0.000"), QStringLiteral("10.000"),
                                   QLatin1String(labels[i % 6]));
        QStringList reversed = balanced;
        std::reverse(reversed.begin(), reversed.end());
        FixtureWriter sorted, mixed;
        for (FixtureWriter *fixture : {&sorted, &mixed}) {
            fixture->writeOntology();
            fixture->writeLabelIndex();
            fixture->writeSegments(QStringLiteral("eval_segments.csv"), eval, 1);
        }
        sorted.writeSegments(QStringLiteral("balanced_train_segments.csv"), balanced, 60);
        mixed.writeSegments(QStringLiteral("balanced_train_segments.csv"), reversed, 60);
        Diagnostics sortedProblems, mixedProblems;
        QVERIFY(index(sorted.dir(), sorted.dbPath(), sortedProblems).indexed());
        QVERIFY(index(mixed.dir(), mixed.dbPath(), mixedProblems).indexed());
        QCOMPARE(sortedFlag(mixed.dbPath(), splitIndex(Split::BalancedTrain)), int64_t(0));
        for (const Diagnostics *problems : {&sortedProblems, &mixedProblems}) {
            QCOMPARE(problems->count(ProblemKind::UnknownLabel), uint64_t(1 + 10 + 10));
            QCOMPARE(problems->count(ProblemKind::BadLabelList), uint64_t(10));
        }
        // Line 5 of the sorted file (an unknown label) is line 62 of the reversed one.
        QVERIFY(test::hasProblem(sortedProblems, QLatin1String("balanced_train_segments.csv:5:")));
        QVERIFY(test::hasProblem(mixedProblems, QLatin1String("balanced_train_segments.csv:62:")));
        QCOMPARE(tableDump(mixed.dbPath()), tableDump(sorted.dbPath()));
    }

    // A large shuffled file is read again in two halves at once. Whatever the line endings,
    // each problem keeps its line number, a header line in the second half counts as it would
    // in one reading, problems past a batch's limit are still counted, and of a segment listed
    // in both halves the row in the first half is kept.
    void twoHalvesReadAsOne_data() {
        QTest::addColumn<QByteArray>("newline");
        QTest::addColumn<bool>("byteOrderMark");
        QTest::addColumn<int>("badInSecondHalf");
        QTest::newRow("LF") << QByteArray("\n") << false << 0;
        // More problems in the second half than a batch keeps in full.
        QTest::newRow("CRLF with a byte-order mark") << QByteArray("\r\n") << true << 5'000;
        QTest::newRow("CR") << QByteArray("\r") << false << 0;
    }
    void twoHalvesReadAsOne() {
        QFETCH(QByteArray, newline);
        QFETCH(bool, byteOrderMark);
        QFETCH(int, badInSecondHalf);
        const int rows = 20'000;
        QList<QByteArray> lines;
        for (int i = 0; i < rows; ++i)
            lines << QStringLiteral("b%1, 0.000, 10.000, \"/m/b,/m/c\"")
                         .arg(i, 10, 10, QLatin1Char('0'))
                         .toUtf8();
        std::mt19937 random(7);
        std::shuffle(lines.begin(), lines.end(), random);
        // Line numbers below count the three header lines; list index i is line i + 4.
        lines[1] = "b0000000001, x, 10.000, \"/m/b\"";            // line 5: bad number
        lines[2] = "c0000000000, 0.000, 10.000, \"/m/d\"";        // line 6: kept
        lines[rows - 4] = "b0000000002, 0.000, y, \"/m/b\"";      // a bad number in the second half
        lines[rows - 3] = "c0000000000, 0.000, 10.000, \"/m/e\""; // a duplicate, second half
        lines[rows - 2] = "# num_ytids=11, num_segs=12"; // a header line in the second half
        for (int i = 0; i < badInSecondHalf; ++i)
            lines << "d" + QByteArray::number(i) + ", 0.000"; // too few fields
        QByteArray text = byteOrderMark ? QByteArray("\xEF\xBB\xBF") : QByteArray();
        for (const QByteArray &line :
             {QByteArray("# Segments csv created Sun Mar  5 10:54:25 2017"),
              QByteArray("# num_ytids=3, num_segs=3, num_unique_labels=6, num_positive_labels=10"),
              QByteArray("# YTID, start_seconds, end_seconds, positive_labels")})
            text += line + newline;
        for (const QByteArray &line : lines)
            text += line + newline;
        QVERIFY(text.size() > 512 * 1024); // past the size read in halves
        FixtureWriter fixture;
        fixture.writeOntology();
        fixture.writeLabelIndex();
        fixture.writeFile(QStringLiteral("eval_segments.csv"), text);
        Diagnostics problems;
        QVERIFY(index(fixture.dir(), fixture.dbPath(), problems).indexed());

        QCOMPARE(problems.count(ProblemKind::BadNumber), uint64_t(2));
        QCOMPARE(problems.count(ProblemKind::FieldCount), uint64_t(badInSecondHalf));
        QCOMPARE(problems.count(ProblemKind::DuplicateSegment), uint64_t(1));
        QVERIFY(test::hasProblem(problems, QStringLiteral("eval_segments.csv:5:")));
        const int duplicateLine = rows - 3 + 4;
        QVERIFY(test::hasProblem(problems, QStringLiteral("eval_segments.csv:%1:").arg(rows)));
        if (badInSecondHalf == 0) // else it is past the problems kept in full
            QVERIFY(test::hasProblem(problems,
                                     QStringLiteral("eval_segments.csv:%1:").arg(duplicateLine)));
        const QStringList dump = tableDump(fixture.dbPath());
        // After the b rows (all but the five lines replaced above), c0000000000 as on line 6.
        QVERIFY(dump.contains(QStringLiteral("%1|0|c0000000000|0|10000|0|/m/d").arg(rows - 5)));
        int segments = 0;
        QString splitFile;
        for (const QString &row : dump) {
            if (row.count(QLatin1Char('|')) == 6 && row.contains(QLatin1String("|0|b0")))
                ++segments;
            if (row.startsWith(QLatin1String("0|# Segments csv created"))) splitFile = row;
        }
        QCOMPARE(segments, rows - 5);
        // segment_count, skipped rows (bad, duplicate, short), header ytids and segs.
        const QStringList fields = splitFile.split(QLatin1Char('|'));
        QCOMPARE(fields.size(), 11);
        QCOMPARE(fields[3], QString::number(rows - 4));
        QCOMPARE(fields[4], QString::number(2 + 1 + badInSecondHalf));
        QCOMPARE(fields[9], QStringLiteral("11"));
        QCOMPARE(fields[10], QStringLiteral("12"));
    }

    // The buffer's bucketed sort gives the order a plain sort by (ytid, start, line) gives:
    // with ids spread over every bucket, with most rows in one bucket, and with rows of one
    // segment (kept in file order) and of one video.
    void rowBufferSortsAsAPlainSortWould_data() {
        QTest::addColumn<bool>("oneBucket");
        QTest::newRow("ids spread over the buckets") << false;
        QTest::newRow("most ids in one bucket") << true;
    }
    void rowBufferSortsAsAPlainSortWould() {
        QFETCH(bool, oneBucket);
        static const char kChars[] =
            "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
        std::mt19937 random(7);
        SplitRowBuffer buffer;
        std::vector<std::pair<std::string, int64_t>> expected; // (ytid, start), by line
        for (uint64_t line = 1; line <= 40'000; ++line) {
            std::string ytid(11, '-');
            for (char &c : ytid)
                c = kChars[random() % 64];
            if (oneBucket && line % 10) ytid.replace(0, 2, "Ab");
            int64_t startMs = 1000 * static_cast<int64_t>(random() % 3);
            if (line % 7 == 0) { // a row of an earlier line's video, or of the same segment
                const auto &[earlierYtid, earlierStart] = expected[random() % expected.size()];
                ytid = earlierYtid;
                if (line % 2) startMs = earlierStart;
            }
            expected.emplace_back(ytid, startMs);
            QVERIFY(buffer.add(PackedYtid::pack(ytid), startMs, startMs + 10'000, line, "/m/x"));
        }
        std::vector<uint64_t> order(expected.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i + 1;
        std::sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) {
            const auto &x = expected[a - 1], &y = expected[b - 1];
            return x != y ? x < y : a < b;
        });
        buffer.sort();
        QCOMPARE(buffer.size(), order.size());
        for (size_t i = 0; i < order.size(); ++i)
            QCOMPARE(uint64_t(buffer.at(i).line), order[i]);
    }
};

QTEST_GUILESS_MAIN(TestRowOrder)
#include "tst_row_order.moc"
