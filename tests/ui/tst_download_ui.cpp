// Issue 15 in the window: the download dialog fetches a release from a loopback server the
// test starts; the window indexes and opens the metadata while the features archive is still
// coming, then indexes the embeddings when it is in. Progress, file states and errors show.
#include "clirunner.h"
#include "downloaddialog.h"
#include "httptestserver.h"
#include "mainwindow.h"
#include "ontologymodel.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace audioset;
using namespace audioset::ui;
using audioset::test::HttpTestServer;
using Fault = HttpTestServer::Fault;

class TestDownloadUi : public QObject {
    Q_OBJECT

    QTemporaryDir m_release; // a small synthetic release, served as if it were Google's
    QString m_featuresSha;

    void serve(HttpTestServer &server) {
        for (const QString &name : QDir(m_release.path()).entryList(QDir::Files)) {
            QFile file(QDir(m_release.path()).filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            server.setFile(name, file.readAll());
        }
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        const auto made = test::runCli({QStringLiteral("generate-demo"), m_release.path(),
                                        QStringLiteral("--segments"), QStringLiteral("3000"),
                                        QStringLiteral("--force")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        QFile features(QDir(m_release.path()).filePath(QStringLiteral("features.tar.gz")));
        QVERIFY(features.open(QIODevice::ReadOnly));
        m_featuresSha = QString::fromLatin1(
            QCryptographicHash::hash(features.readAll(), QCryptographicHash::Sha256).toHex());
    }

    // Browsing starts before the features are in; the embeddings follow by themselves.
    void windowBrowsesTheMetadataWhileTheFeaturesArrive() {
        HttpTestServer server;
        serve(server);
        server.addFaults(QStringLiteral("features.tar.gz"), {{Fault::Throttle, 60}});
        QTemporaryDir target;
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        // The first page offers the download first.
        const auto buttons = window.findChildren<QPushButton *>();
        const auto offer = std::find_if(buttons.begin(), buttons.end(), [](QPushButton *button) {
            return button->isVisible() && button->text() == QStringLiteral("Download AudioSet…");
        });
        QVERIFY(offer != buttons.end());
        if (const QString shots = qEnvironmentVariable("AUDIOSET_TEST_SCREENSHOTS");
            !shots.isEmpty())
            window.grab().save(shots + QStringLiteral("/welcome.png"));
        QTest::mouseClick(*offer, Qt::LeftButton);
        DownloadDialog *dialog = window.showDownloadDialog(); // the one the click opened
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        dialog->setBaseUrl(server.url());
        dialog->setFolder(target.path());
        dialog->setFeatures(true);
        dialog->setChecksum(QStringLiteral("features.tar.gz"), m_featuresSha);
        QSignalSpy metadata(dialog, &DownloadDialog::metadataReady);
        QSignalSpy finished(dialog, &DownloadDialog::downloadFinished);
        QSignalSpy opened(&window, &MainWindow::ontologyLoaded);
        dialog->start();
        QVERIFY(dialog->isRunning());
        QVERIFY(metadata.wait(20000));
        QVERIFY(opened.wait(20000));  // the metadata was indexed and opened...
        QVERIFY(dialog->isRunning()); // ...while the archive was still coming
        QVERIFY(!window.hasEmbeddings());
        QVERIFY(window.ontologyModel()->classCount() > 500);
        const auto bars = dialog->findChildren<QProgressBar *>();
        QCOMPARE(bars.size(), 2);
        QVERIFY(QTest::qWaitFor([&] { return bars[0]->value() > 0; }, 10000));
        const auto lines = dialog->findChildren<QLabel *>();
        QVERIFY(std::any_of(lines.begin(), lines.end(), [](const QLabel *label) {
            return label->text().startsWith(QStringLiteral("All files:")) &&
                   label->text().contains(QStringLiteral(" MB"));
        }));
        if (const QString shots = qEnvironmentVariable("AUDIOSET_TEST_SCREENSHOTS");
            !shots.isEmpty())
            dialog->grab().save(shots + QStringLiteral("/download-running.png"));

        QVERIFY(finished.wait(60000));
        QVERIFY(finished.first().first().value<Outcome>().isOk());
        QVERIFY(QTest::qWaitFor([&] { return window.hasEmbeddings(); }, 30000));
        QVERIFY(window.indexPath().endsWith(QStringLiteral(".db")));
        auto *files = dialog->findChild<QTreeWidget *>();
        QCOMPARE(files->topLevelItemCount(), 8);
        for (int row = 0; row < files->topLevelItemCount(); ++row)
            QCOMPARE(files->topLevelItem(row)->text(1), QStringLiteral("fetched and checked"));
        QVERIFY(
            !QFile::exists(QDir(target.path()).filePath(QStringLiteral("features.tar.gz.part"))));
    }

    // A file the server does not have is named with its URL in the list; the rest still come.
    void failuresShowInTheList() {
        HttpTestServer server;
        serve(server);
        server.addFaults(QStringLiteral("qa_true_counts.csv"), {{Fault::Status, 404}});
        QTemporaryDir target;
        MainWindow window;
        window.show();
        DownloadDialog *dialog = window.showDownloadDialog();
        dialog->setBaseUrl(server.url());
        dialog->setFolder(target.path());
        dialog->setFeatures(false);
        QSignalSpy metadata(dialog, &DownloadDialog::metadataReady);
        QSignalSpy finished(dialog, &DownloadDialog::downloadFinished);
        dialog->start();
        QVERIFY(finished.wait(30000));
        QVERIFY(finished.first().first().value<Outcome>().isFailed());
        QVERIFY(metadata.isEmpty()); // not browsable without every metadata file
        auto *files = dialog->findChild<QTreeWidget *>();
        bool named = false;
        for (int row = 0; row < files->topLevelItemCount(); ++row)
            if (files->topLevelItem(row)->text(0) == QLatin1String("qa_true_counts.csv"))
                named = files->topLevelItem(row)->text(1).contains(
                    server.url() + QStringLiteral("/qa_true_counts.csv"));
        QVERIFY(named);
        QVERIFY(QFile::exists(QDir(target.path()).filePath(QStringLiteral("eval_segments.csv"))));
        // Download Again once the server is right fetches only what is missing.
        const int evalGets = server.getCount(QStringLiteral("eval_segments.csv"));
        dialog->start();
        QVERIFY(QTest::qWaitFor([&] { return finished.size() == 2; }, 30000));
        QVERIFY(finished.last().first().value<Outcome>().isOk());
        QCOMPARE(metadata.size(), 1);
        QCOMPARE(server.getCount(QStringLiteral("eval_segments.csv")), evalGets);
    }

    // Cancel (or Escape) stops a running download and keeps what arrived.
    void cancelStopsAndKeepsTheParts() {
        HttpTestServer server;
        serve(server);
        server.addFaults(QStringLiteral("features.tar.gz"), {{Fault::Throttle, 200}});
        QTemporaryDir target;
        DownloadDialog dialog;
        dialog.setBaseUrl(server.url());
        dialog.setFolder(target.path());
        dialog.setFeatures(true);
        dialog.show();
        QSignalSpy finished(&dialog, &DownloadDialog::downloadFinished);
        dialog.start();
        const QString part = QDir(target.path()).filePath(QStringLiteral("features.tar.gz.part"));
        QVERIFY(QTest::qWaitFor([&] { return QFileInfo(part).size() > 0; }, 20000));
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QVERIFY(finished.wait(20000));
        QVERIFY(finished.first().first().value<Outcome>().isCancelled());
        QVERIFY(dialog.isVisible()); // the first Escape cancels; it does not close
        QVERIFY(QFile::exists(part));
    }
};

QTEST_MAIN(TestDownloadUi)
#include "tst_download_ui.moc"
