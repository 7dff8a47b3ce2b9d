// Indexing is incremental and safe: unchanged inputs are a no-op, a cancelled, failed or --strict
// run leaves the previous index untouched, and files this build cannot read are refused.
#include "catalog.h"
#include "diagnostics.h"
#include "fixturewriter.h"
#include "indexer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>
#include <sqlite3.h>

using namespace audioset;
using audioset::test::FixtureWriter;
using audioset::test::segmentRow;

namespace {

IndexReport index(const FixtureWriter &fixture, const IndexOptions &extra = {},
                  const ProgressCallback &progress = {}) {
    IndexOptions options = extra;
    options.dataDir = fixture.dir().toStdString();
    options.dbPath = fixture.dbPath().toStdString();
    Diagnostics diagnostics;
    return indexRelease(options, diagnostics, progress);
}

int64_t evalSegments(const FixtureWriter &fixture) {
    std::string error;
    auto catalog = Catalog::open(fixture.dbPath().toStdString(), error);
    return catalog ? catalog->stats().segments[0].value_or(-1) : -1;
}

void setPragma(const QString &db, const char *sql) {
    sqlite3 *handle = nullptr;
    QCOMPARE(sqlite3_open(db.toLocal8Bit().constData(), &handle), SQLITE_OK);
    QCOMPARE(sqlite3_exec(handle, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(handle);
}

void appendRow(FixtureWriter &fixture, const QString &ytid) {
    QFile file(fixture.path(QStringLiteral("eval_segments.csv")));
    QVERIFY(file.open(QIODevice::Append));
    file.write(
        segmentRow(ytid, QStringLiteral("0.000"), QStringLiteral("10.000"), QStringLiteral("/m/a"))
            .toUtf8() +
        '\n');
}

} // namespace

class TestIndexerSafety : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unchangedInputsAreANoOp() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        QVERIFY(index(fixture).indexed());
        const IndexReport again = index(fixture);
        QVERIFY(again.upToDate);
        QVERIFY(
            QString::fromStdString(again.outcome.message).contains(QStringLiteral("up to date")));
        IndexOptions force;
        force.force = true;
        QVERIFY(index(fixture, force).indexed());
    }

    void changedInputIsReindexed() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        QVERIFY(index(fixture).indexed());
        QCOMPARE(evalSegments(fixture), int64_t(5));
        appendRow(fixture, QStringLiteral("bbbbbbbbbb1"));
        QVERIFY(index(fixture).indexed());
        QCOMPARE(evalSegments(fixture), int64_t(6));
    }

    void strictFailureLeavesThePreviousIndex() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        QVERIFY(index(fixture).indexed());
        appendRow(fixture, QStringLiteral("broken id"));
        appendRow(fixture, QStringLiteral("bbbbbbbbbb2"));
        IndexOptions strict;
        strict.strict = true;
        const IndexReport report = index(fixture, strict);
        QVERIFY(report.outcome.isFailed());
        QVERIFY(
            QString::fromStdString(report.outcome.message).contains(QStringLiteral("--strict")));
        QCOMPARE(evalSegments(fixture), int64_t(5));
        // Without --strict the good row is indexed and the bad one skipped.
        QVERIFY(index(fixture).indexed());
        QCOMPARE(evalSegments(fixture), int64_t(6));
    }

    void cancelLeavesThePreviousIndex() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        QVERIFY(index(fixture).indexed());
        appendRow(fixture, QStringLiteral("bbbbbbbbbb3"));
        int calls = 0;
        const IndexReport report =
            index(fixture, {}, [&](const Progress &) { return ++calls < 3; });
        QVERIFY(report.outcome.isCancelled());
        QCOMPARE(evalSegments(fixture), int64_t(5));
    }

    void cancelledFirstRunLeavesNoFile() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        const IndexReport report = index(fixture, {}, [](const Progress &) { return false; });
        QVERIFY(report.outcome.isCancelled());
        QVERIFY(!QFile::exists(fixture.dbPath()));
    }

    void futureSchemaIsRefused() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        QVERIFY(index(fixture).indexed());
        setPragma(fixture.dbPath(), "PRAGMA user_version = 99");
        IndexOptions force;
        force.force = true;
        const IndexReport report = index(fixture, force);
        QVERIFY(report.outcome.isFailed());
        QVERIFY2(QString::fromStdString(report.outcome.message)
                     .contains(QStringLiteral("newer AudioSet Browser")),
                 report.outcome.message.c_str());
        std::string error;
        QVERIFY(!Catalog::open(fixture.dbPath().toStdString(), error));
        QVERIFY(QString::fromStdString(error).contains(QStringLiteral("schema 99")));
    }

    void foreignSqliteFileIsRefused() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        setPragma(fixture.dbPath(), "CREATE TABLE mine(x)");
        const IndexReport report = index(fixture);
        QVERIFY(report.outcome.isFailed());
        QVERIFY(QString::fromStdString(report.outcome.message)
                    .contains(QStringLiteral("not an AudioSet Browser index")));
    }

    void missingOrEmptyFolder() {
        FixtureWriter fixture;
        IndexOptions options;
        options.dataDir = fixture.path(QStringLiteral("nope")).toStdString();
        options.dbPath = fixture.dbPath().toStdString();
        Diagnostics diagnostics;
        IndexReport report = indexRelease(options, diagnostics, {});
        QVERIFY(report.outcome.isFailed());
        QVERIFY(QString::fromStdString(report.outcome.message)
                    .contains(QStringLiteral("not a folder")));
        options.dataDir = fixture.dir().toStdString();
        report = indexRelease(options, diagnostics, {});
        QVERIFY(report.outcome.isFailed());
        QVERIFY(QString::fromStdString(report.outcome.message)
                    .contains(QStringLiteral("no AudioSet release files")));
        QVERIFY(!QFile::exists(fixture.dbPath()));
    }

    void missingFilesAreNamed() {
        FixtureWriter fixture;
        fixture.writeOntology();
        Diagnostics diagnostics;
        IndexOptions options =
            test::indexOptions(fixture.dir().toStdString(), fixture.dbPath().toStdString(), true);
        // Missing optional files are information, not input errors: even --strict indexes.
        QVERIFY(indexRelease(options, diagnostics, {}).indexed());
        QCOMPARE(diagnostics.count(ProblemKind::MissingFile),
                 uint64_t(7)); // six files and the features
        bool named = false;
        for (const Problem &problem : diagnostics.detailed())
            named |= QString::fromStdString(problem.toString())
                         .contains(QStringLiteral("qa_true_counts.csv: not found"));
        QVERIFY(named);
    }

    void catalogOnMissingFile() {
        std::string error;
        QVERIFY(!Catalog::open("/nonexistent/index.db", error));
        QVERIFY(QString::fromStdString(error).contains(QStringLiteral("no such index")));
    }
};

QTEST_GUILESS_MAIN(TestIndexerSafety)
#include "tst_indexer_safety.moc"
