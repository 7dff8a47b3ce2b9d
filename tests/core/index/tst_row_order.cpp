// The index does not depend on the order of a segment CSV's rows: the release's sorted files,
// the same rows shuffled, and files whose order breaks late all give the same tables, and
// every problem is reported once, with its line.
#include "clirunner.h"
#include "diagnostics.h"
#include "fixturewriter.h"
#include "indexer.h"

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
        "SELECT * FROM cooccurrence ORDER BY class_id, split, other_id",
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
};

QTEST_GUILESS_MAIN(TestRowOrder)
#include "tst_row_order.moc"
