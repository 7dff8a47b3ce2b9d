// The review view driven with key clicks, as an annotator would: verdicts stored, undo, skip,
// auto-advance, resume, blind mode, and the same sample for a seed.
#include "asynccatalog.h"
#include "fixturewriter.h"
#include "indexer.h"
#include "localreviewstore.h"
#include "ontologymodel.h"
#include "reviewdialog.h"
#include "reviewsession.h"
#include "reviewstats.h"
#include "reviewstoreopener.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace audioset;
using namespace audioset::ui;
using audioset::test::FixtureWriter;
using audioset::test::segmentRow;

namespace {

std::shared_ptr<ReviewStore> openStore(const FixtureWriter &fixture, const char *reviewer) {
    std::string error;
    std::shared_ptr<ReviewStore> store =
        LocalReviewStore::open(fixture.dbPath().toStdString(), reviewer, error);
    if (!store) qWarning("%s", error.c_str());
    return store;
}

ReviewSetup setupFor(uint64_t seed, bool blind) {
    ReviewSetup setup;
    setup.spec = {"/m/d", Split::Eval, false, 4, seed};
    setup.blind = blind;
    return setup;
}

std::vector<std::string> ytidsOf(const ReviewSession &session) {
    std::vector<std::string> ytids;
    for (int i = 0; i < session.size(); ++i) {
        const_cast<ReviewSession &>(session).moveTo(i);
        ytids.push_back(session.current()->ytid);
    }
    return ytids;
}

bool labelShows(const QWidget &dialog, const QString &text) {
    for (const QLabel *label : dialog.findChildren<QLabel *>())
        if (label->isVisibleTo(&dialog) && label->text().contains(text)) return true;
    return false;
}

} // namespace

class TestReviewUi : public QObject {
    Q_OBJECT

    FixtureWriter m_fixture;
    std::unique_ptr<AsyncCatalog> m_catalog;

    std::unique_ptr<ReviewDialog> openDialog(const std::shared_ptr<ReviewStore> &store,
                                             ReviewSetup setup) {
        auto dialog = std::make_unique<ReviewDialog>(m_catalog.get(), store, setup);
        QSignalSpy ready(dialog.get(), &ReviewDialog::ready);
        dialog->show();
        if (!ready.wait(5000)) return nullptr;
        QSignalSpy shown(dialog.get(), &ReviewDialog::segmentShown);
        shown.wait(2000);
        return dialog;
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        m_fixture.writeOntology();
        m_fixture.writeLabelIndex();
        QStringList rows;
        for (int i = 0; i < 8; ++i)
            rows << segmentRow(QStringLiteral("ui%1").arg(i, 9, 10, QLatin1Char('0')),
                               QStringLiteral("%1").arg(i * 10),
                               QStringLiteral("%1").arg(i * 10 + 10), QStringLiteral("/m/d,/m/a"));
        m_fixture.writeSegments(QStringLiteral("eval_segments.csv"), rows);
        m_fixture.writeFile(QStringLiteral("qa_true_counts.csv"),
                            "label_id,num_rated,num_true\n/m/d,10,7\n");
        Diagnostics diagnostics;
        QVERIFY(indexRelease(test::indexOptions(m_fixture.dir().toStdString(),
                                                m_fixture.dbPath().toStdString()),
                             diagnostics, {})
                    .indexed());
        QString error;
        m_catalog = AsyncCatalog::open(m_fixture.dbPath(), error);
        QVERIFY2(m_catalog, qPrintable(error));
    }

    void storesOpenOffTheGuiThread() {
        // The index file's own store, and a shared store nobody listens for (a closed port on
        // the loopback address): each answer arrives through the event loop, none blocks it.
        QObject context;
        std::shared_ptr<ReviewStore> opened;
        QString failure = QStringLiteral("not answered");
        bool answered = false;
        openReviewStoreInBackground(&context, {}, m_fixture.dbPath().toStdString(), "ann",
                                    [&](std::shared_ptr<ReviewStore> store, const QString &error) {
                                        opened = std::move(store);
                                        failure = error;
                                        answered = true;
                                    });
        QVERIFY(!answered); // handed over later, on this thread
        QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
        QVERIFY2(opened, qPrintable(failure));
        answered = false;
        openReviewStoreInBackground(&context, "postgresql://nobody@127.0.0.1:1/reviews",
                                    m_fixture.dbPath().toStdString(), "ann",
                                    [&](std::shared_ptr<ReviewStore> store, const QString &error) {
                                        opened = std::move(store);
                                        failure = error;
                                        answered = true;
                                    });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 30000);
        QVERIFY(!opened);
        QVERIFY2(!failure.isEmpty(), "a failed store says why");
    }

    void keysJudgeAdvanceUndoSkipAndResume() {
        auto store = openStore(m_fixture, "ann");
        auto dialog = openDialog(store, setupFor(7, true));
        QVERIFY(dialog);
        ReviewSession *session = dialog->session();
        QCOMPARE(session->size(), 4);
        QCOMPARE(session->position(), 0);
        const std::string first = session->current()->ytid;

        QTest::keyClick(dialog.get(), Qt::Key_1); // present, and on to the next
        QCOMPARE(session->position(), 1);
        QCOMPARE(session->verdictAt(0), std::optional<Verdict>(Verdict::Present));
        // A note goes with the next verdict; typing it does not judge.
        QLineEdit *note = dialog->findChild<QLineEdit *>();
        note->setFocus();
        QTest::keyClicks(note, QStringLiteral("pun"));
        QCOMPARE(session->position(), 1);
        dialog->setFocus();
        QTest::keyClick(dialog.get(), Qt::Key_N);
        QCOMPARE(session->verdictAt(1), std::optional<Verdict>(Verdict::Absent));
        QCOMPARE(note->text(), QString());
        QTest::keyClick(dialog.get(), Qt::Key_S); // skip the third
        QCOMPARE(session->position(), 3);
        QVERIFY(!session->verdictAt(2));
        QTest::keyClick(dialog.get(), Qt::Key_U);
        QCOMPARE(session->verdictAt(3), std::optional<Verdict>(Verdict::Unsure));
        QCOMPARE(session->position(), 2); // auto-advance finds the skipped one
        QTest::keyClick(dialog.get(), Qt::Key_Z, Qt::ControlModifier); // undo the unsure
        QCOMPARE(session->position(), 3);
        QVERIFY(!session->verdictAt(3));

        // Stored the moment they were given, with the note; the undo is in the history.
        const auto latest = store->latest(std::string("/m/d"));
        QCOMPARE(latest.size(), size_t(2));
        QCOMPARE(latest[0].label.ytid, first);
        QCOMPARE(latest[1].note, std::string("pun"));
        QCOMPARE(store->history(std::nullopt).size(), size_t(4));

        // Leaving and coming back resumes at the first segment without a verdict.
        dialog.reset();
        auto again = openDialog(store, setupFor(7, true));
        QVERIFY(again);
        QCOMPARE(again->session()->position(), 2);
        QCOMPARE(again->session()->judgedCount(), 2);
    }

    void sameSampleForASeed() {
        auto store = openStore(m_fixture, "cat");
        auto a = openDialog(store, setupFor(11, false));
        auto b = openDialog(store, setupFor(11, false));
        auto c = openDialog(store, setupFor(12, false));
        QVERIFY(a && b && c);
        QCOMPARE(ytidsOf(*a->session()), ytidsOf(*b->session()));
        QVERIFY(ytidsOf(*a->session()) != ytidsOf(*c->session()));
        QVERIFY(labelShows(*a, QStringLiteral("seed 11")));
    }

    void blindModeHidesTheOfficialEstimateUntilDone() {
        auto other = openStore(m_fixture, "dan");
        {
            auto dialog = openDialog(other, setupFor(5, false));
            QVERIFY(dialog);
            QTest::keyClick(dialog.get(), Qt::Key_2); // dan: not present on the first segment
        }
        auto store = openStore(m_fixture, "eve");
        auto dialog = openDialog(store, setupFor(5, true));
        QVERIFY(dialog);
        QVERIFY(!labelShows(*dialog, QStringLiteral("Official estimate: 70%")));
        QVERIFY(!labelShows(*dialog, QStringLiteral("dan")));
        QVERIFY(labelShows(*dialog, QStringLiteral("Blind review")));
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(dialog.get(), Qt::Key_P);
        QVERIFY(dialog->session()->finished());
        QVERIFY(labelShows(*dialog, QStringLiteral("Official estimate: 70%")));
        QVERIFY(labelShows(*dialog, QStringLiteral("4 present, 0 not present, 0 unsure")));

        // Outside blind mode both show from the start, with the other reviewer's verdict.
        auto open = openDialog(openStore(m_fixture, "fay"), setupFor(5, false));
        QVERIFY(open);
        QVERIFY(labelShows(*open, QStringLiteral("Official estimate: 70%")));
        QVERIFY(labelShows(*open, QStringLiteral("dan: not present")));
    }

    // The ontology's Reviewed column: the reviewed estimate with the number judged, a mark where
    // it disagrees with the official estimate, and sorting that puts those first.
    void reviewedColumnInTheOntology() {
        std::string error;
        auto catalog = Catalog::open(m_fixture.dbPath().toStdString(), error);
        QVERIFY(catalog);
        OntologyModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setOntology(catalog->classes(), catalog->classEdges());
        std::vector<VerdictRecord> latest;
        for (int i = 0; i < 10; ++i) {
            VerdictRecord record;
            record.label = {Split::Eval, "seg" + std::to_string(i), 0, "/m/d"};
            record.reviewer = "ann";
            record.verdict = Verdict::Absent; // 0 of 10 against the official 7 of 10
            latest.push_back(record);
        }
        VerdictRecord other = latest[0];
        other.label.classMid = "/m/a";
        other.verdict = Verdict::Present;
        latest.push_back(other);
        model.setReviews(summarizeReviews(latest, {{"/m/d", {10, 7}}}));
        const QModelIndex d = model.indexOf(QStringLiteral("/m/d"));
        const QModelIndex a = model.indexOf(QStringLiteral("/m/a"));
        const QModelIndex e = model.indexOf(QStringLiteral("/m/e"));
        auto cell = [&](const QModelIndex &index, int role) {
            return model.index(index.row(), OntologyModel::ReviewedColumn, index.parent())
                .data(role);
        };
        QCOMPARE(cell(d, Qt::DisplayRole).toString(), QStringLiteral("0% (10) ≠"));
        QCOMPARE(cell(a, Qt::DisplayRole).toString(), QStringLiteral("100% (1)"));
        QCOMPARE(cell(e, Qt::DisplayRole).toString(), QString());
        QVERIFY(cell(d, OntologyModel::SortRole).toDouble() >
                cell(a, OntologyModel::SortRole).toDouble());
        QVERIFY(cell(a, OntologyModel::SortRole).toDouble() >
                cell(e, OntologyModel::SortRole).toDouble());
        QVERIFY(cell(d, Qt::ToolTipRole).toString().contains(QStringLiteral("disagrees")));
    }
};

QTEST_MAIN(TestReviewUi)
#include "tst_review_ui.moc"
