// The downloader against a local HTTP server on 127.0.0.1 that the test starts, serving the real
// release files and generated ones, with scripted faults: a connection dropped mid-file and
// resumed with a Range request, a 500 then success, a 404, a wrong checksum, a server that
// ignores ranges, a file that changed between two attempts. Nothing reaches beyond loopback.
#include "clirunner.h"
#include "fixturewriter.h"
#include "httptestserver.h"
#include "releasedownload.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace audioset;
using audioset::test::HttpTestServer;
using Fault = HttpTestServer::Fault;

namespace {

const QStringList kMetadata{QStringLiteral("ontology.json"),
                            QStringLiteral("class_labels_indices.csv"),
                            QStringLiteral("qa_true_counts.csv"),
                            QStringLiteral("rerated_video_ids.txt"),
                            QStringLiteral("eval_segments.csv"),
                            QStringLiteral("balanced_train_segments.csv"),
                            QStringLiteral("unbalanced_train_segments.csv")};

QByteArray readAll(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString sha256Hex(const QByteArray &bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// A stand-in for the features archive: bytes that are not all alike, so a misplaced range shows.
QByteArray fakeArchive(int size, char seed) {
    QByteArray bytes(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        bytes[i] = char((i * 131 + seed) ^ (i >> 9));
    return bytes;
}

} // namespace

class TestDownload : public QObject {
    Q_OBJECT

    QHash<QString, QByteArray> m_release; // what the server serves, by name

    DownloadOptions options(const QString &dir, const QString &url) {
        DownloadOptions download;
        download.dir = dir.toStdString();
        download.source.baseUrl = url.toStdString();
        download.retryDelayMs = 20; // backoff still doubles, in milliseconds
        download.stallTimeoutMs = 5000;
        return download;
    }

    void serveRelease(HttpTestServer &server) {
        for (auto it = m_release.cbegin(); it != m_release.cend(); ++it)
            server.setFile(it.key(), it.value());
    }

    static const DownloadedFile *fileIn(const DownloadReport &report, const QString &name) {
        for (const DownloadedFile &file : report.files)
            if (file.name == name.toStdString()) return &file;
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase() {
        const QString real = test::realDataDir();
        if (real.isEmpty()) QFAIL("../shared/data/audioset is not beside the checkout");
        for (const QString &name : kMetadata)
            m_release[name] = readAll(QDir(real).filePath(name));
        // The unbalanced CSV is not in ../shared: a generated one in its shape stands in.
        m_release[QStringLiteral("unbalanced_train_segments.csv")] =
            "# Segments csv created Sun Mar  5 10:54:31 2017\n"
            "# num_ytids=2, num_segs=2, num_unique_labels=2, num_positive_labels=2\n"
            "# YTID, start_seconds, end_seconds, positive_labels\n"
            "---1_cCGK4M, 0.000, 10.000, \"/m/01g50p\"\n"
            "---2_BBVHAA, 30.000, 40.000, \"/m/09x0r\"\n";
        m_release[QStringLiteral("features.tar.gz")] = fakeArchive(3'000'000, 7);
        for (const QString &name : kMetadata)
            QVERIFY2(!m_release[name].isEmpty(), qPrintable(name));
    }

    // Everything arrives byte for byte; a second download into the folder fetches nothing.
    void fetchesTheReleaseOnceAndChecksIt() {
        HttpTestServer server;
        serveRelease(server);
        QTemporaryDir dir;
        DownloadOptions download = options(dir.path(), server.url());
        download.source.features = true;
        download.source.sha256["features.tar.gz"] =
            sha256Hex(m_release[QStringLiteral("features.tar.gz")]).toStdString();
        QStringList done;
        uint64_t lastTotal = 0, lastDone = 0;
        const DownloadReport report = downloadRelease(
            download,
            [&](const DownloadProgress &now) {
                lastTotal = now.total;
                lastDone = now.done;
                return true;
            },
            [&](const DownloadedFile &file) { done << QString::fromStdString(file.name); });
        QVERIFY2(report.outcome.isOk(), report.outcome.message.c_str());
        QCOMPARE(done.size(), kMetadata.size() + 1);
        QCOMPARE(done.last(), QStringLiteral("features.tar.gz")); // the metadata comes first
        QVERIFY(metadataComplete(report));
        uint64_t bytes = 0;
        for (auto it = m_release.cbegin(); it != m_release.cend(); ++it) {
            QCOMPARE(readAll(QDir(dir.path()).filePath(it.key())), it.value());
            QVERIFY(!QFile::exists(QDir(dir.path()).filePath(it.key() + QStringLiteral(".part"))));
            bytes += uint64_t(it.value().size());
        }
        QCOMPARE(report.bytesFetched, bytes);
        QCOMPARE(lastTotal, bytes); // the overall total was known from the start (HEAD)
        QCOMPARE(lastDone, bytes);

        const int gets = server.getCount(QStringLiteral("eval_segments.csv"));
        const DownloadReport again = downloadRelease(download, {});
        QVERIFY(again.outcome.isOk());
        for (const DownloadedFile &file : again.files)
            QCOMPARE(file.status, DownloadedFile::Status::AlreadyThere);
        QCOMPARE(server.getCount(QStringLiteral("eval_segments.csv")), gets);
        QCOMPARE(again.bytesFetched, uint64_t(0));

        // A file changed on disk since it was checked is no longer taken as whole.
        QFile edited(QDir(dir.path()).filePath(QStringLiteral("qa_true_counts.csv")));
        QVERIFY(edited.open(QIODevice::Append));
        edited.write("tampered\n");
        edited.close();
        const DownloadReport third = downloadRelease(download, {});
        QVERIFY(third.outcome.isOk());
        QCOMPARE(fileIn(third, QStringLiteral("qa_true_counts.csv"))->status,
                 DownloadedFile::Status::Fetched);
        QCOMPARE(readAll(edited.fileName()), m_release[QStringLiteral("qa_true_counts.csv")]);

        // A damaged record of what was checked is no reason to trust anything: fetch again.
        QFile ledger(QDir(dir.path()).filePath(QStringLiteral(".audioset-download.json")));
        QVERIFY(ledger.open(QIODevice::WriteOnly | QIODevice::Truncate));
        ledger.write("{\"eval_segments.csv\": [1, \x01 not json");
        ledger.close();
        const DownloadReport fourth = downloadRelease(download, {});
        QVERIFY(fourth.outcome.isOk());
        QCOMPARE(fileIn(fourth, QStringLiteral("eval_segments.csv"))->status,
                 DownloadedFile::Status::Fetched);
        QCOMPARE(readAll(QDir(dir.path()).filePath(QStringLiteral("eval_segments.csv"))),
                 m_release[QStringLiteral("eval_segments.csv")]);
    }

    // A connection cut mid-file is retried, and the retry asks only for the rest.
    void droppedConnectionResumesWithARange() {
        HttpTestServer server;
        serveRelease(server);
        const QString name = QStringLiteral("eval_segments.csv");
        server.addFaults(name, {{Fault::DropAfter, 400'000}});
        QTemporaryDir dir;
        const DownloadReport report = downloadRelease(options(dir.path(), server.url()), {});
        QVERIFY2(report.outcome.isOk(), report.outcome.message.c_str());
        QCOMPARE(readAll(QDir(dir.path()).filePath(name)), m_release[name]);
        QList<QByteArray> ranges;
        for (const auto &request : server.requests())
            if (request.method == "GET" && request.path == "/" + name.toUtf8())
                ranges << request.range;
        // Qt itself may send a cut request once more before the downloader sees the cut; the
        // downloader's own retry is the last request, and asks only for the rest.
        QVERIFY(ranges.size() >= 2);
        QVERIFY(ranges.first().isEmpty());
        QVERIFY2(ranges.last().startsWith("bytes=") &&
                     ranges.last().mid(6).chopped(1).toLongLong() >= 300'000,
                 ranges.last().constData());
    }

    // A 500 is retried and the file still arrives; a 404 is not retried, and names the URL.
    void serverErrorsAreRetriedButNotFoundIsNot() {
        HttpTestServer server;
        serveRelease(server);
        server.addFaults(QStringLiteral("ontology.json"),
                         {{Fault::Status, 500}, {Fault::Status, 503}});
        server.addFaults(QStringLiteral("qa_true_counts.csv"), {{Fault::Status, 404}});
        QTemporaryDir dir;
        const DownloadReport report = downloadRelease(options(dir.path(), server.url()), {});
        QVERIFY(report.outcome.isFailed());
        QCOMPARE(fileIn(report, QStringLiteral("ontology.json"))->status,
                 DownloadedFile::Status::Fetched);
        QCOMPARE(server.getCount(QStringLiteral("ontology.json")), 3);
        const DownloadedFile *missing = fileIn(report, QStringLiteral("qa_true_counts.csv"));
        QCOMPARE(missing->status, DownloadedFile::Status::Failed);
        QCOMPARE(server.getCount(QStringLiteral("qa_true_counts.csv")), 1);
        const QString message = QString::fromStdString(missing->message);
        QVERIFY2(message.contains(QStringLiteral("404")) &&
                     message.contains(server.url() + QStringLiteral("/qa_true_counts.csv")),
                 qPrintable(message));
        QVERIFY(!QFile::exists(QDir(dir.path()).filePath(QStringLiteral("qa_true_counts.csv"))));
        // The others came anyway.
        QCOMPARE(fileIn(report, QStringLiteral("eval_segments.csv"))->status,
                 DownloadedFile::Status::Fetched);
    }

    // A transfer that stalls (no byte for the stall timeout) is retried and resumed.
    void stalledTransferIsRetried() {
        HttpTestServer server;
        serveRelease(server);
        const QString name = QStringLiteral("balanced_train_segments.csv");
        server.addFaults(name, {{Fault::Throttle, 3000}}); // 64 KiB, then a long silence
        QTemporaryDir dir;
        DownloadOptions download = options(dir.path(), server.url());
        download.stallTimeoutMs = 500;
        QStringList notes;
        const DownloadReport report = downloadRelease(download, [&](const DownloadProgress &now) {
            if (!now.note.empty()) notes << QString::fromStdString(now.note);
            return true;
        });
        QVERIFY2(report.outcome.isOk(), report.outcome.message.c_str());
        QCOMPARE(readAll(QDir(dir.path()).filePath(name)), m_release[name]);
        QVERIFY(!notes.isEmpty() && notes.first().startsWith(QStringLiteral("retrying in")));
        const auto requests = server.requests();
        QVERIFY(std::any_of(requests.begin(), requests.end(), [&](const auto &r) {
            return r.path == "/" + name.toUtf8() && r.range == "bytes=65536-"; // resumed
        }));
    }

    // A wrong checksum keeps the bytes aside under a name that says so, never in place.
    void wrongChecksumIsKeptAside() {
        HttpTestServer server;
        serveRelease(server);
        QTemporaryDir dir;
        DownloadOptions download = options(dir.path(), server.url());
        download.source.features = true; // the published SHA-256 cannot match the stand-in
        const DownloadReport report = downloadRelease(download, {});
        QVERIFY(report.outcome.isFailed());
        const DownloadedFile *archive = fileIn(report, QStringLiteral("features.tar.gz"));
        QCOMPARE(archive->status, DownloadedFile::Status::Failed);
        QVERIFY2(QString::fromStdString(archive->message).contains(QLatin1String(kFeaturesSha256)),
                 archive->message.c_str());
        const QDir folder(dir.path());
        QVERIFY(!QFile::exists(folder.filePath(QStringLiteral("features.tar.gz"))));
        QCOMPARE(readAll(folder.filePath(QStringLiteral("features.tar.gz.sha256-mismatch"))),
                 m_release[QStringLiteral("features.tar.gz")]);
        QVERIFY(metadataComplete(report)); // browsing can start all the same
    }

    // A disk that fills up: the write error names the file, and nothing is put in place.
    void fullDiskSaysSoAndInstallsNothing() {
        if (!QFile::exists(QStringLiteral("/dev/full"))) QSKIP("no /dev/full here");
        HttpTestServer server;
        serveRelease(server);
        QTemporaryDir dir;
        const QString part = QDir(dir.path()).filePath(QStringLiteral("ontology.json.part"));
        QVERIFY(QFile::link(QStringLiteral("/dev/full"), part)); // every write: ENOSPC
        const DownloadReport report = downloadRelease(options(dir.path(), server.url()), {});
        const DownloadedFile *ontology = fileIn(report, QStringLiteral("ontology.json"));
        QCOMPARE(ontology->status, DownloadedFile::Status::Failed);
        const QString message = QString::fromStdString(ontology->message);
        QVERIFY2(message.contains(part) && message.contains(QStringLiteral("disk full")),
                 qPrintable(message));
        QVERIFY(!QFile::exists(QDir(dir.path()).filePath(QStringLiteral("ontology.json"))));
        QCOMPARE(server.getCount(QStringLiteral("ontology.json")), 1); // not retried
    }

    // After a cut, a server that ignores the range sends the whole file: start again cleanly.
    void serverIgnoringRangesRestartsCleanly() {
        HttpTestServer server;
        serveRelease(server);
        const QString name = QStringLiteral("rerated_video_ids.txt");
        server.addFaults(name, {{Fault::DropAfter, 500'000}, {Fault::IgnoreRange, 0}});
        QTemporaryDir dir;
        const DownloadReport report = downloadRelease(options(dir.path(), server.url()), {});
        QVERIFY2(report.outcome.isOk(), report.outcome.message.c_str());
        QCOMPARE(readAll(QDir(dir.path()).filePath(name)), m_release[name]);
        const auto requests = server.requests();
        QVERIFY(std::any_of(requests.begin(), requests.end(), [&](const auto &r) {
            return r.path == "/" + name.toUtf8() && !r.range.isEmpty(); // it did ask to resume
        }));
    }

    // The file changed on the server between two attempts: the stale part is not joined to the
    // new bytes (If-Range sees the new ETag and the server sends the new file whole).
    void fileChangedBetweenAttemptsIsFetchedWhole() {
        HttpTestServer server;
        serveRelease(server);
        const QString name = QStringLiteral("features.tar.gz");
        server.addFaults(name, {{Fault::DropAfter, 1'000'000}});
        QTemporaryDir dir;
        DownloadOptions download = options(dir.path(), server.url());
        download.source.features = true;
        download.attempts = 1; // the first run gives up after the cut, leaving the part
        const QByteArray changed = fakeArchive(2'500'000, 99);
        download.source.sha256["features.tar.gz"] = sha256Hex(changed).toStdString();
        const DownloadReport first = downloadRelease(download, {});
        QCOMPARE(fileIn(first, name)->status, DownloadedFile::Status::Failed);
        QVERIFY(QFile::exists(QDir(dir.path()).filePath(name + QStringLiteral(".part"))));
        server.setFile(name, changed);
        download.attempts = 3;
        const DownloadReport second = downloadRelease(download, {});
        QVERIFY2(second.outcome.isOk(), second.outcome.message.c_str());
        QCOMPARE(readAll(QDir(dir.path()).filePath(name)), changed);
        const auto requests = server.requests();
        const auto last = std::find_if(requests.rbegin(), requests.rend(), [&](const auto &r) {
            return r.method == "GET" && r.path == "/" + name.toUtf8();
        });
        QVERIFY(!last->range.isEmpty() && !last->ifRange.isEmpty()); // asked to resume...
    }

    // No server at all: a clear error for each file, at once, naming the URL.
    void noServerSaysSoQuickly() {
        QTemporaryDir dir;
        quint16 port = 0;
        {
            HttpTestServer closed; // a port that was just free, and is closed again
            port = quint16(QUrl(closed.url()).port());
        }
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
        QElapsedTimer timer;
        timer.start();
        const DownloadReport report = downloadRelease(options(dir.path(), url), {});
        QVERIFY(report.outcome.isFailed());
        QVERIFY(timer.elapsed() < 10'000);
        const QString message = QString::fromStdString(report.files.front().message);
        QVERIFY2(message.contains(url + QStringLiteral("/ontology.json")), qPrintable(message));
        QVERIFY(!metadataComplete(report));
    }

    // Cancelling keeps the part, and the next run resumes it.
    void cancelKeepsThePartForNextTime() {
        HttpTestServer server;
        serveRelease(server);
        QTemporaryDir dir;
        const DownloadReport cancelled =
            downloadRelease(options(dir.path(), server.url()), [](const DownloadProgress &now) {
                return !(now.file == "eval_segments.csv" && now.fileDone > 100'000);
            });
        QVERIFY(cancelled.outcome.isCancelled());
        const QString part = QDir(dir.path()).filePath(QStringLiteral("eval_segments.csv.part"));
        QVERIFY(QFile::exists(part));
        QVERIFY(!QFile::exists(QDir(dir.path()).filePath(QStringLiteral("eval_segments.csv"))));
        const DownloadReport resumed = downloadRelease(options(dir.path(), server.url()), {});
        QVERIFY2(resumed.outcome.isOk(), resumed.outcome.message.c_str());
        QCOMPARE(readAll(QDir(dir.path()).filePath(QStringLiteral("eval_segments.csv"))),
                 m_release[QStringLiteral("eval_segments.csv")]);
        QCOMPARE(fileIn(resumed, QStringLiteral("ontology.json"))->status,
                 DownloadedFile::Status::AlreadyThere);
    }

    // The command line: the same download, its messages and its exit codes.
    void commandLineDownloads() {
        HttpTestServer server;
        serveRelease(server);
        QTemporaryDir dir;
        const auto result =
            test::runCli({QStringLiteral("download"), dir.path(), QStringLiteral("--base-url"),
                          server.url(), QStringLiteral("--retry-delay-ms"), QStringLiteral("10")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY(result.err.contains("eval_segments.csv: fetched and checked"));
        QCOMPARE(readAll(QDir(dir.path()).filePath(QStringLiteral("ontology.json"))),
                 m_release[QStringLiteral("ontology.json")]);
        const auto again = test::runCli(
            {QStringLiteral("download"), dir.path(), QStringLiteral("--base-url"), server.url()});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(again.err.contains("eval_segments.csv: already complete"));
        const auto badSum = test::runCli({QStringLiteral("download"), dir.path(),
                                          QStringLiteral("--sha256"), QStringLiteral("x.csv=00")});
        QCOMPARE(badSum.exitCode, 2);
        QVERIFY(badSum.err.contains("x.csv"));
        const auto badMirror = test::runCli({QStringLiteral("download"), dir.path(),
                                             QStringLiteral("--mirror"), QStringLiteral("mars")});
        QCOMPARE(badMirror.exitCode, 2);
        server.addFaults(QStringLiteral("ontology.json"), {{Fault::Status, 404}});
        QFile::remove(QDir(dir.path()).filePath(QStringLiteral("ontology.json")));
        const auto missing = test::runCli(
            {QStringLiteral("download"), dir.path(), QStringLiteral("--base-url"), server.url()});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("HTTP 404"), missing.err.constData());
    }

    // The official locations, and checksums given on the command line.
    void officialLocations() {
        std::string error;
        ReleaseSource source;
        source.features = true;
        auto files = releaseFiles(source, error);
        QCOMPARE(files.size(), size_t(8));
        QCOMPARE(files.front().url,
                 std::string(
                     "https://raw.githubusercontent.com/audioset/ontology/master/ontology.json"));
        QCOMPARE(files.back().url, std::string("https://storage.googleapis.com/us_audioset/"
                                               "youtube_corpus/v1/features/features.tar.gz"));
        QCOMPARE(files.back().sha256.value(), std::string(kFeaturesSha256));
        source.mirror = "eu";
        source.sha256["eval_segments.csv"] = std::string(64, 'A');
        files = releaseFiles(source, error);
        QCOMPARE(files[4].url, std::string("https://storage.googleapis.com/eu_audioset/"
                                           "youtube_corpus/v1/csv/eval_segments.csv"));
        QCOMPARE(files[4].sha256.value(), std::string(64, 'a'));
        source.sha256["eval_segments.csv"] = "abc";
        QVERIFY(releaseFiles(source, error).empty());
        QVERIFY(error.find("64 hex digits") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestDownload)
#include "tst_download.moc"
