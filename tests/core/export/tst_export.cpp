// Subsets: the selection rules, the per-class cap and the balanced rule (deterministic for a
// seed), every format read back (CSV by the indexer, TFRecords by the reader with identical
// bytes, .npy headers, JSON Lines), the manifest, and atomic, refusing, cancellable writes.
#include "audiosetrecord.h"
#include "bytestream.h"
#include "catalog.h"
#include "clirunner.h"
#include "diagnostics.h"
#include "fixturewriter.h"
#include "indexer.h"
#include "outputfiles.h"
#include "subsetexporter.h"
#include "subsetplanner.h"
#include "tfrecord.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <set>
#include <sys/stat.h>

using namespace audioset;
using audioset::test::FixtureWriter;

namespace {

std::string frames(size_t count, unsigned char seed) {
    return test::syntheticFrames(count, seed);
}

// The standard fixture with a record for every eval segment but ab-aaaaaaa4.
void writeRelease(FixtureWriter &fixture) {
    fixture.writeStandardRelease();
    std::string shard;
    appendTfRecord(shard, encodeAudioSetRecord("aaaaaaaaaa1", 0, 10, {3}, frames(10, 1)));
    appendTfRecord(shard, encodeAudioSetRecord("aaaaaaaaaa2", 30, 40, {0, 3}, frames(10, 2)));
    appendTfRecord(shard,
                   encodeAudioSetRecord("aaaaaaaaaa3", 239.8f, 249.8f, {1, 4}, frames(9, 3)));
    appendTfRecord(shard, encodeAudioSetRecord("ab_aaaaaaa5", 5, 12, {2, 3}, frames(7, 5)));
    QDir(fixture.dir()).mkpath(QStringLiteral("audioset_v1_embeddings/eval"));
    fixture.writeFile(QStringLiteral("audioset_v1_embeddings/eval/aa.tfrecord"),
                      QByteArray::fromStdString(shard));
    Diagnostics diagnostics;
    QVERIFY(indexRelease(
                test::indexOptions(fixture.dir().toStdString(), fixture.dbPath().toStdString()),
                diagnostics, {})
                .indexed());
}

std::unique_ptr<Catalog> open(const std::string &db) {
    std::string error;
    auto catalog = Catalog::open(db, error);
    if (!catalog) qWarning("%s", error.c_str());
    return catalog;
}

std::set<std::string> ytidsOf(Catalog &catalog, const SubsetPlan &plan) {
    std::set<std::string> ytids;
    catalog.forEachSegment(plan.segmentIds, [&](const SegmentRow &row) {
        ytids.insert(row.ytid);
        return true;
    });
    return ytids;
}

SubsetPlan plan(Catalog &catalog, const SubsetSelection &selection) {
    SubsetPlan result;
    const Outcome outcome = planSubset(catalog, selection, result);
    if (!outcome.isOk()) qWarning("%s", outcome.message.c_str());
    return result;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void selectionRules() {
        FixtureWriter fixture;
        writeRelease(fixture);
        auto catalog = open(fixture.dbPath().toStdString());
        SubsetSelection selection;
        selection.include = {ClassRule::parse("/m/a+")};
        QCOMPARE(
            ytidsOf(*catalog, plan(*catalog, selection)),
            (std::set<std::string>{"aaaaaaaaaa1", "aaaaaaaaaa2", "aaaaaaaaaa3", "ab_aaaaaaa5"}));
        selection.exclude = {ClassRule::parse("/m/e")};
        QCOMPARE(ytidsOf(*catalog, plan(*catalog, selection)),
                 (std::set<std::string>{"aaaaaaaaaa1", "aaaaaaaaaa2", "ab_aaaaaaa5"}));
        selection.rerated = true;
        QCOMPARE(ytidsOf(*catalog, plan(*catalog, selection)),
                 (std::set<std::string>{"aaaaaaaaaa2", "ab_aaaaaaa5"}));
        selection = {};
        selection.include = {ClassRule::parse("/m/a")};
        QCOMPARE(ytidsOf(*catalog, plan(*catalog, selection)),
                 (std::set<std::string>{"aaaaaaaaaa2"}));
        // Quality: /m/a 9/10, /m/b unrated (dropped), /m/c 1/4; on the Wilson bound /m/a is 0.596.
        selection.include = {ClassRule::parse("/m/a+")};
        selection.minQuality = 0.8;
        SubsetPlan byEstimate = plan(*catalog, selection);
        QCOMPARE(byEstimate.classes.size(), size_t(1));
        QCOMPARE(byEstimate.classes[0].mid, std::string("/m/a"));
        selection.qualityOnWilsonLowerBound = true;
        QVERIFY(plan(*catalog, selection).segmentIds.empty());
        // Embeddings required: ab-aaaaaaa4 has none.
        selection = {};
        selection.include = {ClassRule::parse("/m/g")};
        QCOMPARE(plan(*catalog, selection).segmentIds.size(), size_t(1));
        selection.requireEmbeddings = true;
        QVERIFY(plan(*catalog, selection).segmentIds.empty());
        // Expected correct labels: /m/a's label counts 0.9.
        selection = {};
        selection.include = {ClassRule::parse("/m/a")};
        const SubsetPlan alpha = plan(*catalog, selection);
        QCOMPARE(alpha.positiveLabelsPerSplit[0], int64_t(2)); // /m/a and /m/d on that segment
        QCOMPARE(alpha.labelsWithoutEstimate, int64_t(1));     // /m/d is not rated
        QVERIFY(qAbs(alpha.expectedCorrectLabels - 0.9) < 1e-9);
        // An unknown class is an error.
        selection.include = {ClassRule::parse("/m/nope")};
        SubsetPlan none;
        const Outcome error = planSubset(*catalog, selection, none);
        QVERIFY(error.isFailed() && QString::fromStdString(error.message)
                                        .contains(QStringLiteral("unknown class id: /m/nope")));
    }

    void capAndBalancedAreDeterministic() {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("demo")),
                      db = dir.filePath(QStringLiteral("demo.db"));
        QCOMPARE(test::runCli({QStringLiteral("generate-demo"), data, QStringLiteral("--segments"),
                               QStringLiteral("20000"), QStringLiteral("--no-features")})
                     .exitCode,
                 0);
        QCOMPARE(test::runCli({QStringLiteral("index"), data, QStringLiteral("--db"), db}).exitCode,
                 0);
        auto catalog = open(db.toStdString());
        SubsetSelection selection;
        selection.splits = {Split::UnbalancedTrain};
        selection.perClassMax = 20;
        selection.seed = 7;
        const SubsetPlan a = plan(*catalog, selection), b = plan(*catalog, selection);
        QCOMPARE(a.segmentIds, b.segmentIds);
        selection.seed = 8;
        QVERIFY(plan(*catalog, selection).segmentIds != a.segmentIds);
        QVERIFY(a.segmentIds.size() <= 20 * a.classes.size());
        QCOMPARE(a.perClassMax.value(), int64_t(20));
        bool carriedByOthers = false;
        for (const PlannedClass &planned : a.classes) {
            QVERIFY(planned.segments[2] >=
                    std::min<int64_t>(20, 1)); // each class that has segments is sampled
            // At most 20 drawn for the class; segments drawn for other classes add to it.
            QVERIFY(planned.drawnForIt[2] <= 20);
            QVERIFY(planned.drawnForIt[2] <= planned.segments[2]);
            carriedByOthers |= planned.segments[2] > planned.drawnForIt[2];
        }
        QVERIFY(carriedByOthers);

        selection = {};
        selection.splits = {Split::UnbalancedTrain};
        selection.balancedMin = 10;
        selection.seed = 1;
        const SubsetPlan balanced = plan(*catalog, selection);
        QCOMPARE(plan(*catalog, selection).segmentIds, balanced.segmentIds);
        SubsetSelection all;
        all.splits = {Split::UnbalancedTrain};
        const SubsetPlan everything = plan(*catalog, all);
        std::map<int, int64_t> available;
        for (const PlannedClass &planned : everything.classes)
            available[planned.classId] = planned.segments[2];
        for (const PlannedClass &planned : balanced.classes)
            QVERIFY2(planned.segments[2] >= std::min<int64_t>(10, available[planned.classId]),
                     planned.mid.c_str());
        // Fewer segments than taking ten per class independently would.
        QVERIFY(balanced.segmentIds.size() < 10 * balanced.classes.size());
    }

    void everyFormatReadsBack() {
        FixtureWriter fixture;
        writeRelease(fixture);
        auto catalog = open(fixture.dbPath().toStdString());
        SubsetSelection selection;
        selection.include = {ClassRule::parse("/m/a+"), ClassRule::parse("/m/g")};
        selection.seed = 42;
        const SubsetPlan subset = plan(*catalog, selection);
        QCOMPARE(subset.segmentIds.size(), size_t(5));
        ExportOptions options;
        options.outDir = fixture.path(QStringLiteral("out")).toStdString();
        options.formats = {ExportFormat::Csv, ExportFormat::TfRecord, ExportFormat::JsonLines,
                           ExportFormat::Npy};
        options.toolVersion = "test";
        const ExportResult result = exportSubset(*catalog, selection, subset, options, {});
        QVERIFY2(result.outcome.isOk(), result.outcome.message.c_str());
        QCOMPARE(result.records, int64_t(4));
        QCOMPARE(result.withoutRecord, int64_t(1));
        const QString out = fixture.path(QStringLiteral("out"));

        // CSV: indexing the export gives the same segments, labels and embeddings.
        Diagnostics diagnostics;
        const std::string reDb = fixture.path(QStringLiteral("re.db")).toStdString();
        QVERIFY(indexRelease(test::indexOptions(out.toStdString(), reDb, true), diagnostics, {})
                    .indexed());
        auto reindexed = open(reDb);
        SegmentQuery all;
        all.limit = 100;
        const SegmentPage original = catalog->segments(all), copy = reindexed->segments(all);
        QCOMPARE(copy.total, int64_t(5));
        for (size_t i = 0; i < copy.rows.size(); ++i) {
            QCOMPARE(copy.rows[i].ytid, original.rows[i].ytid);
            QCOMPARE(copy.rows[i].labels, original.rows[i].labels);
            QCOMPARE(copy.rows[i].rerated, original.rows[i].rerated);
        }
        QVERIFY(reindexed->stats().headerMismatches.empty());
        QCOMPARE(reindexed->stats().embeddings->records[0], int64_t(4));

        // TFRecords, sharded like the release (by the first two characters): valid framing and
        // CRCs, each record's bytes identical to the source record.
        const QDir shards(out + QStringLiteral("/audioset_v1_embeddings/eval"));
        QCOMPARE(shards.entryList(QDir::Files),
                 QStringList({QStringLiteral("aa.tfrecord"), QStringLiteral("ab.tfrecord")}));
        int records = 0;
        for (const QString &name : shards.entryList(QDir::Files)) {
            FileStream stream;
            QVERIFY(stream.open(shards.filePath(name).toStdString()));
            TfRecordReader reader(stream);
            std::string record, error;
            TfRecordReader::Status status;
            while ((status = reader.next(record, error)) == TfRecordReader::Status::Record) {
                AudioSetRecordDecoder decoder;
                AudioSetRecord decoded;
                QVERIFY(!decoder.decode(record, decoded));
                const auto segment = catalog->segmentsOfVideo(decoded.ytid).at(0);
                QCOMPARE(record, catalog->originalRecord(segment.id).value());
                ++records;
            }
            QCOMPARE(int(status), int(TfRecordReader::Status::End));
        }
        QCOMPARE(records, 4);

        // .npy: headers and sizes.
        QFile embeddings(out + QStringLiteral("/embeddings.npy"));
        QVERIFY(embeddings.open(QIODevice::ReadOnly));
        const QByteArray npy = embeddings.readAll();
        QVERIFY(npy.startsWith("\x93NUMPY\x01\x00"));
        const int headerLength =
            static_cast<unsigned char>(npy[8]) | static_cast<unsigned char>(npy[9]) << 8;
        QCOMPARE((10 + headerLength) % 64, 0);
        QVERIFY(npy.mid(10, headerLength)
                    .contains("'descr': '|u1', 'fortran_order': False, 'shape': (5, 10, 128)"));
        QCOMPARE(npy.size(), 10 + headerLength + 5 * 1280);
        QFile labels(out + QStringLiteral("/labels.npy"));
        QVERIFY(labels.open(QIODevice::ReadOnly));
        QVERIFY(labels.readAll().contains("'shape': (5, 6)"));
        QFile index(out + QStringLiteral("/index.csv"));
        QVERIFY(index.open(QIODevice::ReadOnly));
        QCOMPARE(index.readAll().count('\n'), 6);

        // JSON Lines: one segment a line with ids and names.
        QFile jsonl(out + QStringLiteral("/segments.jsonl"));
        QVERIFY(jsonl.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = jsonl.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        const QJsonObject first = QJsonDocument::fromJson(lines[0]).object();
        QCOMPARE(first[QStringLiteral("ytid")].toString(), QStringLiteral("aaaaaaaaaa1"));
        QCOMPARE(first[QStringLiteral("label_names")].toArray()[0].toString(),
                 QStringLiteral("Delta"));

        // The manifest: selection, seed, sources with checksums, version.
        QFile manifestFile(out + QStringLiteral("/subset.json"));
        QVERIFY(manifestFile.open(QIODevice::ReadOnly));
        const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
        QCOMPARE(manifest[QStringLiteral("seed")].toString(), QStringLiteral("42"));
        QCOMPARE(manifest[QStringLiteral("tool_version")].toString(), QStringLiteral("test"));
        QCOMPARE(manifest[QStringLiteral("selection")][QStringLiteral("include")]
                     .toArray()[0]
                     .toString(),
                 QStringLiteral("/m/a+"));
        bool checksummed = false;
        for (const QJsonValue &sourceFile : manifest[QStringLiteral("sources")].toArray())
            checksummed |=
                sourceFile[QStringLiteral("role")].toString() == QLatin1String("segments:eval") &&
                sourceFile[QStringLiteral("crc32c")].toString().size() == 8;
        QVERIFY(checksummed);
        SubsetSelection reread;
        QVERIFY(SubsetSelection::fromJson(
                    QJsonDocument(manifest[QStringLiteral("selection")].toObject())
                        .toJson()
                        .toStdString(),
                    reread)
                    .isOk());
        QCOMPARE(reread.include.size(), size_t(2));
    }

    void writesAreAtomicAndRefuseToOverwrite() {
        ::umask(022);
        FixtureWriter fixture;
        writeRelease(fixture);
        auto catalog = open(fixture.dbPath().toStdString());
        SubsetSelection selection;
        selection.include = {ClassRule::parse("/m/a+")};
        const SubsetPlan subset = plan(*catalog, selection);
        ExportOptions options;
        options.outDir = fixture.path(QStringLiteral("out")).toStdString();
        options.formats = {ExportFormat::Csv};
        QDir().mkpath(fixture.path(QStringLiteral("out")));
        fixture.writeFile(QStringLiteral("out/keep.txt"), "mine");
        ExportResult result = exportSubset(*catalog, selection, subset, options, {});
        QVERIFY(!result.outcome.isOk());
        QVERIFY(QString::fromStdString(result.outcome.message)
                    .contains(QStringLiteral("already exists")));
        QVERIFY(QFile::exists(fixture.path(QStringLiteral("out/keep.txt"))));
        // Cancelled half way: nothing new, the old folder untouched, no partial folder left.
        options.formats = {ExportFormat::Csv, ExportFormat::JsonLines};
        options.force = true;
        int calls = 0;
        result = exportSubset(*catalog, selection, subset, options,
                              [&](const Progress &) { return ++calls < 2; });
        QVERIFY(result.outcome.isCancelled());
        QVERIFY(QFile::exists(fixture.path(QStringLiteral("out/keep.txt"))));
        QCOMPARE(QDir(fixture.dir()).entryList({QStringLiteral("out.*")}, QDir::Dirs).size(), 0);
        // With --force it replaces the folder.
        result = exportSubset(*catalog, selection, subset, options, {});
        QVERIFY2(result.outcome.isOk(), result.outcome.message.c_str());
        QVERIFY(!QFile::exists(fixture.path(QStringLiteral("out/keep.txt"))));
        QVERIFY(QFile::exists(fixture.path(QStringLiteral("out/eval_segments.csv"))));
        // The folder gets the mode the umask gives (022 here: others may read it), not 0700.
        QVERIFY(QFileInfo(fixture.path(QStringLiteral("out")))
                    .permissions()
                    .testFlag(QFileDevice::ReadOther));
        QVERIFY(QFileInfo(fixture.path(QStringLiteral("out")))
                    .permissions()
                    .testFlag(QFileDevice::ExeGroup));
        // An empty selection and an unwritable place are clear errors.
        SubsetSelection nothing;
        nothing.include = {ClassRule::parse("/m/g")};
        nothing.requireEmbeddings = true;
        result = exportSubset(*catalog, nothing, plan(*catalog, nothing), options, {});
        QVERIFY(QString::fromStdString(result.outcome.message)
                    .contains(QStringLiteral("matches no segment")));
        options.outDir = "/proc/no-such/out";
        result = exportSubset(*catalog, selection, subset, options, {});
        QVERIFY(!result.outcome.isOk());
        QVERIFY2(QString::fromStdString(result.outcome.message)
                     .contains(QStringLiteral("cannot write there")),
                 result.outcome.message.c_str());
    }

    void fullDiskIsReported() {
        OutputFile file;
        QVERIFY(file.open("/dev/full"));
        file.write(std::string(4 << 20, 'x'));
        QVERIFY(!file.close());
        QVERIFY2(QString::fromStdString(file.error()).contains(QStringLiteral("the disk is full")),
                 file.error().c_str());
    }

    void cli() {
        FixtureWriter fixture;
        writeRelease(fixture);
        const QString out = fixture.path(QStringLiteral("cli-out"));
        test::CliResult result = test::runCli(
            {QStringLiteral("export"), QStringLiteral("--db"), fixture.dbPath(),
             QStringLiteral("--include"), QStringLiteral("/m/a+"), QStringLiteral("--exclude"),
             QStringLiteral("/m/e"), QStringLiteral("--split"), QStringLiteral("eval"),
             QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--out"), out});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY(result.err.contains("subset: 3 segments"));
        QVERIFY(QFile::exists(out + QStringLiteral("/segments.jsonl")));
        result = test::runCli({QStringLiteral("export"), QStringLiteral("--db"), fixture.dbPath(),
                               QStringLiteral("--include"), QStringLiteral("/m/a"),
                               QStringLiteral("--out"), out});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains("already exists"));
        result = test::runCli({QStringLiteral("export"), QStringLiteral("--db"), fixture.dbPath(),
                               QStringLiteral("--include"), QStringLiteral("/m/zz"),
                               QStringLiteral("--out"), out + QStringLiteral("2")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains("unknown class id: /m/zz"));
        result = test::runCli({QStringLiteral("export"), QStringLiteral("--db"), fixture.dbPath(),
                               QStringLiteral("--format"), QStringLiteral("parquet"),
                               QStringLiteral("--out"), out + QStringLiteral("3")});
        QCOMPARE(result.exitCode, 2);
        result = test::runCli({QStringLiteral("export"), QStringLiteral("--db"), fixture.dbPath(),
                               QStringLiteral("--per-class-max"), QStringLiteral("2"),
                               QStringLiteral("--balanced"), QStringLiteral("2"),
                               QStringLiteral("--out"), out + QStringLiteral("4")});
        QCOMPARE(result.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
