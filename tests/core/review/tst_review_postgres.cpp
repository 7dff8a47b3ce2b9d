// The shared review store against a real PostgreSQL 15 server the test starts (initdb and
// pg_ctl in a temporary folder, a Unix socket only): roles write concurrently, none can write
// or change a verdict as another, and a server that goes away mid-session loses and doubles
// nothing.
#include "clirunner.h"
#include "fixturewriter.h"
#include "indexer.h"
#include "postgresreviewstore.h"
#include "postgresserver.h"

#include <QJsonArray>
#include <QJsonObject>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <set>
#include <thread>

using namespace audioset;
using audioset::test::PostgresServer;

namespace {

VerdictRecord verdict(int segment, Verdict kind, const std::string &note = {}) {
    VerdictRecord record;
    record.label = {Split::Eval, "seg" + std::to_string(segment), segment * 1000, "/m/x"};
    record.verdict = kind;
    record.givenAtMs = 1700000000000 + segment;
    record.note = note;
    return record;
}

} // namespace

class TestReviewPostgres : public QObject {
    Q_OBJECT

    PostgresServer m_server;
    QTemporaryDir m_queues;

    std::unique_ptr<PostgresReviewStore> open(const QString &role, const QString &queueName) {
        std::string error;
        auto store = PostgresReviewStore::open(m_server.url(role).toStdString(),
                                               m_queues.filePath(queueName).toStdString(), error);
        if (!store) qWarning("%s", error.c_str());
        return store;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_server.start({QStringLiteral("alice"), QStringLiteral("bob")}),
                 qPrintable(m_server.error()));
        // Before init-store, a reviewer is told to make it.
        std::string error;
        QVERIFY(!PostgresReviewStore::open(m_server.url(QStringLiteral("alice")).toStdString(),
                                           m_queues.filePath(QStringLiteral("q")).toStdString(),
                                           error));
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("init-store")),
                 error.c_str());
        const Outcome made =
            PostgresReviewStore::initStore(m_server.url(QStringLiteral("postgres")).toStdString());
        QVERIFY2(made.isOk(), made.message.c_str());
        // Running it again upgrades in place: idempotent.
        QVERIFY(
            PostgresReviewStore::initStore(m_server.url(QStringLiteral("postgres")).toStdString())
                .isOk());
    }

    void urlsWithPasswordsAreRefused() {
        QVERIFY(PostgresReviewStore::urlProblem("postgresql://alice:secret@db/review"));
        QVERIFY(PostgresReviewStore::urlProblem("postgresql://db/review?password=x"));
        QVERIFY(PostgresReviewStore::urlProblem("mysql://db/review"));
        QVERIFY(!PostgresReviewStore::urlProblem("postgresql://alice@db:5433/review"));
        QVERIFY(!PostgresReviewStore::urlProblem("postgresql://db/review"));
    }

    void theServerRecordsWhoWrote() {
        auto alice = open(QStringLiteral("alice"), QStringLiteral("alice-1"));
        QVERIFY(alice);
        QCOMPARE(alice->reviewer(), std::string("alice"));
        VerdictRecord claimed = verdict(1, Verdict::Present, "o'quote \"and\" tab\t");
        claimed.reviewer = "bob"; // a name the client sends is ignored
        QVERIFY(alice->add(claimed).isOk());
        const auto latest = alice->latest(std::string("/m/x"));
        QCOMPARE(latest.size(), size_t(1));
        QCOMPARE(latest[0].reviewer, std::string("alice"));
        QCOMPARE(latest[0].note, claimed.note);
        QCOMPARE(latest[0].label.startMs, int64_t(1000));
    }

    void twoRolesWriteConcurrently() {
        auto alice = open(QStringLiteral("alice"), QStringLiteral("alice-2"));
        auto bob = open(QStringLiteral("bob"), QStringLiteral("bob-2"));
        QVERIFY(alice && bob);
        const size_t before = alice->history(std::nullopt).size();
        auto write = [](PostgresReviewStore *store, int first, int *failures) {
            for (int i = first; i < first + 200; ++i)
                *failures +=
                    !store->add(verdict(i, i % 2 ? Verdict::Present : Verdict::Absent)).isOk();
        };
        int aliceFailures = 0, bobFailures = 0;
        std::thread a(write, alice.get(), 100, &aliceFailures);
        std::thread b(write, bob.get(), 100, &bobFailures);
        a.join();
        b.join();
        QCOMPARE(aliceFailures + bobFailures, 0);
        const auto history = alice->history(std::nullopt);
        QCOMPARE(history.size(), before + 400);
        int byAlice = 0, byBob = 0;
        for (const VerdictRecord &record : history) {
            byAlice += record.reviewer == "alice";
            byBob += record.reviewer == "bob";
        }
        QCOMPARE(byBob, 200);
        QVERIFY(byAlice >= 200);
        // Both see each other's verdicts: a team's view.
        QCOMPARE(bob->history(std::nullopt).size(), history.size());
    }

    void nobodyWritesOrChangesAsAnother() {
        QVERIFY(!m_server.sqlAs(QStringLiteral("alice"), QStringLiteral("SELECT 1")).isNull());
        // Row-level security refuses a row claiming another reviewer.
        QVERIFY(m_server
                    .sqlAs(QStringLiteral("bob"),
                           QStringLiteral("INSERT INTO audioset_review.verdicts(client_id, split, "
                                          "ytid, start_ms, class_mid, verdict, reviewer, "
                                          "given_at_ms) VALUES ('forged', 0, 'seg1', 1000, "
                                          "'/m/x', 'absent', 'alice', 0)"))
                    .isNull());
        QVERIFY2(m_server.error().contains(QStringLiteral("row-level security")),
                 qPrintable(m_server.error()));
        // Nothing can be changed or removed, one's own or another's: history is kept.
        for (const char *statement :
             {"UPDATE audioset_review.verdicts SET verdict = 'absent' WHERE reviewer = 'alice'",
              "UPDATE audioset_review.verdicts SET verdict = 'absent' WHERE reviewer = 'bob'",
              "DELETE FROM audioset_review.verdicts WHERE reviewer = 'alice'"}) {
            QVERIFY(m_server.sqlAs(QStringLiteral("bob"), QLatin1String(statement)).isNull());
            QVERIFY2(m_server.error().contains(QStringLiteral("permission denied")),
                     qPrintable(m_server.error()));
        }
        auto alice = open(QStringLiteral("alice"), QStringLiteral("alice-3"));
        for (const VerdictRecord &record : alice->latest(std::string("/m/x")))
            QVERIFY(record.label.ytid != "seg1" || record.reviewer != "alice" ||
                    record.verdict == Verdict::Present);
    }

    void serverAwayMidSessionLosesAndDoublesNothing() {
        auto alice = open(QStringLiteral("alice"), QStringLiteral("alice-4"));
        QVERIFY(alice);
        const size_t before = alice->history(std::nullopt).size();
        for (int i = 500; i < 505; ++i)
            QVERIFY(alice->add(verdict(i, Verdict::Present)).isOk());
        QVERIFY(m_server.stop());
        for (int i = 505; i < 510; ++i) {
            const Outcome kept = alice->add(verdict(i, Verdict::Absent));
            QVERIFY(kept.isOk());
            QVERIFY2(
                QString::fromStdString(kept.message).contains(QStringLiteral("server is away")),
                kept.message.c_str());
        }
        QCOMPARE(alice->queued(), size_t(5));
        QVERIFY(m_server.restart());
        QVERIFY(alice->add(verdict(510, Verdict::Unsure)).isOk()); // sends the queue first
        QCOMPARE(alice->queued(), size_t(0));
        const auto history = alice->history(std::nullopt);
        QCOMPARE(history.size(), before + 11);
        // A queue sent once already (a crash after the server stored it, before the file was
        // cleared) is not stored twice: the client ids are unique on the server.
        std::set<std::string> labels;
        for (const VerdictRecord &record : history)
            if (record.reviewer == "alice" && record.label.startMs >= 500000)
                labels.insert(record.label.ytid);
        QCOMPARE(labels.size(), size_t(11));
    }

    void aQueueSentTwiceIsStoredOnce() {
        auto bob = open(QStringLiteral("bob"), QStringLiteral("bob-5"));
        QVERIFY(bob);
        const size_t before = bob->history(std::nullopt).size();
        QVERIFY(m_server.stop());
        QVERIFY(bob->add(verdict(900, Verdict::Present)).isOk());
        const QString queue = m_queues.filePath(QStringLiteral("bob-5"));
        QFile file(queue);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray kept = file.readAll();
        file.close();
        QVERIFY(m_server.restart());
        QVERIFY(bob->flushQueue().isOk());
        // As if the file had survived the send: the same lines go again.
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kept);
        file.close();
        QCOMPARE(bob->queued(), size_t(1));
        QVERIFY(bob->flushQueue().isOk());
        QCOMPARE(bob->history(std::nullopt).size(), before + 1);
    }

    // The command line over the shared store: init-store, judge as two roles, stats with kappa.
    void commandLineWithTheSharedStore() {
        test::FixtureWriter fixture;
        fixture.writeStandardRelease();
        Diagnostics diagnostics;
        QVERIFY(indexRelease(
                    test::indexOptions(fixture.dir().toStdString(), fixture.dbPath().toStdString()),
                    diagnostics, {})
                    .indexed());
        const QString superuser = m_server.url(QStringLiteral("postgres"));
        QCOMPARE(test::runCli({QStringLiteral("review"), QStringLiteral("init-store"),
                               QStringLiteral("--review-store"), superuser})
                     .exitCode,
                 0);
        auto judge = [&](const QString &role, const char *verdict, const QStringList &extra = {}) {
            QStringList args{QStringLiteral("review"),         QStringLiteral("judge"),
                             QStringLiteral("--db"),           fixture.dbPath(),
                             QStringLiteral("--class"),        QStringLiteral("/m/d"),
                             QStringLiteral("--split"),        QStringLiteral("eval"),
                             QStringLiteral("--ytid"),         QStringLiteral("aaaaaaaaaa1"),
                             QStringLiteral("--start"),        QStringLiteral("0"),
                             QStringLiteral("--verdict"),      QLatin1String(verdict),
                             QStringLiteral("--review-store"), m_server.url(role)};
            return test::runCli(args + extra);
        };
        QCOMPARE(judge(QStringLiteral("alice"), "present").exitCode, 0);
        QCOMPARE(judge(QStringLiteral("bob"), "present").exitCode, 0);
        // A name of one's choosing is for the local store only.
        QCOMPARE(judge(QStringLiteral("bob"), "absent",
                       {QStringLiteral("--reviewer"), QStringLiteral("alice")})
                     .exitCode,
                 2);
        const auto stats =
            test::runCli({QStringLiteral("review"), QStringLiteral("stats"), QStringLiteral("--db"),
                          fixture.dbPath(), QStringLiteral("--class"), QStringLiteral("/m/d"),
                          QStringLiteral("--review-store"), m_server.url(QStringLiteral("alice")),
                          QStringLiteral("--json")});
        QCOMPARE(stats.exitCode, 0);
        const QJsonObject json = stats.json().object();
        QCOMPARE(json[QStringLiteral("reviewers")].toArray(),
                 (QJsonArray{QStringLiteral("alice"), QStringLiteral("bob")}));
        const QJsonObject agreement = json[QStringLiteral("agreement")].toArray()[0].toObject();
        QCOMPARE(agreement[QStringLiteral("percent_agreement")].toDouble(), 100.0);
        QCOMPARE(json[QStringLiteral("classes")]
                     .toArray()[0]
                     .toObject()[QStringLiteral("present")]
                     .toInt(),
                 1);
    }

    void cleanupTestCase() { QVERIFY(m_server.stop()); }
};

QTEST_GUILESS_MAIN(TestReviewPostgres)
#include "tst_review_postgres.moc"
