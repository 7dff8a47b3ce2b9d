// The `audioset` program end to end: exit codes, JSON shapes, messages, and that a run killed
// with SIGKILL in the middle of indexing leaves the previous index intact.
#include "clirunner.h"
#include "fixturewriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace audioset::test;

class TestCli : public QObject {
    Q_OBJECT

    static QStringList db(const FixtureWriter &fixture) {
        return {QStringLiteral("--db"), fixture.dbPath()};
    }

    static void indexStandard(FixtureWriter &fixture) {
        fixture.writeStandardRelease();
        const CliResult result =
            runCli(QStringList{QStringLiteral("index"), fixture.dir()} + db(fixture));
        QVERIFY2(result.exitCode == 0, result.err.constData());
    }

private Q_SLOTS:
    void usage() {
        QCOMPARE(runCli({}).exitCode, 2);
        const CliResult unknown = runCli({QStringLiteral("frobnicate")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains("unknown command"));
        QCOMPARE(runCli({QStringLiteral("index")}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("stats")}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("index"), QStringLiteral("--help")}).exitCode, 0);
    }

    void indexThenUpToDate() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        const CliResult first =
            runCli(QStringList{QStringLiteral("index"), fixture.dir()} + db(fixture));
        QCOMPARE(first.exitCode, 0);
        QVERIFY2(first.err.contains("indexed 5 segments"), first.err.constData());
        const CliResult second =
            runCli(QStringList{QStringLiteral("index"), fixture.dir()} + db(fixture));
        QCOMPARE(second.exitCode, 0);
        QVERIFY(second.err.contains("up to date"));
    }

    void statsJson() {
        FixtureWriter fixture;
        indexStandard(fixture);
        const CliResult result =
            runCli(QStringList{QStringLiteral("stats"), QStringLiteral("--json")} + db(fixture));
        QCOMPARE(result.exitCode, 0);
        const QJsonObject stats = result.json().object();
        QCOMPARE(stats[QStringLiteral("segments")][QStringLiteral("eval")].toInt(), 5);
        QCOMPARE(stats[QStringLiteral("segments")][QStringLiteral("unbalanced_train")].toInt(), 0);
        QCOMPARE(stats[QStringLiteral("positive_labels")][QStringLiteral("eval")].toInt(), 8);
        QCOMPARE(stats[QStringLiteral("classes")].toInt(), 7);
        QCOMPARE(stats[QStringLiteral("label_classes")].toInt(), 6);
        QCOMPARE(stats[QStringLiteral("rerated_segments")][QStringLiteral("eval")].toInt(), 2);
        // The fixture's header claims 10 positive labels; the rows hold 8.
        const QJsonArray mismatches = stats[QStringLiteral("header_mismatches")].toArray();
        QCOMPARE(mismatches.size(), 1);
        const QJsonObject mismatch = mismatches[0].toObject();
        QCOMPARE(mismatch[QStringLiteral("field")].toString(),
                 QStringLiteral("num_positive_labels"));
        QCOMPARE(mismatch[QStringLiteral("header")].toInt(), 10);
        QCOMPARE(mismatch[QStringLiteral("rows")].toInt(), 8);
        QCOMPARE(mismatch[QStringLiteral("split")].toString(), QStringLiteral("eval"));
    }

    void classJson() {
        FixtureWriter fixture;
        indexStandard(fixture);
        CliResult result = runCli(
            QStringList{QStringLiteral("class"), QStringLiteral("/m/a"), QStringLiteral("--json")} +
            db(fixture));
        QCOMPARE(result.exitCode, 0);
        QJsonObject a = result.json().object();
        QCOMPARE(a[QStringLiteral("id")].toString(), QStringLiteral("/m/a"));
        QCOMPARE(a[QStringLiteral("name")].toString(), QStringLiteral("Alpha"));
        QCOMPARE(a[QStringLiteral("label_index")].toInt(), 0);
        QCOMPARE(a[QStringLiteral("children")].toArray().size(), 2);
        const QJsonObject eval = a[QStringLiteral("counts")][QStringLiteral("eval")].toObject();
        QCOMPARE(eval[QStringLiteral("direct")].toInt(), 1);
        QCOMPARE(eval[QStringLiteral("rollup")].toInt(), 4);
        QCOMPARE(eval[QStringLiteral("exclusive")].toInt(), 0);
        const QJsonObject quality = a[QStringLiteral("quality")].toObject();
        QCOMPARE(quality[QStringLiteral("estimate")].toDouble(), 0.9);
        QCOMPARE(quality[QStringLiteral("wilson95")].toArray().size(), 2);

        result = runCli(
            QStringList{QStringLiteral("class"), QStringLiteral("/m/b"), QStringLiteral("--json")} +
            db(fixture));
        const QJsonObject bQuality = result.json().object()[QStringLiteral("quality")].toObject();
        QCOMPARE(bQuality[QStringLiteral("rated")].toInt(), 0);
        QVERIFY(bQuality[QStringLiteral("estimate")].isNull());
        QVERIFY(bQuality[QStringLiteral("wilson95")].isNull());

        result = runCli(
            QStringList{QStringLiteral("class"), QStringLiteral("/m/e"), QStringLiteral("--json")} +
            db(fixture));
        QVERIFY(result.json().object()[QStringLiteral("quality")].isNull());
        QCOMPARE(result.json().object()[QStringLiteral("restrictions")].toArray().size(), 0);

        result =
            runCli(QStringList{QStringLiteral("class"), QStringLiteral("/m/nope")} + db(fixture));
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains("no class with id /m/nope"));
    }

    void segmentsJson() {
        FixtureWriter fixture;
        indexStandard(fixture);
        CliResult result = runCli(QStringList{QStringLiteral("segments"), QStringLiteral("--class"),
                                              QStringLiteral("/m/a"), QStringLiteral("--rollup"),
                                              QStringLiteral("--json")} +
                                  db(fixture));
        QCOMPARE(result.exitCode, 0);
        const QJsonArray rows = result.json().array();
        QCOMPARE(rows.size(), 4);
        const QJsonObject third = rows[2].toObject();
        QCOMPARE(third[QStringLiteral("ytid")].toString(), QStringLiteral("aaaaaaaaaa3"));
        QCOMPARE(third[QStringLiteral("start")].toDouble(), 239.8);
        QCOMPARE(third[QStringLiteral("end")].toDouble(), 249.8);
        QCOMPARE(third[QStringLiteral("split")].toString(), QStringLiteral("eval"));
        QCOMPARE(third[QStringLiteral("rerated")].toBool(), false);
        QCOMPARE(third[QStringLiteral("url")].toString(),
                 QStringLiteral("https://www.youtube.com/watch?v=aaaaaaaaaa3&t=239s"));
        QCOMPARE(third[QStringLiteral("labels")].toArray(),
                 QJsonArray({QStringLiteral("/m/b"), QStringLiteral("/m/e")}));

        result = runCli(QStringList{QStringLiteral("segments"), QStringLiteral("--split"),
                                    QStringLiteral("eval"), QStringLiteral("--rerated"),
                                    QStringLiteral("yes"), QStringLiteral("--offset"),
                                    QStringLiteral("1"), QStringLiteral("--json")} +
                        db(fixture));
        QCOMPARE(result.json().array().size(), 1);
        QCOMPARE(result.json().array()[0][QStringLiteral("ytid")].toString(),
                 QStringLiteral("ab_aaaaaaa5"));

        result = runCli(QStringList{QStringLiteral("segments"), QStringLiteral("--split"),
                                    QStringLiteral("train")} +
                        db(fixture));
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains("unknown split"));
        result = runCli(QStringList{QStringLiteral("segments"), QStringLiteral("--class"),
                                    QStringLiteral("/m/zz")} +
                        db(fixture));
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains("unknown class id"));
        result = runCli(QStringList{QStringLiteral("segments"), QStringLiteral("--limit"),
                                    QStringLiteral("-3")} +
                        db(fixture));
        QCOMPARE(result.exitCode, 2);
    }

    void problemsPrintedThenCounted() {
        FixtureWriter fixture;
        QStringList rows;
        for (int i = 0; i < 30; ++i)
            rows << QStringLiteral("bad%1, 0.000, 10.000, \"/m/a\"").arg(i);
        rows << QStringLiteral("aaaaaaaaaa1, 0.000, 10.000");
        fixture.writeSegments(QStringLiteral("eval_segments.csv"), rows);
        const CliResult result =
            runCli(QStringList{QStringLiteral("index"), fixture.dir()} + db(fixture));
        QCOMPARE(result.exitCode, 0);
        const QString err = QString::fromUtf8(result.err);
        const QString csv = fixture.path(QStringLiteral("eval_segments.csv"));
        QVERIFY2(err.contains(csv + QStringLiteral(":4: 'bad0' is not a YouTube id")),
                 qPrintable(err));
        QCOMPARE(err.count(csv + QLatin1Char(':')), 20);
        QVERIFY(err.contains(QStringLiteral("bad-youtube-id 30")));
        QVERIFY(err.contains(QStringLiteral("field-count 1")));
        QVERIFY(err.contains(QStringLiteral("only the first 20")));

        const CliResult strict =
            runCli(QStringList{QStringLiteral("index"), fixture.dir(), QStringLiteral("--strict"),
                               QStringLiteral("--force")} +
                   db(fixture));
        QCOMPARE(strict.exitCode, 1);
        QVERIFY(strict.err.contains("--strict"));
    }

    void sigkillDuringIndexingKeepsThePreviousIndex() {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("demo"));
        const QString dbPath = dir.filePath(QStringLiteral("demo.db"));
        QCOMPARE(runCli({QStringLiteral("generate-demo"), data, QStringLiteral("--segments"),
                         QStringLiteral("1000000"), QStringLiteral("--no-features")})
                     .exitCode,
                 0);
        QCOMPARE(runCli({QStringLiteral("index"), data, QStringLiteral("--db"), dbPath}).exitCode,
                 0);
        const QJsonObject before = runCli({QStringLiteral("stats"), QStringLiteral("--json"),
                                           QStringLiteral("--db"), dbPath})
                                       .json()
                                       .object();
        QCOMPARE(before[QStringLiteral("segments")][QStringLiteral("unbalanced_train")].toInt(),
                 1000000);

        QProcess indexer;
        indexer.setProcessChannelMode(QProcess::MergedChannels);
        indexer.start(QStringLiteral(AUDIOSET_CLI_PATH),
                      {QStringLiteral("index"), data, QStringLiteral("--force"),
                       QStringLiteral("--db"), dbPath});
        QVERIFY(indexer.waitForStarted());
        // Wait until it is well inside the unbalanced CSV, then pull the plug.
        QByteArray progress;
        while (!progress.contains("unbalanced_train_segments.csv") &&
               indexer.state() == QProcess::Running) {
            indexer.waitForReadyRead(5000);
            progress += indexer.readAll();
        }
        QVERIFY2(indexer.state() == QProcess::Running,
                 "indexing finished before it could be killed");
        indexer.kill(); // SIGKILL
        QVERIFY(indexer.waitForFinished());

        const CliResult after = runCli(
            {QStringLiteral("stats"), QStringLiteral("--json"), QStringLiteral("--db"), dbPath});
        QVERIFY2(after.exitCode == 0, after.err.constData());
        QCOMPARE(after.json().object(), before);
        // And the next run indexes again from the intact file.
        QCOMPARE(runCli({QStringLiteral("index"), data, QStringLiteral("--force"),
                         QStringLiteral("--db"), dbPath})
                     .exitCode,
                 0);
    }

    void generateDemoUsage() {
        QTemporaryDir dir;
        QCOMPARE(runCli({QStringLiteral("generate-demo"), dir.filePath(QStringLiteral("x")),
                         QStringLiteral("--segments"), QStringLiteral("lots")})
                     .exitCode,
                 2);
        QCOMPARE(runCli({QStringLiteral("generate-demo"), dir.filePath(QStringLiteral("x")),
                         QStringLiteral("--segments"), QStringLiteral("0")})
                     .exitCode,
                 2);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
