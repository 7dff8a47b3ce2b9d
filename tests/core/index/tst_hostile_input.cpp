// Hostile input (issue 9): each kind of input that once broke the indexer, and what it must do
// instead. Every test names the kind it guards.
#include "catalog.h"
#include "clirunner.h"
#include "diagnostics.h"
#include "fixturewriter.h"
#include "indexer.h"
#include "outputfiles.h"
#include "tfrecord.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTest>
#include <functional>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace audioset;
using audioset::test::FixtureWriter;
using audioset::test::hasProblem;
using audioset::test::segmentRow;

namespace {

IndexReport index(const FixtureWriter &fixture, Diagnostics &diagnostics) {
    return indexRelease(
        test::indexOptions(fixture.dir().toStdString(), fixture.dbPath().toStdString()),
        diagnostics, {});
}

std::unique_ptr<Catalog> open(const QString &dbPath) {
    std::string error;
    auto catalog = Catalog::open(dbPath.toStdString(), error);
    if (!catalog) qWarning("%s", error.c_str());
    return catalog;
}

int64_t evalSegments(const QString &dbPath) {
    auto catalog = open(dbPath);
    return catalog ? catalog->stats().segments[splitIndex(Split::Eval)].value_or(-1) : -1;
}

QByteArray segmentsCsv(int rows, const char *newline = "\n") {
    QByteArray text = QByteArray("# Segments csv created x") + newline +
                      "# num_ytids=" + QByteArray::number(rows) +
                      ", num_segs=" + QByteArray::number(rows) + newline +
                      "# YTID, start_seconds, end_seconds, positive_labels" + newline;
    for (int i = 0; i < rows; ++i)
        text += QStringLiteral("a%1, 0.000, 10.000, \"/m/a,/m/d\"")
                    .arg(i, 10, 10, QLatin1Char('0'))
                    .toUtf8() +
                newline;
    return text;
}

// A gzip file's bytes with one byte changed.
void corruptByte(const QString &path, qint64 offset) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek(offset));
    char byte = 0;
    QVERIFY(file.getChar(&byte));
    QVERIFY(file.seek(offset));
    QVERIFY(file.putChar(static_cast<char>(byte ^ 0x55)));
}

// Indexes the fixture after `write(few)` and after `write(many)`; the second run's peak memory
// must stay within 40 MB of the first's. `write` frees its buffers before returning: the child
// would otherwise count the test's own pages as its memory.
void expectBoundedMemory(const FixtureWriter &fixture, const char *what, int few, int many,
                         const std::function<bool(int)> &write) {
    auto run = [&](int count) {
        if (!write(count)) return test::MeasuredRun{};
        return test::runCliMeasured({QStringLiteral("index"), fixture.dir(), QStringLiteral("--db"),
                                     fixture.dbPath(), QStringLiteral("--force")});
    };
    const test::MeasuredRun small = run(few);
    const test::MeasuredRun large = run(many);
    QCOMPARE(small.exitCode, 0);
    QCOMPARE(large.exitCode, 0);
    qInfo("peak RSS: %ld KB for %d %s, %ld KB for %d", small.peakRssKb, few, what, large.peakRssKb,
          many);
    QVERIFY2(
        large.peakRssKb < small.peakRssKb + 40 * 1024,
        qPrintable(QStringLiteral("%1 KB vs %2 KB").arg(large.peakRssKb).arg(small.peakRssKb)));
}

QStringList stagingLeftovers(const QString &dir) {
    return QDir(dir).entryList({QStringLiteral("*.partial-*")},
                               QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
}

} // namespace

class TestHostileInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A release file that cannot be read at all fails the run and keeps the previous index.
    void unreadableOntologyKeepsThePreviousIndex_data() {
        QTest::addColumn<QByteArray>("ontology");
        QTest::newRow("truncated") << QByteArray("[{\"id\": \"/m/a\", \"name\": \"A\", \"chi");
        QTest::newRow("an object") << QByteArray("{\"id\": \"/m/a\"}");
        QTest::newRow("a number") << QByteArray("42");
        QTest::newRow("empty") << QByteArray();
    }
    void unreadableOntologyKeepsThePreviousIndex() {
        QFETCH(QByteArray, ontology);
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        Diagnostics first;
        QVERIFY(index(fixture, first).indexed());
        const int64_t classes = open(fixture.dbPath())->stats().classes;
        QCOMPARE(classes, int64_t(7));

        fixture.writeFile(QStringLiteral("ontology.json"), ontology);
        Diagnostics second;
        const IndexReport report = index(fixture, second);
        QVERIFY(report.outcome.isFailed());
        QVERIFY2(QString::fromStdString(report.outcome.message)
                     .contains(QStringLiteral("ontology.json")),
                 report.outcome.message.c_str());
        QCOMPARE(open(fixture.dbPath())->stats().classes, classes);
        QCOMPARE(evalSegments(fixture.dbPath()), int64_t(5));
        // And the command line says so with exit code 1.
        const auto cli = test::runCli(
            {QStringLiteral("index"), fixture.dir(), QStringLiteral("--db"), fixture.dbPath()});
        QCOMPARE(cli.exitCode, 1);
    }

    void ontologyWithSomeBadEntriesKeepsTheRest() {
        FixtureWriter fixture;
        fixture.writeFile(QStringLiteral("ontology.json"),
                          "[{\"id\": \"/m/a\", \"name\": \"Alpha\", \"child_ids\": [\"/m/b\"]}, 5,"
                          " {\"name\": \"no id\"}, {\"id\": \"/m/b\", \"name\": \"Beta\"}]");
        fixture.writeSegments(QStringLiteral("eval_segments.csv"),
                              {segmentRow(QStringLiteral("aaaaaaaaaa1"), QStringLiteral("0"),
                                          QStringLiteral("10"), QStringLiteral("/m/b"))});
        Diagnostics diagnostics;
        QVERIFY(index(fixture, diagnostics).indexed());
        QCOMPARE(diagnostics.count(ProblemKind::BadOntologyEntry), uint64_t(2));
        auto catalog = open(fixture.dbPath());
        QCOMPARE(catalog->stats().classes, int64_t(2));
        QCOMPARE(catalog->classInfo("/m/b")->parents, std::vector<std::string>{"/m/a"});
    }

    void unreadableSegmentFileFailsTheRun() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        Diagnostics first;
        QVERIFY(index(fixture, first).indexed());
        // gzip magic, then nothing that inflates: not one line can be read.
        QFile::remove(fixture.path(QStringLiteral("eval_segments.csv")));
        fixture.writeFile(QStringLiteral("eval_segments.csv.gz"),
                          QByteArray("\x1f\x8b\x08\x00garbage-not-deflate", 23));
        Diagnostics second;
        QVERIFY(index(fixture, second).outcome.isFailed());
        QVERIFY(hasProblem(second, QStringLiteral("eval_segments.csv.gz: cannot read")));
        QCOMPARE(evalSegments(fixture.dbPath()), int64_t(5));
    }

    // Memory stays bounded whatever the number of problems: ten to a hundred times more bad
    // lines or records cost (almost) no more memory.
    void manyMalformedLinesUseBoundedMemory() {
        FixtureWriter fixture;
        fixture.writeOntology();
        expectBoundedMemory(fixture, "bad lines", 20'000, 2'000'000, [&](int lines) {
            QByteArray text;
            text.reserve(lines * 12);
            for (int i = 0; i < lines; ++i)
                text += "bad, line\n";
            return test::writeGzip(fixture.path(QStringLiteral("eval_segments.csv.gz")), text);
        });
    }

    void manyBadRecordsUseBoundedMemory() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        QVERIFY(QDir(fixture.dir()).mkpath(QStringLiteral("audioset_v1_embeddings/eval")));
        expectBoundedMemory(fixture, "bad records", 600'000, 6'000'000, [&](int records) {
            std::string empty;
            appendTfRecord(empty, ""); // framing and CRCs intact, not a SequenceExample
            std::string badCrc = empty;
            badCrc.back() ^= 1;
            QByteArray bytes;
            bytes.reserve(records * 16);
            for (int i = 0; i < records; ++i) {
                const std::string &record = i % 2 ? badCrc : empty;
                bytes.append(record.data(), static_cast<qsizetype>(record.size()));
            }
            return test::writeGzip(
                fixture.path(QStringLiteral("audioset_v1_embeddings/eval/aa.tfrecord.gz")), bytes);
        });
    }

    // Thousands of distinct unknown labels, and a label index of tens of thousands of classes:
    // memory in proportion to the input, never to the square of the class count.
    void thousandsOfClassesUseMemoryInProportion() {
        FixtureWriter fixture;
        fixture.writeOntology();
        auto run = [&](int labelClasses, int unknownLabels) {
            QByteArray labels = "index,mid,display_name\n";
            for (int i = 0; i < labelClasses; ++i)
                labels += QByteArray::number(i) + ",/m/label" + QByteArray::number(i) +
                          ",\"Label " + QByteArray::number(i) + "\"\n";
            fixture.writeFile(QStringLiteral("class_labels_indices.csv"), labels);
            QStringList rows;
            for (int i = 0; i < unknownLabels; ++i)
                rows << segmentRow(
                    QStringLiteral("u%1").arg(i, 10, 10, QLatin1Char('0')), QStringLiteral("0"),
                    QStringLiteral("10"),
                    QStringLiteral("/m/unknown%1,/m/label%2,/m/a").arg(i).arg(i % labelClasses));
            fixture.writeSegments(QStringLiteral("eval_segments.csv"), rows);
            return test::runCliMeasured({QStringLiteral("index"), fixture.dir(),
                                         QStringLiteral("--db"), fixture.dbPath(),
                                         QStringLiteral("--force")});
        };
        const test::MeasuredRun small = run(200, 100);
        const test::MeasuredRun large = run(40'000, 20'000);
        QCOMPARE(small.exitCode, 0);
        QCOMPARE(large.exitCode, 0);
        qInfo("peak RSS: %ld KB for 200 classes, %ld KB for 60,000", small.peakRssKb,
              large.peakRssKb);
        QVERIFY2(
            large.peakRssKb < small.peakRssKb + 150 * 1024,
            qPrintable(QStringLiteral("%1 KB vs %2 KB").arg(large.peakRssKb).arg(small.peakRssKb)));
        auto catalog = open(fixture.dbPath());
        QCOMPARE(catalog->stats().labelClasses, int64_t(40'000));
        QCOMPARE(catalog->stats().unknownClasses, int64_t(20'000));
        // Pairs beyond the dense part are counted too: /m/unknown7 with /m/label7 and /m/a.
        const auto pairs = catalog->cooccurring("/m/unknown7", Split::Eval);
        QCOMPARE(pairs.size(), size_t(2));
        for (const Cooccurrence &pair : pairs)
            QCOMPARE(pair.count, int64_t(1));
        QCOMPARE(catalog->classInfo("/m/a")->children.size(), size_t(2));
    }

    // A damaged .csv.gz keeps every row decoded before the damage and names its byte offset.
    void damagedGzipKeepsTheRowsBefore_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("wrong trailer CRC") << "crc"
                                           << "CRC-32 or length does not match the data (byte ";
        QTest::newRow("wrong trailer length") << "length"
                                              << "CRC-32 or length does not match the data (byte ";
        QTest::newRow("corrupted in the middle") << "middle"
                                                 << "byte ";
        QTest::newRow("truncated") << "truncated"
                                   << "ends early at byte ";
    }
    void damagedGzipKeepsTheRowsBefore() {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        FixtureWriter fixture;
        fixture.writeOntology();
        const int rows = 20'000;
        const QString gz = fixture.path(QStringLiteral("eval_segments.csv.gz"));
        QVERIFY(test::writeGzip(gz, segmentsCsv(rows)));
        const qint64 size = QFileInfo(gz).size();
        if (damage == QLatin1String("crc")) corruptByte(gz, size - 6);
        if (damage == QLatin1String("length")) corruptByte(gz, size - 3);
        if (damage == QLatin1String("middle")) {
            for (qint64 at = size / 2; at < size / 2 + 64; ++at)
                corruptByte(gz, at);
        }
        if (damage == QLatin1String("truncated")) QVERIFY(QFile::resize(gz, size * 2 / 3));
        Diagnostics diagnostics;
        QVERIFY(index(fixture, diagnostics).indexed());
        QVERIFY(hasProblem(diagnostics, expected));
        const int64_t kept = evalSegments(fixture.dbPath());
        if (damage == QLatin1String("crc") || damage == QLatin1String("length"))
            QCOMPARE(kept, int64_t(rows)); // every row decoded intact
        else
            QVERIFY2(kept > rows / 4 && kept < rows, qPrintable(QString::number(kept)));
    }

    // LF, CRLF and CR alone all read the same rows; never a silent 0.
    void everyLineEndingReadsTheSameRows_data() {
        QTest::addColumn<QByteArray>("newline");
        QTest::newRow("LF") << QByteArray("\n");
        QTest::newRow("CRLF") << QByteArray("\r\n");
        QTest::newRow("CR") << QByteArray("\r");
    }
    void everyLineEndingReadsTheSameRows() {
        QFETCH(QByteArray, newline);
        FixtureWriter fixture;
        fixture.writeOntology();
        // More than the reader's 1 MiB chunk, so line endings straddle a refill.
        const int rows = 40'000;
        fixture.writeFile(QStringLiteral("eval_segments.csv"),
                          segmentsCsv(rows, newline.constData()));
        fixture.writeFile(QStringLiteral("rerated_video_ids.txt"),
                          "a0000000000" + newline + "a0000000001" + newline);
        Diagnostics diagnostics;
        QVERIFY(index(fixture, diagnostics).indexed());
        QCOMPARE(diagnostics.seriousTotal(), uint64_t(0));
        auto catalog = open(fixture.dbPath());
        QCOMPARE(catalog->stats().segments[splitIndex(Split::Eval)].value(), int64_t(rows));
        QCOMPARE(catalog->stats().reratedSegments[splitIndex(Split::Eval)], int64_t(2));
        QVERIFY(catalog->stats().headerMismatches.empty());
    }

    // A UTF-8 byte-order mark is skipped, in every text file, with or without a header line.
    void byteOrderMarksAreSkipped() {
        const QByteArray bom = "\xEF\xBB\xBF";
        FixtureWriter fixture;
        fixture.writeOntology();
        QFile ontology(fixture.path(QStringLiteral("ontology.json")));
        QVERIFY(ontology.open(QIODevice::ReadOnly));
        const QByteArray json = ontology.readAll();
        ontology.close();
        fixture.writeFile(QStringLiteral("ontology.json"), bom + json);
        fixture.writeFile(QStringLiteral("class_labels_indices.csv"),
                          bom + "index,mid,display_name\n0,/m/a,\"Alpha\"\n1,/m/d,\"Delta\"\n");
        fixture.writeFile(QStringLiteral("qa_true_counts.csv"),
                          bom + "label_id,num_rated,num_true\n/m/a,10,9\n");
        fixture.writeFile(QStringLiteral("rerated_video_ids.txt"), bom + "aaaaaaaaaa1\n");
        fixture.writeFile(QStringLiteral("eval_segments.csv"),
                          bom +
                              segmentRow(QStringLiteral("aaaaaaaaaa1"), QStringLiteral("0"),
                                         QStringLiteral("10"), QStringLiteral("/m/a"))
                                  .toUtf8() +
                              "\n");
        Diagnostics diagnostics;
        QVERIFY(index(fixture, diagnostics).indexed());
        QCOMPARE(diagnostics.count(ProblemKind::BadHeader), uint64_t(1)); // no statistics line
        QCOMPARE(diagnostics.seriousTotal(), uint64_t(1));
        auto catalog = open(fixture.dbPath());
        QCOMPARE(catalog->stats().segments[splitIndex(Split::Eval)].value(), int64_t(1));
        QCOMPARE(catalog->stats().reratedSegments[splitIndex(Split::Eval)], int64_t(1));
        QCOMPARE(catalog->stats().labelClasses, int64_t(2));
        QCOMPARE(catalog->classInfo("/m/a")->quality->trueCount, int64_t(9));
    }

    // Values beyond int are reported with FILE:LINE, never wrapped onto another class.
    void indexValuesThatOverflowIntAreReported() {
        FixtureWriter fixture;
        fixture.writeOntology();
        fixture.writeFile(QStringLiteral("class_labels_indices.csv"),
                          "index,mid,display_name\n0,/m/a,\"Alpha\"\n4294967296,/m/b,\"Beta\"\n"
                          "99999999999999999999,/m/c,\"Gamma\"\n");
        fixture.writeFile(
            QStringLiteral("qa_true_counts.csv"),
            "label_id,num_rated,num_true\n4294967296,10,1\n/m/a,99999999999999999999,1\n");
        fixture.writeSegments(QStringLiteral("eval_segments.csv"),
                              {segmentRow(QStringLiteral("aaaaaaaaaa1"), QStringLiteral("0"),
                                          QStringLiteral("10"), QStringLiteral("/m/a"))});
        Diagnostics diagnostics;
        QVERIFY(index(fixture, diagnostics).indexed());
        const QString labels = fixture.path(QStringLiteral("class_labels_indices.csv"));
        const QString qa = fixture.path(QStringLiteral("qa_true_counts.csv"));
        QVERIFY(hasProblem(diagnostics, labels + QStringLiteral(":3: index '4294967296' is not a "
                                                                "whole number from 0 to 1000000")));
        QVERIFY(
            hasProblem(diagnostics, labels + QStringLiteral(":4: index '99999999999999999999'")));
        QVERIFY(
            hasProblem(diagnostics, qa + QStringLiteral(":2: label_id '4294967296' is neither")));
        QVERIFY(
            hasProblem(diagnostics, qa + QStringLiteral(":3: num_rated '99999999999999999999'")));
        auto catalog = open(fixture.dbPath());
        QVERIFY(!catalog->classInfo("/m/a")->quality); // 4294967296 did not wrap onto index 0
    }

    // An index with a table missing, or not an index at all: every command says so, exit 1.
    void unusableIndexFilesAreNamed_data() {
        QTest::addColumn<QString>("damage");
        QTest::newRow("a table missing") << "drop";
        QTest::newRow("random bytes") << "garbage";
        QTest::newRow("another SQLite file") << "foreign";
    }
    void unusableIndexFilesAreNamed() {
        QFETCH(QString, damage);
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        Diagnostics diagnostics;
        QVERIFY(index(fixture, diagnostics).indexed());
        const QString db = fixture.dbPath();
        if (damage == QLatin1String("garbage")) {
            QFile::remove(db);
            fixture.writeFile(QStringLiteral("index.db"), QByteArray(8192, 'x'));
        } else {
            if (damage == QLatin1String("foreign")) QFile::remove(db);
            sqlite3 *handle = nullptr;
            QCOMPARE(sqlite3_open(db.toLocal8Bit().constData(), &handle), SQLITE_OK);
            const char *sql =
                damage == QLatin1String("drop") ? "DROP TABLE class_counts" : "CREATE TABLE t(x)";
            QCOMPARE(sqlite3_exec(handle, sql, nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(handle);
        }
        const QList<QStringList> commands{
            {QStringLiteral("stats")},
            {QStringLiteral("classes")},
            {QStringLiteral("class"), QStringLiteral("/m/a")},
            {QStringLiteral("segments"), QStringLiteral("--class"), QStringLiteral("/m/a")},
            {QStringLiteral("embedding"), QStringLiteral("aaaaaaaaaa1")},
            {QStringLiteral("export"), QStringLiteral("--include"), QStringLiteral("/m/a"),
             QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--out"),
             fixture.path(QStringLiteral("out"))},
        };
        for (QStringList args : commands) {
            args << QStringLiteral("--db") << db;
            const auto result = test::runCli(args);
            QVERIFY2(result.exitCode == 1,
                     qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": exit ") +
                                QString::number(result.exitCode)));
            QVERIFY2(
                result.err.contains(QByteArray(db.toUtf8() + " is not a usable AudioSet index: ")),
                result.err.constData());
        }
    }

    // generate-demo killed part way leaves nothing where the dataset goes; the next run clears
    // what the killed one left and refuses to replace a dataset without --force.
    void killedDemoLeavesNothing() {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("demo"));
        QProcess process;
        process.start(QStringLiteral(AUDIOSET_CLI_PATH),
                      {QStringLiteral("generate-demo"), target, QStringLiteral("--segments"),
                       QStringLiteral("2000000")});
        QVERIFY(process.waitForStarted());
        // Wait until it is writing (its staging folder exists), then kill -9.
        for (int i = 0; i < 200 && stagingLeftovers(dir.path()).isEmpty(); ++i)
            QTest::qWait(20);
        QVERIFY(!stagingLeftovers(dir.path()).isEmpty());
        QTest::qWait(300);
        process.kill();
        QVERIFY(process.waitForFinished());
        QVERIFY(!QFileInfo::exists(target));

        const auto again =
            test::runCli({QStringLiteral("generate-demo"), target, QStringLiteral("--segments"),
                          QStringLiteral("300"), QStringLiteral("--no-features")});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(QFileInfo::exists(target + QStringLiteral("/SYNTHETIC")));
        QCOMPARE(stagingLeftovers(dir.path()), QStringList());

        const auto refused = test::runCli({QStringLiteral("generate-demo"), target,
                                           QStringLiteral("--segments"), QStringLiteral("300")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("already exists"), refused.err.constData());
        const auto forced = test::runCli(
            {QStringLiteral("generate-demo"), target, QStringLiteral("--segments"),
             QStringLiteral("300"), QStringLiteral("--no-features"), QStringLiteral("--force")});
        QCOMPARE(forced.exitCode, 0);
    }

    // What a killed export (or demo) left beside its target is removed by the next writer;
    // a folder of a writer still running is left alone.
    void stagedFolderClearsWhatKilledWritersLeft() {
        QTemporaryDir dir;
        const std::string target = dir.filePath(QStringLiteral("subset")).toStdString();
        const pid_t gone = ::fork(); // a process that has ended: its pid names no writer
        if (gone == 0) ::_exit(0);
        QVERIFY(gone > 0);
        QCOMPARE(::waitpid(gone, nullptr, 0), gone);
        const QString stale = QStringLiteral("subset.partial-%1-abcdef").arg(gone);
        const QString live =
            QStringLiteral("subset.partial-%1-ghijkl").arg(QCoreApplication::applicationPid());
        QVERIFY(QDir(dir.path()).mkpath(stale + QStringLiteral("/inner")));
        QVERIFY(QDir(dir.path()).mkpath(live));
        {
            StagedFolder staging;
            QCOMPARE(staging.create(target), std::string());
            QVERIFY(!QFileInfo::exists(dir.filePath(stale)));
            QVERIFY(QFileInfo::exists(dir.filePath(live)));
            QCOMPARE(staging.publish(), std::string());
        }
        QVERIFY(QFileInfo(QString::fromStdString(target)).isDir());
    }
};

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostile_input.moc"
