// Issue 16 in the window: audio folders scanned for the open index, the Audio column and filter,
// and the inspector's player with its waveform, spectrogram and frames on one time axis.
// Playback goes to a real PulseAudio server the test starts (a null sink whose monitor is
// recorded, so the test hears what was played); with AUDIOSET_TEST_AUDIO_DEVICE=none the same
// tests run with no sound device at all, where the pictures must still come.
#include "asynccatalog.h"
#include "audiofoldersdialog.h"
#include "audiolibrary.h"
#include "audiopicture.h"
#include "audioscanstatus.h"
#include "audioview.h"
#include "localreviewstore.h"
#include "ontologypanel.h"
#include "pulseserver.h"
#include "reviewdialog.h"
#include "segmentinspector.h"
#include "segmentpanel.h"
#include "segmenttablemodel.h"
#include "windowtesting.h"

#include <QAudioDevice>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMediaDevices>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>

using namespace audioset;
using namespace audioset::ui;
using namespace audioset::ui::windowtest;

namespace {

bool makeTone(const QString &path, double seconds, const QString &tone) {
    QProcess sox;
    sox.start(QStringLiteral("sox"),
              {QStringLiteral("-n"), QStringLiteral("-r"), QStringLiteral("16000"), path,
               QStringLiteral("synth"), QString::number(seconds), QStringLiteral("sine"), tone,
               QStringLiteral("gain"), QStringLiteral("-6")});
    return sox.waitForFinished(30000) && sox.exitCode() == 0;
}

} // namespace

class TestAudioUi : public QObject {
    Q_OBJECT

    QTemporaryDir m_audio;
    audioset::test::PulseServer m_sound;
    bool m_device = false;

private Q_SLOTS:
    void initTestCase() {
        m_device = qEnvironmentVariable("AUDIOSET_TEST_AUDIO_DEVICE") != QLatin1String("none");
        // Its own settings: ctest runs both variants at once.
        if (!m_device)
            QCoreApplication::setApplicationName(QStringLiteral("tst_audio_ui_no_device"));
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        if (m_device) {
            QVERIFY2(m_sound.start(), qPrintable(m_sound.error()));
        } else {
            qputenv("PULSE_SERVER", "unix:/nonexistent/audioset-test-no-sound");
        }
        QCOMPARE(!QMediaDevices::audioOutputs().isEmpty(), m_device);
        // The standard fixture's eval segments: one clip named by id, one by id and start.
        QVERIFY(makeTone(m_audio.filePath(QStringLiteral("aaaaaaaaaa1.wav")), 10,
                         QStringLiteral("1000")));
        QVERIFY(makeTone(m_audio.filePath(QStringLiteral("aaaaaaaaaa3_239.8.flac")), 10,
                         QStringLiteral("300:3000")));
    }

    void inspectorPlaysAndDrawsTheSegment() {
        FixtureWriter fixture;
        indexFixture(fixture);
        MainWindow window;
        window.addAudioFolders({m_audio.path()});
        QVERIFY(openWindowOn(window, fixture.dbPath()));
        SegmentPanel *panel = window.segmentPanel();
        auto *filter = panel->findChild<QComboBox *>(QStringLiteral("audioFilter"));
        QVERIFY(filter);
        QVERIFY(waitUntil([&] { return filter->isVisibleTo(panel); })); // the scan found some
        window.selectClass(QStringLiteral("/m/a"));
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        QTableView *table = panel->view();
        QVERIFY(!table->isColumnHidden(SegmentTableModel::AudioColumn));

        AudioView *audio = window.inspector()->audio();
        QSignalSpy shown(audio, &AudioView::pictureShown);
        panel->selectRow(0); // aaaaaaaaaa1
        QVERIFY(shown.wait(10000));
        QVERIFY2(audio->hasAudio(), qPrintable(audio->message()));
        QVERIFY(audio->message().contains(QStringLiteral("aaaaaaaaaa1.wav")));
        const AudioPictureData &picture = audio->picture()->picture();
        QCOMPARE(picture.seconds, 10.0);
        QVERIFY(!picture.spectrogram.isNull());
        // Hovering over the spectrogram says time and frequency.
        const QPoint middle(audio->picture()->width() / 2, 60);
        QVERIFY2(audio->picture()->describe(middle).contains(QStringLiteral("Hz")),
                 qPrintable(audio->picture()->describe(middle)));

        if (m_device) {
            QTest::keyClick(table, Qt::Key_Space); // the window's Play / Pause
            QVERIFY(waitUntil([&] { return audio->isPlaying(); }));
            // The line moves with the sound, and the sound reaches the device.
            QVERIFY(waitUntil([&] { return audio->picture()->position() > 0.3; }));
            const double playing = m_sound.recordLevel(400);
            QVERIFY2(playing > 0.1, qPrintable(QString::number(playing)));
            QTest::keyClick(table, Qt::Key_Space);
            QVERIFY(waitUntil([&] { return !audio->isPlaying(); }));
            const double paused = audio->picture()->position();
            QTest::qWait(300);
            const double silent = m_sound.recordLevel(300);
            QVERIFY2(silent >= 0 && silent < 0.01, qPrintable(QString::number(silent)));
            QCOMPARE(audio->picture()->position(), paused);
            // Space goes on from there; R starts the segment again.
            QTest::keyClick(table, Qt::Key_Space);
            QVERIFY(waitUntil([&] { return audio->isPlaying(); }));
            QVERIFY(waitUntil([&] { return audio->picture()->position() > paused + 0.2; }));
            QTest::keyClick(table, Qt::Key_R);
            QVERIFY(waitUntil([&] { return audio->picture()->position() < paused; }));
            QVERIFY(audio->isPlaying());
        } else {
            QVERIFY(audio->message().contains(QStringLiteral("no audio output device")));
            QTest::keyClick(table, Qt::Key_Space); // nothing to play on: nothing happens
            QVERIFY(!audio->isPlaying());
        }
        if (const QString shots = qEnvironmentVariable("AUDIOSET_TEST_SCREENSHOTS");
            !shots.isEmpty()) {
            for (const QSize size : {QSize(1600, 1000), QSize(1024, 700)}) {
                window.resize(size);
                QTest::qWait(150);
                window.grab().save(QStringLiteral("%1/audio-%2x%3.png")
                                       .arg(shots)
                                       .arg(size.width())
                                       .arg(size.height()));
            }
        }

        // A segment without a file says so in one line.
        panel->selectRow(1); // aaaaaaaaaa2: no file
        QVERIFY(shown.wait(10000));
        QVERIFY(!audio->hasAudio());
        QVERIFY2(audio->message().contains(QStringLiteral("aaaaaaaaaa2")),
                 qPrintable(audio->message()));

        // The filter keeps the segments with audio.
        filter->setCurrentIndex(filter->findData(1));
        QVERIFY(
            waitUntil([&] { return window.isSettled() && !window.segmentModel()->isLoading(); }));
        QCOMPARE(window.segmentModel()->rowCount(), 2);
        for (int row = 0; row < 2; ++row)
            QVERIFY(window.segmentModel()
                        ->index(row, 0)
                        .data(SegmentTableModel::HasAudioRole)
                        .toBool());
    }

    // In review the segment's audio plays as it comes up (when there is a device), and its
    // picture shows either way; the setting is remembered.
    void reviewShowsAndPlaysTheAudio() {
        FixtureWriter fixture;
        indexFixture(fixture);
        std::string error;
        auto library = AudioLibrary::open(fixture.dbPath().toStdString(), error);
        QVERIFY(library && library->scan({m_audio.path().toStdString()}, {}).outcome.isOk());
        QString openError;
        auto catalog = AsyncCatalog::open(fixture.dbPath(), openError);
        QVERIFY(catalog);
        std::shared_ptr<ReviewStore> store =
            LocalReviewStore::open(fixture.dbPath().toStdString(), "tester", error);
        QVERIFY(store);
        auto direct = Catalog::open(fixture.dbPath().toStdString(), error);
        SegmentQuery query;
        query.withAudio = true;
        ReviewSetup setup;
        setup.spec.classMid = "/m/a";
        setup.spec.rollup = true;
        setup.ordered = direct->segments(query).rows;
        QCOMPARE(setup.ordered->size(), size_t(2));
        ReviewDialog dialog(catalog.get(), store, setup);
        auto *audio = dialog.findChild<AudioView *>();
        QVERIFY(audio);
        QSignalSpy shown(audio, &AudioView::pictureShown);
        dialog.show();
        QVERIFY(shown.wait(10000));
        QVERIFY2(audio->hasAudio(), qPrintable(audio->message()));
        if (m_device) {
            QVERIFY2(waitUntil([&] { return audio->isPlaying(); }), qPrintable(audio->message()));
            QVERIFY(waitUntil([&] { return audio->picture()->position() > 0.2; }));
        } else {
            QVERIFY(!audio->isPlaying());
        }
        QTest::keyClick(&dialog, Qt::Key_1); // present: the next segment, and its audio
        QVERIFY(shown.wait(10000));
        QVERIFY(audio->message().contains(QStringLiteral("aaaaaaaaaa3_239.8.flac")));
        if (m_device) { // the next segment plays by itself too
            QVERIFY(waitUntil([&] { return audio->isPlaying(); }));
            QVERIFY(waitUntil([&] { return audio->picture()->position() > 0.1; }));
        }
        auto *autoPlay = dialog.findChildren<QCheckBox *>().last();
        QVERIFY(autoPlay->text().contains(QStringLiteral("Play")));
        autoPlay->setChecked(false);
        QCOMPARE(QSettings().value(QStringLiteral("review/autoPlay")).toBool(), false);
    }

    // The Audio Folders list: Delete takes a folder off; a folder taken off is forgotten by the
    // index, so its files no longer play; the scan's status shows and its Cancel stops it.
    void audioFoldersAddAndForget() {
        AudioFoldersDialog dialog;
        dialog.setFolders({QStringLiteral("/a"), QStringLiteral("/b")});
        auto *list = dialog.findChild<QListWidget *>();
        QVERIFY(list);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        list->setFocus();
        list->setCurrentRow(0);
        QTest::keyClick(list, Qt::Key_Delete);
        QCOMPARE(dialog.folders(), QStringList{QStringLiteral("/b")});

        FixtureWriter fixture;
        indexFixture(fixture);
        MainWindow window;
        QVERIFY(openWindowOn(window, fixture.dbPath()));
        QSignalSpy scanned(&window, &MainWindow::audioScanned);
        // The scan the window starts on opening (nothing to scan yet) may end in between.
        const auto said = [&] {
            return !scanned.isEmpty() && !scanned.last().first().toString().isEmpty();
        };
        // A segment selected while the scan runs stays selected and shown when it ends.
        window.selectClass(QStringLiteral("/m/a"));
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        window.segmentPanel()->selectRow(2); // aaaaaaaaaa3
        QVERIFY(waitUntil([&] { return window.segmentPanel()->currentSegment(); }));
        AudioView *audio = window.inspector()->audio();
        window.applyAudioFolders({m_audio.path()});
        QVERIFY(waitUntil(said));
        QVERIFY2(scanned.last().first().toString().contains(QStringLiteral("2 segments")),
                 qPrintable(scanned.last().first().toString()));
        QCOMPARE(AudioFoldersDialog::remembered(), QStringList{m_audio.path()});
        auto *filter = window.segmentPanel()->findChild<QComboBox *>(QStringLiteral("audioFilter"));
        QVERIFY(waitUntil([&] { return filter->isVisibleTo(window.segmentPanel()); }));
        QVERIFY(!window.audioScanStatus()->isVisible());
        QVERIFY(waitUntil([&] {
            const SegmentRow *row = window.segmentPanel()->currentSegment();
            return row && row->ytid == "aaaaaaaaaa3" && audio->hasAudio();
        }));
        QCOMPARE(window.segmentPanel()->currentRow(), 2);
        QVERIFY(window.inspector()->isVisible());

        scanned.clear();
        window.applyAudioFolders({});
        QVERIFY(waitUntil(said));
        QVERIFY2(scanned.last().first().toString().contains(QStringLiteral("forgotten")),
                 qPrintable(scanned.last().first().toString()));
        QVERIFY(waitUntil([&] { return !filter->isVisibleTo(window.segmentPanel()); }));
        std::string error;
        auto library = AudioLibrary::open(fixture.dbPath().toStdString(), error);
        QVERIFY(!library->find("aaaaaaaaaa1", 0, error));

        // The status's Cancel asks the running scan to stop.
        AudioScanStatus *status = window.audioScanStatus();
        const auto ticket = status->begin();
        QVERIFY(status->isVisible());
        ticket->seen = 12345;
        QVERIFY(waitUntil([&] { return status->text().contains(QStringLiteral("12,345")); }));
        if (const QString shots = qEnvironmentVariable("AUDIOSET_TEST_SCREENSHOTS");
            !shots.isEmpty()) {
            window.resize(1024, 700);
            QTest::qWait(150);
            window.grab().save(shots + QStringLiteral("/audio-scanning-1024x700.png"));
        }
        status->cancelButton()->click();
        QVERIFY(ticket->cancelled);
        QVERIFY(status->text().contains(QStringLiteral("Stopping")));
        status->end(ticket);
        QVERIFY(!status->isVisible());
    }

    // Space still presses a focused button; typing a space in the filter still types it.
    void spaceStaysWithControlsThatUseIt() {
        FixtureWriter fixture;
        indexFixture(fixture);
        MainWindow window;
        QVERIFY(openWindowOn(window, fixture.dbPath()));
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto *filterBox = window.ontologyPanel()->findChild<QLineEdit *>();
        filterBox->setFocus();
        QTest::keyClicks(filterBox, QStringLiteral("a b"));
        QCOMPARE(filterBox->text(), QStringLiteral("a b"));
        window.selectClass(QStringLiteral("/m/a"));
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        window.segmentPanel()->selectRow(0);
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        QPushButton *copy = nullptr;
        for (QPushButton *button : window.inspector()->findChildren<QPushButton *>())
            if (button->text() == QLatin1String("Copy link")) copy = button;
        QVERIFY(copy);
        QSignalSpy clicked(copy, &QPushButton::clicked);
        copy->setFocus();
        QTest::keyClick(copy, Qt::Key_Space);
        QCOMPARE(clicked.size(), 1);
    }
};

QTEST_MAIN(TestAudioUi)
#include "tst_audio_ui.moc"
