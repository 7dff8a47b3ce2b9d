// Local audio (issue 16): sox makes tones and chirps of known frequency and length, in WAV, FLAC
// and MP3 (ffmpeg re-encodes them as the m4a and webm YouTube downloaders write), named in each
// layout download scripts use, in per-split folders and not; the scan must match the right files to
// the right segments of the real index and ignore the rest; the spectrogram's peak must sit at the
// tone and follow the chirp; decoding must keep the file's length and turn corrupt or truncated
// files into errors that name them.
#include "audiodecode.h"
#include "audiolibrary.h"
#include "catalog.h"
#include "clirunner.h"
#include "diagnostics.h"
#include "fixturewriter.h"
#include "indexer.h"
#include "spectrogram.h"
#include "subsetexporter.h"
#include "subsetplanner.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace audioset;

namespace {

// Runs sox to make `path`: `seconds` of a sine at `hz` (or a sweep to `toHz`).
bool makeTone(const QString &path, double seconds, int hz, int toHz = 0, int rate = 16000,
              int channels = 1) {
    QDir().mkpath(QFileInfo(path).path());
    QProcess sox;
    // "a:b" is sox's linear sweep ("a-b" would be exponential).
    const QString tone = toHz ? QStringLiteral("%1:%2").arg(hz).arg(toHz) : QString::number(hz);
    sox.start(QStringLiteral("sox"),
              {QStringLiteral("-n"), QStringLiteral("-r"), QString::number(rate),
               QStringLiteral("-c"), QString::number(channels), path, QStringLiteral("synth"),
               QString::number(seconds), QStringLiteral("sine"), tone, QStringLiteral("gain"),
               QStringLiteral("-6")});
    return sox.waitForFinished(30000) && sox.exitCode() == 0;
}

// Runs ffmpeg to encode `from` as `to` (AAC for .m4a, Opus for .webm), as YouTube downloaders
// write them.
bool encode(const QString &from, const QString &to) {
    QProcess ffmpeg;
    const QString codec =
        to.endsWith(QLatin1String(".webm")) ? QStringLiteral("libopus") : QStringLiteral("aac");
    ffmpeg.start(QStringLiteral("ffmpeg"),
                 {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-y"),
                  QStringLiteral("-i"), from, QStringLiteral("-c:a"), codec, to});
    return ffmpeg.waitForFinished(60000) && ffmpeg.exitCode() == 0;
}

bool concatenate(const QStringList &parts, const QString &to) {
    QProcess sox;
    sox.start(QStringLiteral("sox"), QStringList(parts) << to);
    return sox.waitForFinished(30000) && sox.exitCode() == 0;
}

int peakBin(const Spectrogram &spectrogram, int frame) {
    int best = 0;
    for (int bin = 1; bin < spectrogram.bins; ++bin)
        if (spectrogram.at(frame, bin) > spectrogram.at(frame, best)) best = bin;
    return best;
}

} // namespace

class TestAudio : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    QString m_audio;

    QString audioPath(const char *relative) const {
        return QDir(m_audio).filePath(QString::fromUtf8(relative));
    }

private Q_SLOTS:
    void initTestCase() {
        const QString real = test::realDataDir();
        if (real.isEmpty()) QFAIL("../shared/data/audioset is not beside the checkout");
        for (const char *tool : {"sox", "ffmpeg"})
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                QFAIL(qPrintable(QStringLiteral("%1 is not installed (scripts/deps.sh installs it)")
                                     .arg(QLatin1String(tool))));
        m_db = m_dir.filePath(QStringLiteral("real.db"));
        Diagnostics diagnostics;
        IndexOptions options = test::indexOptions(real.toStdString(), m_db.toStdString());
        options.featurePaths = {m_dir.filePath(QStringLiteral("none")).toStdString()};
        QVERIFY(indexRelease(options, diagnostics, {}).outcome.isOk());
        m_audio = m_dir.filePath(QStringLiteral("audio"));
        // Real segments (see eval_segments.csv / balanced_train_segments.csv), each layout:
        QVERIFY(makeTone(audioPath("eval/Y--4gqARaEJE.wav"), 10, 1000)); // PANNs, start 0
        QVERIFY(makeTone(audioPath("eval/--BfvyPmVMo_20.flac"), 10, 440, 0, 22050, 2));
        QVERIFY(makeTone(audioPath("balanced_train/--PJHxphWEs_30000_40000.mp3"), 10, 2000));
        QVERIFY(makeTone(audioPath("bal_train/--ZhevVpy1s.wav"), 70, 300)); // a whole video
        // What must be ignored: an id in no split, a start that matches no segment, a wrong
        // split folder, names in no layout, a file that is not audio.
        QVERIFY(makeTone(audioPath("eval/zzzzzzzzzzz.wav"), 1, 100));
        QVERIFY(makeTone(audioPath("eval/--BfvyPmVMo_21.flac"), 1, 100));
        QVERIFY(makeTone(audioPath("unbalanced_train/--4gqARaEJE.wav"), 1, 100));
        QVERIFY(makeTone(audioPath("eval/notes.wav"), 1, 100));
        QFile text(audioPath("eval/--U7joUcTCo.txt"));
        QVERIFY(text.open(QIODevice::WriteOnly));
    }

    void scanMatchesEachLayoutAndIgnoresTheRest() {
        std::string error;
        auto library = AudioLibrary::open(m_db.toStdString(), error);
        QVERIFY2(library, error.c_str());
        const AudioScanReport report = library->scan({m_audio.toStdString()}, {});
        QVERIFY2(report.outcome.isOk(), report.outcome.message.c_str());
        QCOMPARE(report.audioFiles, int64_t(8));
        QCOMPARE(report.matchedFiles, int64_t(4));
        QCOMPARE(report.ignoredFiles, int64_t(4));
        const auto count = [&](Split split, AudioLayout layout) {
            return report.segments[size_t(splitIndex(split))][size_t(layout)];
        };
        QCOMPARE(count(Split::Eval, AudioLayout::PrefixedY), int64_t(1));
        QCOMPARE(count(Split::Eval, AudioLayout::StartSeconds), int64_t(1));
        QCOMPARE(count(Split::BalancedTrain, AudioLayout::StartMilliseconds), int64_t(1));
        QCOMPARE(count(Split::BalancedTrain, AudioLayout::BareYtid), int64_t(1));
        QCOMPARE(count(Split::UnbalancedTrain, AudioLayout::BareYtid), int64_t(0));

        const auto located = [&](const char *ytid, int64_t startMs) {
            std::string why;
            auto found = library->find(ytid, startMs, why);
            if (!found) qWarning("%s", why.c_str());
            return found;
        };
        auto clip = located("--4gqARaEJE", 0);
        QVERIFY(clip);
        QCOMPARE(QString::fromStdString(clip->path), audioPath("eval/Y--4gqARaEJE.wav"));
        QCOMPARE(clip->offsetSeconds, 0.0);
        QCOMPARE(clip->durationSeconds, 10.0);
        auto whole = located("--ZhevVpy1s", 50000); // 70 s of video: play from 50 s
        QVERIFY(whole);
        QCOMPARE(whole->offsetSeconds, 50.0);
        auto ms = located("--PJHxphWEs", 30000);
        QVERIFY(ms);
        QCOMPARE(ms->layout, AudioLayout::StartMilliseconds);
        QCOMPARE(ms->offsetSeconds, 0.0); // the name carries the start: a clip
        std::string why;
        QVERIFY(!library->find("--U7joUcTCo", 0, why));
        QVERIFY(why.find("--U7joUcTCo") != std::string::npos);
        QCOMPARE(library->segmentsWithAudio().size(), size_t(4));
    }

    void rescanWritesOnlyWhatChanged() {
        std::string error;
        auto library = AudioLibrary::open(m_db.toStdString(), error);
        QVERIFY(library);
        AudioScanReport again = library->scan({m_audio.toStdString()}, {});
        QCOMPARE(again.unchanged, int64_t(4));
        QCOMPARE(again.added + again.removed, int64_t(0));
        QVERIFY(QFile::rename(audioPath("eval/--BfvyPmVMo_20.flac"),
                              audioPath("eval/--BfvyPmVMo_20.flac.bak")));
        QVERIFY(makeTone(audioPath("eval/--U7joUcTCo_0.wav"), 10, 700));
        again = library->scan({m_audio.toStdString()}, {});
        QCOMPARE(again.removed, int64_t(1));
        QCOMPARE(again.added, int64_t(1));
        QCOMPARE(again.unchanged, int64_t(3));
        QVERIFY(QFile::rename(audioPath("eval/--BfvyPmVMo_20.flac.bak"),
                              audioPath("eval/--BfvyPmVMo_20.flac")));
        QVERIFY(QFile::remove(audioPath("eval/--U7joUcTCo_0.wav")));
        again = library->scan({m_audio.toStdString()}, {});
        QCOMPARE(again.added, int64_t(1)); // the file that came back
        QCOMPARE(again.removed, int64_t(1));
        QCOMPARE(again.unchanged, int64_t(3));
        const AudioStats stats = library->stats();
        QCOMPARE(stats.files, int64_t(4));
        QCOMPARE(stats.folders.size(), size_t(1));
        QCOMPARE(stats.stale, int64_t(0));
        QVERIFY(!library->scan({m_dir.filePath(QStringLiteral("missing")).toStdString()}, {})
                     .outcome.isOk());
    }

    // The catalog's listings know which segments have audio: a filter, a flag, an order.
    void catalogListsSegmentsWithAudio() {
        std::string error;
        auto catalog = Catalog::open(m_db.toStdString(), error);
        QVERIFY2(catalog, error.c_str());
        SegmentQuery query;
        query.withAudio = true;
        query.limit = 100;
        SegmentPage page = catalog->segments(query);
        QCOMPARE(page.total, int64_t(4));
        for (const SegmentRow &row : page.rows)
            QVERIFY(row.hasAudio);
        query.withAudio = false;
        QCOMPARE(catalog->segments(query).total, int64_t(20371 + 22160 - 4));
        query.withAudio.reset();
        query.split = Split::Eval;
        query.sort = SegmentSort::Audio;
        query.descending = true;
        page = catalog->segments(query);
        QVERIFY(page.rows.at(0).hasAudio && page.rows.at(1).hasAudio && !page.rows.at(2).hasAudio);
        query.descending = false; // without audio first, natural order among them
        query.offset = page.total - 3;
        page = catalog->segments(query);
        QVERIFY(!page.rows.at(0).hasAudio && page.rows.at(1).hasAudio && page.rows.at(2).hasAudio);
        query.offset = 0;
        query.classMid = "/m/04rlf"; // Music, through the postings
        query.rollup = true;
        query.sort = SegmentSort::Natural;
        query.descending = false;
        query.withAudio = true;
        for (const SegmentRow &row : catalog->segments(query).rows)
            QVERIFY(row.hasAudio);
    }

    // A subset of the segments with audio, their files copied or linked beside it.
    void exportCarriesTheAudio() {
        std::string error;
        auto catalog = Catalog::open(m_db.toStdString(), error);
        QVERIFY(catalog);
        SubsetSelection selection;
        selection.requireAudio = true;
        SubsetPlan plan;
        QVERIFY(planSubset(*catalog, selection, plan).isOk());
        QCOMPARE(plan.segmentIds.size(), size_t(4));
        for (const auto mode : {ExportOptions::AudioFiles::Copy, ExportOptions::AudioFiles::Link}) {
            ExportOptions options;
            options.outDir =
                m_dir
                    .filePath(mode == ExportOptions::AudioFiles::Copy ? QStringLiteral("copied")
                                                                      : QStringLiteral("linked"))
                    .toStdString();
            options.formats = {ExportFormat::Csv};
            options.audioFiles = mode;
            const ExportResult result = exportSubset(*catalog, selection, plan, options, {});
            QVERIFY2(result.outcome.isOk(), result.outcome.message.c_str());
            QCOMPARE(result.audioFiles, int64_t(4));
            const QString out = QString::fromStdString(options.outDir);
            const QFileInfo clip(out + QStringLiteral("/audio/eval/Y--4gqARaEJE.wav"));
            QVERIFY(clip.exists());
            QCOMPARE(clip.isSymLink(), mode == ExportOptions::AudioFiles::Link);
            QFile copy(clip.filePath()), original(audioPath("eval/Y--4gqARaEJE.wav"));
            QVERIFY(copy.open(QIODevice::ReadOnly) && original.open(QIODevice::ReadOnly));
            QCOMPARE(copy.readAll(), original.readAll());
            QFile listing(out + QStringLiteral("/audio/files.csv"));
            QVERIFY(listing.open(QIODevice::ReadOnly));
            const QByteArray text = listing.readAll();
            QVERIFY(text.startsWith("ytid,start_seconds,split,file\n"));
            QVERIFY2(text.contains("--ZhevVpy1s,50.000,balanced_train,audio/balanced_train/"
                                   "--ZhevVpy1s.wav\n"),
                     text.constData());
        }
    }

    void spectrogramPeaksAtTheTone() {
        for (const char *name : {"eval/Y--4gqARaEJE.wav", "eval/--BfvyPmVMo_20.flac",
                                 "balanced_train/--PJHxphWEs_30000_40000.mp3"}) {
            const double hz = QString::fromLatin1(name).contains(QLatin1String("Y--"))    ? 1000
                              : QString::fromLatin1(name).endsWith(QLatin1String("flac")) ? 440
                                                                                          : 2000;
            std::string error;
            const auto audio = decodeAudio(audioPath(name).toStdString(), 0, 10, error);
            QVERIFY2(audio, error.c_str());
            const Spectrogram spectrogram = computeSpectrogram(audio->samples, audio->sampleRate);
            QVERIFY(spectrogram.frames > 100);
            const double peak = peakBin(spectrogram, spectrogram.frames / 2) * spectrogram.binHz;
            QVERIFY2(std::abs(peak - hz) <= spectrogram.binHz,
                     qPrintable(QStringLiteral("%1: peak %2 Hz, tone %3 Hz")
                                    .arg(QLatin1String(name))
                                    .arg(peak)
                                    .arg(hz)));
        }
    }

    void spectrogramFollowsAChirp() {
        const QString chirp = m_dir.filePath(QStringLiteral("chirp.wav"));
        QVERIFY(makeTone(chirp, 10, 200, 4000)); // linear: 200 Hz at 0 s to 4000 Hz at 10 s
        std::string error;
        const auto audio = decodeAudio(chirp.toStdString(), 0, 10, error);
        QVERIFY2(audio, error.c_str());
        const Spectrogram spectrogram = computeSpectrogram(audio->samples, audio->sampleRate);
        double last = 0;
        for (const double seconds : {1.0, 3.0, 5.0, 7.0, 9.0}) {
            const int frame = int(seconds / spectrogram.hopSeconds);
            const double peak = peakBin(spectrogram, frame) * spectrogram.binHz;
            const double expected = 200 + 380 * seconds;
            QVERIFY2(std::abs(peak - expected) <= 3 * spectrogram.binHz,
                     qPrintable(QStringLiteral("at %1 s: %2 Hz, expected %3")
                                    .arg(seconds)
                                    .arg(peak)
                                    .arg(expected)));
            QVERIFY(peak > last);
            last = peak;
        }
    }

    // AAC in .m4a and Opus in .webm (what yt-dlp writes) go through FFmpeg's decoders: the
    // length, a seek into a whole video, and the tone after it must hold as for the others.
    void m4aAndWebmDecodeWithTheirLengthAndOffset() {
        const QString first = m_dir.filePath(QStringLiteral("first.wav")),
                      second = m_dir.filePath(QStringLiteral("second.wav")),
                      video = m_dir.filePath(QStringLiteral("video.wav"));
        QVERIFY(makeTone(first, 20, 500));
        QVERIFY(makeTone(second, 10, 2000));
        QVERIFY(concatenate({first, second}, video)); // 500 Hz for 20 s, then 2000 Hz for 10 s
        for (const QString &extension : {QStringLiteral("m4a"), QStringLiteral("webm")}) {
            const QString path = m_dir.filePath(QStringLiteral("video.%1").arg(extension));
            QVERIFY2(encode(video, path), qPrintable(extension));
            std::string error;
            const auto length = audioDuration(path.toStdString(), error);
            QVERIFY2(length, error.c_str());
            QVERIFY2(std::abs(*length - 30) < 0.1, qPrintable(QString::number(*length)));
            for (const auto &[offset, hz] : {std::pair{0.0, 500.0}, std::pair{20.0, 2000.0}}) {
                const auto audio = decodeAudio(path.toStdString(), offset, 10, error);
                QVERIFY2(audio, error.c_str());
                QCOMPARE(audio->offsetSeconds, offset);
                // Within 10 ms: the encoder's padding may take a frame's worth off the end.
                const auto expected = 10 * audio->sampleRate;
                QVERIFY2(std::abs(int(audio->samples.size()) - expected) <= expected / 1000,
                         qPrintable(QString::number(audio->samples.size())));
                const Spectrogram spectrogram =
                    computeSpectrogram(audio->samples, audio->sampleRate);
                // Just after the offset: a seek that landed early would still show 500 Hz.
                for (const int frame : {4, spectrogram.frames / 2}) {
                    const double peak = peakBin(spectrogram, frame) * spectrogram.binHz;
                    QVERIFY2(std::abs(peak - hz) <= 2 * spectrogram.binHz,
                             qPrintable(QStringLiteral("%1 from %2 s, frame %3: %4 Hz")
                                            .arg(extension)
                                            .arg(offset)
                                            .arg(frame)
                                            .arg(peak)));
                }
            }
            // Cut in the middle: the start still decodes; the end gives what is there.
            QFile whole(path);
            QVERIFY(whole.open(QIODevice::ReadOnly));
            const QByteArray bytes = whole.readAll();
            const QString cut = m_dir.filePath(QStringLiteral("cut.%1").arg(extension));
            QFile truncated(cut);
            QVERIFY(truncated.open(QIODevice::WriteOnly));
            truncated.write(bytes.left(bytes.size() / 2));
            truncated.close();
            const auto start = decodeAudio(cut.toStdString(), 0, 10, error);
            QVERIFY2(start || error.find(cut.toStdString()) != std::string::npos, error.c_str());
            const auto late = decodeAudio(cut.toStdString(), 25, 10, error);
            QVERIFY(!late || late->samples.size() < size_t(5 * late->sampleRate));
            if (!late) QVERIFY2(error.find(cut.toStdString()) != std::string::npos, error.c_str());
            // Not audio at all, under an m4a name.
            const QString junk = m_dir.filePath(QStringLiteral("junk.%1").arg(extension));
            QFile bad(junk);
            QVERIFY(bad.open(QIODevice::WriteOnly));
            bad.write(QByteArray(4096, 'x'));
            bad.close();
            QVERIFY(!decodeAudio(junk.toStdString(), 0, 10, error));
            QVERIFY2(error.find(junk.toStdString()) != std::string::npos, error.c_str());
            QVERIFY(!audioDuration(junk.toStdString(), error));
        }
    }

    void decodingKeepsTheLengthAndTheOffset() {
        std::string error;
        const auto clip =
            decodeAudio(audioPath("eval/Y--4gqARaEJE.wav").toStdString(), 0, 60, error);
        QVERIFY(clip);
        QCOMPARE(clip->samples.size(), size_t(160000)); // 10 s at 16 kHz, all of it
        QCOMPARE(clip->fileSeconds, 10.0);
        const auto stereo =
            decodeAudio(audioPath("eval/--BfvyPmVMo_20.flac").toStdString(), 0, 10, error);
        QVERIFY(stereo);
        QCOMPARE(stereo->samples.size(), size_t(220500)); // the channels averaged, not doubled
        const auto video =
            decodeAudio(audioPath("bal_train/--ZhevVpy1s.wav").toStdString(), 50, 10, error);
        QVERIFY(video);
        QCOMPARE(video->offsetSeconds, 50.0);
        QCOMPARE(video->samples.size(), size_t(160000));
        QCOMPARE(video->fileSeconds, 70.0);
        const auto envelope = waveformEnvelope(clip->samples, 400);
        QCOMPARE(envelope.size(), size_t(400));
        for (const auto &[low, high] : envelope) // -6 dB: the sine peaks at half scale
            QVERIFY(low < -0.45f && low > -0.55f && high > 0.45f && high < 0.55f);
    }

    void corruptAndTruncatedFilesSayWhatIsWrong() {
        std::string error;
        const QString junk = audioPath("eval/notes.wav");
        QFile::remove(junk);
        QFile file(junk);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("RIFF\x10\x00\x00\x00WAVEjunk and more junk");
        file.close();
        QVERIFY(!decodeAudio(junk.toStdString(), 0, 10, error));
        QVERIFY2(error.find(junk.toStdString()) != std::string::npos, error.c_str());

        // A WAV cut at a third: what is there decodes, no more, and nothing crashes.
        QFile whole(audioPath("eval/Y--4gqARaEJE.wav"));
        QVERIFY(whole.open(QIODevice::ReadOnly));
        const QByteArray bytes = whole.readAll();
        const QString cut = m_dir.filePath(QStringLiteral("cut.wav"));
        QFile truncated(cut);
        QVERIFY(truncated.open(QIODevice::WriteOnly));
        truncated.write(bytes.left(bytes.size() / 3));
        truncated.close();
        const auto partial = decodeAudio(cut.toStdString(), 0, 10, error);
        QVERIFY2(partial, error.c_str());
        QVERIFY(partial->samples.size() < 60000 && partial->samples.size() > 50000);
        // An MP3 with its middle zeroed: decodes or says why, never crashes.
        QFile mp3(audioPath("balanced_train/--PJHxphWEs_30000_40000.mp3"));
        QVERIFY(mp3.open(QIODevice::ReadOnly));
        QByteArray damaged = mp3.readAll();
        damaged.replace(damaged.size() / 3, damaged.size() / 3,
                        QByteArray(damaged.size() / 3, '\0'));
        const QString broken = m_dir.filePath(QStringLiteral("broken.mp3"));
        QFile out(broken);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(damaged);
        out.close();
        const auto decoded = decodeAudio(broken.toStdString(), 0, 10, error);
        QVERIFY(decoded || error.find(broken.toStdString()) != std::string::npos);
    }

    // A segment changed by a re-index is never given the old segment's file.
    void staleMatchesAreNotUsed() {
        const QString copy = m_dir.filePath(QStringLiteral("changed.db"));
        QVERIFY(QFile::copy(m_db, copy));
        {
            std::string error;
            auto library = AudioLibrary::open(copy.toStdString(), error);
            QVERIFY(library);
            QCOMPARE(library->stats().stale, int64_t(0));
        }
        QProcess sqlite;
        sqlite.start(QStringLiteral("sqlite3"),
                     {copy, QStringLiteral("UPDATE segments SET start_ms = start_ms + 1000 WHERE "
                                           "ytid = '--4gqARaEJE';")});
        QVERIFY(sqlite.waitForFinished() && sqlite.exitCode() == 0);
        std::string error;
        auto library = AudioLibrary::open(copy.toStdString(), error);
        QVERIFY(library);
        QCOMPARE(library->stats().stale, int64_t(1));
        QVERIFY(!library->find("--4gqARaEJE", 0, error));
        QVERIFY(!library->find("--4gqARaEJE", 1000, error));
        QCOMPARE(library->segmentsWithAudio().size(), size_t(3));
    }

    void commandLine() {
        const auto scan =
            test::runCli({QStringLiteral("audio"), QStringLiteral("scan"), QStringLiteral("--db"),
                          m_db, m_audio, QStringLiteral("--json")});
        QVERIFY2(scan.exitCode == 0, scan.err.constData());
        QCOMPARE(scan.json().object().value(QStringLiteral("matched_files")).toInt(), 4);
        const auto stats = test::runCli({QStringLiteral("audio"), QStringLiteral("stats"),
                                         QStringLiteral("--db"), m_db, QStringLiteral("--json")});
        QCOMPARE(stats.exitCode, 0);
        QCOMPARE(stats.json()
                     .object()
                     .value(QStringLiteral("splits"))
                     .toObject()
                     .value(QStringLiteral("eval"))
                     .toObject()
                     .value(QStringLiteral("segments"))
                     .toInt(),
                 2);
        const auto find =
            test::runCli({QStringLiteral("audio"), QStringLiteral("find"), QStringLiteral("--db"),
                          m_db, QStringLiteral("--json"), QStringLiteral("--"),
                          QStringLiteral("--ZhevVpy1s"), QStringLiteral("50")});
        QVERIFY2(find.exitCode == 0, find.err.constData());
        QCOMPARE(find.json().object().value(QStringLiteral("offset_seconds")).toDouble(), 50.0);
        QVERIFY(find.json()
                    .object()
                    .value(QStringLiteral("path"))
                    .toString()
                    .endsWith(QStringLiteral("bal_train/--ZhevVpy1s.wav")));
        const auto none = test::runCli({QStringLiteral("audio"), QStringLiteral("find"),
                                        QStringLiteral("--db"), m_db, QStringLiteral("--"),
                                        QStringLiteral("--U7joUcTCo"), QStringLiteral("0")});
        QCOMPARE(none.exitCode, 1);
    }

    void fileNameReadings() {
        auto readings = parseAudioFileName("Y--4gqARaEJE.wav");
        QCOMPARE(readings.size(), size_t(1));
        QVERIFY(readings[0].prefixedY);
        readings = parseAudioFileName("abcdefghijk_30.000_40.000.flac");
        QCOMPARE(readings.size(), size_t(1));
        QCOMPARE(readings[0].startIfSeconds.value(), int64_t(30000));
        QVERIFY(!readings[0].startIfMs); // a decimal is seconds
        readings = parseAudioFileName("abcdefghijk_30000.MP3");
        QCOMPARE(readings[0].startIfSeconds.value(), int64_t(30000000));
        QCOMPARE(readings[0].startIfMs.value(), int64_t(30000));
        QVERIFY(parseAudioFileName("abcdefghijk.txt").empty());
        QVERIFY(parseAudioFileName("abc.wav").empty());
        QVERIFY(parseAudioFileName("abcdefghijk_.wav").empty());
        QVERIFY(parseAudioFileName("abcdefghijk_1e5.wav").empty());
        QVERIFY(parseAudioFileName("abcdefghijk_9999999999.wav").empty());
        QCOMPARE(splitOfFolderName("Unbalanced_Train_Segments"),
                 std::optional<Split>(Split::UnbalancedTrain));
        QCOMPARE(splitOfFolderName("bal_train"), std::optional<Split>(Split::BalancedTrain));
        QVERIFY(!splitOfFolderName("music"));
    }
};

QTEST_GUILESS_MAIN(TestAudio)
#include "tst_audio.moc"
