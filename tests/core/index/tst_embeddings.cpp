// The embeddings stage end to end: the real shards in ../shared, fixtures with every kind of
// broken input, orphans, label disagreements, re-matching after the segments change, class
// means, and the CLI's embedding command.
#include "audiosetrecord.h"
#include "bytestream.h"
#include "catalog.h"
#include "clirunner.h"
#include "diagnostics.h"
#include "fixturewriter.h"
#include "indexer.h"
#include "sqlitedb.h"
#include "tarwriter.h"
#include "tfrecord.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <zlib.h>

using namespace audioset;
using audioset::test::FixtureWriter;
using audioset::test::segmentRow;

namespace {

std::string frames(size_t count, unsigned char seed) {
    return test::syntheticFrames(count, seed);
}

std::string record(const char *ytid, float start, float end, std::vector<int64_t> labels,
                   size_t frameCount, unsigned char seed = 1) {
    return encodeAudioSetRecord(ytid, start, end, labels, frames(frameCount, seed));
}

// The standard fixture (labels /m/a=0 ... /m/g=5) with an eval/ folder of shards.
void writeStandardWithShards(FixtureWriter &fixture, const std::string &shardAa) {
    fixture.writeStandardRelease();
    QDir(fixture.dir()).mkpath(QStringLiteral("audioset_v1_embeddings/eval"));
    fixture.writeFile(QStringLiteral("audioset_v1_embeddings/eval/aa.tfrecord"),
                      QByteArray::fromStdString(shardAa));
}

IndexReport index(const FixtureWriter &fixture, Diagnostics &diagnostics, bool strict = false) {
    return indexRelease(
        test::indexOptions(fixture.dir().toStdString(), fixture.dbPath().toStdString(), strict),
        diagnostics, {});
}

// Indexes the standard fixture with one record, for aaaaaaaaaa2 at 30 s.
void indexOneRecord(FixtureWriter &fixture) {
    std::string shard;
    appendTfRecord(shard, record("aaaaaaaaaa2", 30.0f, 40.0f, {0, 3}, 10, 7));
    writeStandardWithShards(fixture, shard);
    Diagnostics diagnostics;
    QVERIFY(index(fixture, diagnostics).indexed());
}

std::unique_ptr<Catalog> open(const FixtureWriter &fixture) {
    std::string error;
    return Catalog::open(fixture.dbPath().toStdString(), error);
}

bool hasProblem(const Diagnostics &diagnostics, const QString &expected) {
    QStringList all;
    for (const Problem &problem : diagnostics.detailed()) {
        all << QString::fromStdString(problem.toString());
        if (all.last().contains(expected)) return true;
    }
    qWarning("expected a problem containing '%s'; got:\n%s", qPrintable(expected),
             qPrintable(all.join(QLatin1Char('\n'))));
    return false;
}

} // namespace

class TestEmbeddings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void realShardsAreIndexedAndRebuiltByteForByte() {
        const QString data = test::realDataDir();
        if (data.isEmpty())
            QFAIL(
                "../shared/data/audioset is not beside the checkout: the real-data tests must run");
        QTemporaryDir dir;
        Diagnostics diagnostics;
        const std::string db = dir.filePath(QStringLiteral("real.db")).toStdString();
        const IndexReport report =
            indexRelease(test::indexOptions(data.toStdString(), db), diagnostics, {});
        QVERIFY(report.indexed());
        QCOMPARE(diagnostics.seriousTotal(), uint64_t(0));
        {
            // Every real record is in the release's encoding: one byte of layout each, rebuilt
            // from the stored fields (checked byte for byte below).
            Database index(db, Database::Mode::ReadOnly);
            QCOMPARE(index.queryInt("SELECT count(*) FROM embeddings WHERE length(layout) = 1"),
                     int64_t(13719 + 15040));
        }
        std::string error;
        auto catalog = Catalog::open(db, error);
        const IndexStats stats = catalog->stats();
        QVERIFY(stats.embeddings);
        // SOURCES.md: 13,719 eval and 15,040 bal_train records, all matching their CSV rows.
        QCOMPARE(stats.embeddings->records[splitIndex(Split::Eval)], int64_t(13719));
        QCOMPARE(stats.embeddings->records[splitIndex(Split::BalancedTrain)], int64_t(15040));
        QCOMPARE(stats.embeddings->orphans[0] + stats.embeddings->orphans[1], int64_t(0));
        QCOMPARE(stats.embeddings->labelDisagreements[0] + stats.embeddings->labelDisagreements[1],
                 int64_t(0));

        // Every record of a few shards: the stored frames equal the record's, and the
        // original bytes come back exactly.
        int checked = 0;
        for (const char *shard :
             {"eval/-0.tfrecord", "eval/6Z.tfrecord", "bal_train/--.tfrecord"}) {
            const QString path =
                data + QStringLiteral("/audioset_v1_embeddings/") + QLatin1String(shard);
            if (!QFile::exists(path)) continue;
            FileStream stream;
            QVERIFY(stream.open(path.toStdString()));
            TfRecordReader reader(stream);
            AudioSetRecordDecoder decoder;
            AudioSetRecord decoded;
            std::string bytes, readError;
            while (reader.next(bytes, readError) == TfRecordReader::Status::Record) {
                QVERIFY(!decoder.decode(bytes, decoded));
                const auto segments = catalog->segmentsOfVideo(decoded.ytid);
                QVERIFY2(!segments.empty(), decoded.ytid.c_str());
                const auto embedding = catalog->embedding(segments[0].id);
                QVERIFY(embedding);
                QCOMPARE(embedding->frameCount, decoded.frameCount());
                QVERIFY(std::equal(embedding->frames.begin(), embedding->frames.end(),
                                   reinterpret_cast<const uint8_t *>(decoded.frames.data())));
                QCOMPARE(catalog->originalRecord(segments[0].id).value(), bytes);
                ++checked;
            }
        }
        QVERIFY(checked > 10);
        // The record that is 4 s short: 6 frames.
        const auto short_ = catalog->segmentsOfVideo("6ZrhRQItpiI");
        QCOMPARE(short_.size(), size_t(1));
        QCOMPARE(catalog->embedding(short_[0].id)->frameCount, size_t(6));
        // Dequantisation: q * 4 / 255 - 2.
        QCOMPARE(SegmentEmbedding::dequantize(0), -2.0f);
        QCOMPARE(SegmentEmbedding::dequantize(255), 2.0f);
        // Class means exist for Speech in eval.
        const auto speech = catalog->classMeanFrame("/m/09x0r", Split::Eval, false);
        QVERIFY(speech && speech->segments > 1000 && speech->mean.size() == 128);

        // Issue 14, item 3: rows say whether they have an embedding, and filter on it, for a
        // split and for a class (Dog with its descendants in eval).
        const auto linkedEval = stats.embeddings->linked[splitIndex(Split::Eval)];
        const int64_t evalSegments = stats.segments[splitIndex(Split::Eval)].value();
        QVERIFY(linkedEval > 0 && linkedEval < evalSegments);
        for (const std::optional<std::string> &mid :
             {std::optional<std::string>(), std::optional<std::string>("/m/0bt9lr")}) {
            SegmentQuery query;
            query.classMid = mid;
            query.rollup = true;
            query.split = Split::Eval;
            query.limit = 100'000;
            const SegmentPage all = catalog->segments(query);
            int64_t flagged = 0;
            for (const SegmentRow &row : all.rows)
                flagged += row.hasEmbedding;
            query.withEmbedding = true;
            const SegmentPage with = catalog->segments(query);
            query.withEmbedding = false;
            const SegmentPage without = catalog->segments(query);
            QCOMPARE(with.total, flagged);
            QCOMPARE(with.total + without.total, all.total);
            QVERIFY(with.total > 0 && without.total > 0);
            for (const SegmentRow &row : with.rows)
                QVERIFY(row.hasEmbedding);
            for (const SegmentRow &row : without.rows)
                QVERIFY(!row.hasEmbedding);
            if (!mid) QCOMPARE(with.total, linkedEval);
        }
    }

    void fixtureMatchingOrphansAndDisagreements() {
        FixtureWriter fixture;
        writeStandardWithShards(fixture, [] {
            std::string shard;
            appendTfRecord(shard, record("aaaaaaaaaa1", 0.0f, 10.0f, {3}, 10, 1));
            appendTfRecord(
                shard, record("aaaaaaaaaa2", 30.0f, 40.0f, {3, 0}, 10, 2)); // order differs: agrees
            appendTfRecord(shard, record("aaaaaaaaaa3", 239.8f, 248.8f, {1}, 9,
                                         3)); // float32 start; /m/e missing
            appendTfRecord(shard,
                           record("aaaaaaaaaa9", 0.0f, 10.0f, {0}, 10, 4)); // no such segment
            appendTfRecord(shard,
                           record("aaaaaaaaaa1", 0.0f, 10.0f, {3}, 10, 5)); // a second record
            return shard;
        }());
        Diagnostics diagnostics;
        const IndexReport report = index(fixture, diagnostics);
        QVERIFY(report.indexed());
        QCOMPARE(report.embeddings[0], int64_t(5));
        QCOMPARE(report.orphanEmbeddings, int64_t(2));
        const QString shard =
            fixture.path(QStringLiteral("audioset_v1_embeddings/eval/aa.tfrecord"));
        QVERIFY(hasProblem(diagnostics, QStringLiteral("aa.tfrecord:")));
        QVERIFY(
            hasProblem(diagnostics,
                       QStringLiteral("record for aaaaaaaaaa9 at 0.000 s (eval) has no segment")));
        QVERIFY(hasProblem(diagnostics, QStringLiteral("a second record for segment aaaaaaaaaa1")));
        QVERIFY(
            hasProblem(diagnostics, QStringLiteral("labels of the record for aaaaaaaaaa3 differ")));
        // Orphans and disagreements describe the data; they do not fail --strict.
        QCOMPARE(diagnostics.count(ProblemKind::OrphanRecord), uint64_t(1));
        QCOMPARE(diagnostics.count(ProblemKind::LabelDisagreement), uint64_t(1));

        auto catalog = open(fixture);
        const EmbeddingStats stats = *catalog->stats().embeddings;
        QCOMPARE(stats.linked[0], int64_t(3));
        QCOMPARE(stats.orphans[0], int64_t(2));
        QCOMPARE(stats.labelDisagreements[0], int64_t(1));
        const auto third = catalog->segmentsOfVideo("aaaaaaaaaa3");
        const auto embedding = catalog->embedding(third.at(0).id);
        QVERIFY(embedding);
        QCOMPARE(embedding->frameCount, size_t(9));
        QVERIFY(!embedding->labelsAgree);
        QCOMPARE(embedding->recordStartMs, int64_t(239800));
        // The first record of aaaaaaaaaa1 is the one linked.
        const auto first = catalog->embedding(catalog->segmentsOfVideo("aaaaaaaaaa1").at(0).id);
        QCOMPARE(first->frames[0], uint8_t(frames(1, 1)[0]));
        QVERIFY(!catalog->embedding(catalog->segmentsOfVideo("ab-aaaaaaa4").at(0).id));

        // Class mean of /m/d (direct) in eval: segments 1 and 2 (segment 5 has no record).
        const auto mean = catalog->classMeanFrame("/m/d", Split::Eval, false);
        QVERIFY(mean);
        QCOMPARE(mean->segments, int64_t(2));
        QCOMPARE(mean->frames, int64_t(20));
        double expected = 0;
        for (unsigned char seed : {1, 2})
            for (size_t t = 0; t < 10; ++t)
                expected += static_cast<unsigned char>(frames(10, seed)[t * 128]);
        QCOMPARE(double(mean->mean[0]), double(float(expected / 20.0)));
        // Rollup of /m/a: segments 1, 2 and 3 (all reach /m/a), each once.
        QCOMPARE(catalog->classMeanFrame("/m/a", Split::Eval, true)->segments, int64_t(3));
    }

    // Records the release's encoding does not give (a start between milliseconds, a field it
    // never writes, fields out of its order) keep a full layout and still come back exactly.
    void otherEncodingsKeepAFullLayout() {
        const std::string between = record("aaaaaaaaaa1", 0.0004f, 10.0f, {3}, 10, 1);
        std::string extra = record("aaaaaaaaaa2", 30.0f, 40.0f, {3, 0}, 10, 2);
        extra += std::string("\x18\x07", 2); // field 3, a varint: unknown to SequenceExample
        const std::string frameBytes = frames(9, 3);
        std::string reordered =
            encodeAudioSetRecord("aaaaaaaaaa3", 239.8f, 248.8f, {1}, frameBytes);
        // The feature lists before the context: the same message, bytes the release never has.
        // The context is field 1 at the start: a tag byte, then its length as a varint.
        QCOMPARE(reordered[0], '\x0a');
        size_t contextEnd = 1, length = 0;
        for (int shift = 0;; shift += 7) {
            const auto byte = static_cast<unsigned char>(reordered[contextEnd++]);
            length |= size_t(byte & 0x7f) << shift;
            if (byte < 0x80) break;
        }
        contextEnd += length;
        reordered = reordered.substr(contextEnd) + reordered.substr(0, contextEnd);
        AudioSetRecordDecoder decoder;
        AudioSetRecord decoded;
        QVERIFY(!decoder.decode(reordered, decoded));
        QCOMPARE(decoded.frames, frameBytes);
        QCOMPARE(decoded.ytid, std::string("aaaaaaaaaa3"));

        FixtureWriter fixture;
        std::string shard;
        for (const std::string &bytes : {between, extra, reordered})
            appendTfRecord(shard, bytes);
        writeStandardWithShards(fixture, shard);
        Diagnostics diagnostics;
        QVERIFY(index(fixture, diagnostics).indexed());
        {
            Database db(fixture.dbPath().toStdString(), Database::Mode::ReadOnly);
            QCOMPARE(db.queryInt("SELECT count(*) FROM embeddings WHERE length(layout) > 4"),
                     int64_t(3));
        }
        auto catalog = open(fixture);
        const std::pair<const char *, const std::string *> expected[] = {
            {"aaaaaaaaaa1", &between}, {"aaaaaaaaaa2", &extra}, {"aaaaaaaaaa3", &reordered}};
        for (const auto &[ytid, bytes] : expected) {
            const auto segment = catalog->segmentsOfVideo(ytid).at(0);
            QCOMPARE(catalog->originalRecord(segment.id).value(), *bytes);
        }
    }

    void brokenShardsAreReportedAndTheRestIndexed() {
        FixtureWriter fixture;
        std::string good;
        appendTfRecord(good, record("aaaaaaaaaa1", 0.0f, 10.0f, {3}, 10));
        std::string flipped;
        appendTfRecord(flipped, record("aaaaaaaaaa2", 30.0f, 40.0f, {0, 3}, 10));
        flipped[40] ^= 0x10;
        appendTfRecord(flipped, record("aaaaaaaaaa3", 239.8f, 249.8f, {1, 4}, 10));
        writeStandardWithShards(fixture, good + flipped);
        // A second shard: truncated, a non-SequenceExample, and a frame of the wrong size.
        std::string other;
        appendTfRecord(other, "this is not a protobuf \xff\xff");
        appendTfRecord(other, record("ab-aaaaaaa4", 10.0f, 20.0f, {5}, 10));
        std::string cut;
        appendTfRecord(cut, record("ab_aaaaaaa5", 5.0f, 12.0f, {2, 3}, 7));
        other += cut.substr(0, cut.size() / 2);
        fixture.writeFile(QStringLiteral("audioset_v1_embeddings/eval/ab.tfrecord"),
                          QByteArray::fromStdString(other));
        // A shard outside any split folder.
        fixture.writeFile(QStringLiteral("audioset_v1_embeddings/stray.tfrecord"),
                          QByteArray::fromStdString(good));

        Diagnostics diagnostics;
        const IndexReport report = index(fixture, diagnostics);
        QVERIFY(report.indexed());
        const QString aa = fixture.path(QStringLiteral("audioset_v1_embeddings/eval/aa.tfrecord"));
        const QString ab = fixture.path(QStringLiteral("audioset_v1_embeddings/eval/ab.tfrecord"));
        QVERIFY(
            hasProblem(diagnostics, aa + QStringLiteral(":") + QString::number(good.size()) +
                                        QStringLiteral(": the record's data CRC does not match")));
        QVERIFY(hasProblem(diagnostics, ab + QStringLiteral(":0: not a SequenceExample")));
        // The cut record claims more bytes than the file has left: refused before reading.
        QVERIFY(hasProblem(diagnostics, QStringLiteral("bytes but only")));
        QVERIFY(hasProblem(diagnostics, QStringLiteral("stray.tfrecord: cannot tell the split")));
        // aaaaaaaaaa1, aaaaaaaaaa3 (after the flipped one) and ab-aaaaaaa4 made it.
        QCOMPARE(report.embeddings[0], int64_t(3));

        // --strict turns the same input into a failure that changes nothing.
        Diagnostics strictDiagnostics;
        IndexOptions strict =
            test::indexOptions(fixture.dir().toStdString(), fixture.dbPath().toStdString(), true);
        strict.force = true;
        const IndexReport failed = indexRelease(strict, strictDiagnostics, {});
        QVERIFY(failed.outcome.isFailed());
        QCOMPARE(open(fixture)->stats().embeddings->records[0], int64_t(3));
    }

    void tarballWithCorruptHeaderAndEarlyEnd() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        std::string first, second;
        appendTfRecord(first, record("aaaaaaaaaa1", 0.0f, 10.0f, {3}, 10));
        appendTfRecord(second, record("aaaaaaaaaa2", 30.0f, 40.0f, {0, 3}, 10));
        std::string tar;
        auto add = [&](const std::string &name, const std::string &data) {
            tar += TarGzWriter::header(name, data.size());
            tar += data;
            tar += std::string((512 - data.size() % 512) % 512, '\0');
        };
        add("audioset_v1_embeddings/eval/aa.tfrecord", first);
        const size_t corruptAt = tar.size();
        add("audioset_v1_embeddings/eval/ab.tfrecord", first);
        tar[corruptAt + 3] ^= 0x21;
        add("audioset_v1_embeddings/eval/ac.tfrecord", second);
        tar += std::string(1024, '\0');
        gzFile gz =
            gzopen(fixture.path(QStringLiteral("features.tar.gz")).toLocal8Bit().constData(), "wb");
        gzwrite(gz, tar.data(), static_cast<unsigned>(tar.size()));
        gzclose(gz);

        Diagnostics diagnostics;
        IndexReport report = index(fixture, diagnostics);
        QVERIFY(report.indexed());
        QVERIFY(hasProblem(diagnostics, fixture.path(QStringLiteral("features.tar.gz")) +
                                            QLatin1Char(':') + QString::number(corruptAt) +
                                            QStringLiteral(": tar header checksum mismatch")));
        QCOMPARE(report.embeddings[0], int64_t(2)); // aa and ac

        // Cut the compressed archive short: what came before is still indexed.
        QFile file(fixture.path(QStringLiteral("features.tar.gz")));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(file.size() - 40));
        file.close();
        Diagnostics truncated;
        report = index(fixture, truncated);
        QVERIFY(report.indexed());
        QVERIFY(hasProblem(truncated, QStringLiteral("compressed stream ends early")));
    }

    void gzipShardsAndTheBulkIterator() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        std::string shard;
        appendTfRecord(shard, record("aaaaaaaaaa1", 0.0f, 10.0f, {3}, 10, 4));
        appendTfRecord(shard, record("aaaaaaaaaa2", 30.0f, 40.0f, {0, 3}, 10, 5));
        QDir(fixture.dir()).mkpath(QStringLiteral("eval"));
        gzFile gz = gzopen(
            fixture.path(QStringLiteral("eval/aa.tfrecord.gz")).toLocal8Bit().constData(), "wb");
        gzwrite(gz, shard.data(), static_cast<unsigned>(shard.size()));
        gzclose(gz);
        Diagnostics diagnostics;
        const IndexReport report = index(fixture, diagnostics);
        QVERIFY(report.indexed());
        QCOMPARE(report.embeddings[0], int64_t(2));
        // The bulk iterator visits every segment with an embedding, in segment order.
        std::vector<int64_t> visited;
        open(fixture)->forEachEmbedding(
            [&](int64_t id, Split split, const uint8_t *data, size_t count) {
                visited.push_back(id);
                return split == Split::Eval && count == 10 && data != nullptr;
            });
        QCOMPARE(visited, (std::vector<int64_t>{0, 1}));
    }

    void segmentsChangeAndEmbeddingsFollow() {
        FixtureWriter fixture;
        indexOneRecord(fixture);
        const auto before =
            open(fixture)->embedding(open(fixture)->segmentsOfVideo("aaaaaaaaaa2").at(0).id);
        QVERIFY(before);
        // A new first row shifts every segment id; only the CSV changed.
        QStringList rows{segmentRow(QStringLiteral("------------").left(11),
                                    QStringLiteral("0.000"), QStringLiteral("10.000"),
                                    QStringLiteral("/m/a")),
                         segmentRow(QStringLiteral("aaaaaaaaaa1"), QStringLiteral("0.000"),
                                    QStringLiteral("10.000"), QStringLiteral("/m/d")),
                         segmentRow(QStringLiteral("aaaaaaaaaa2"), QStringLiteral("30.000"),
                                    QStringLiteral("40.000"), QStringLiteral("/m/a,/m/d"))};
        fixture.writeSegments(QStringLiteral("eval_segments.csv"), rows);
        Diagnostics second;
        const IndexReport report = index(fixture, second);
        QVERIFY(report.indexed());
        QVERIFY(report.metadataIndexed);
        QVERIFY(!report.embeddingsIndexed); // the shard was not read again
        auto catalog = open(fixture);
        const auto segment = catalog->segmentsOfVideo("aaaaaaaaaa2").at(0);
        QCOMPARE(segment.id, int64_t(2));
        const auto after = catalog->embedding(segment.id);
        QVERIFY(after);
        QCOMPARE(after->frames, before->frames);
    }

    // Matching records to a damaged index's segments (an id far beyond its rows) fails with
    // the file named and the way out, sizes nothing by the id, and changes nothing.
    void aDamagedSegmentIdIsRefused() {
        FixtureWriter fixture;
        indexOneRecord(fixture);
        {
            Database db(fixture.dbPath().toStdString(), Database::Mode::ReadWrite);
            db.exec("UPDATE segments SET id = 3000000000 WHERE id = (SELECT max(id) FROM "
                    "segments)");
        }
        // The shard changes, so its records are read and matched again.
        std::string shard;
        appendTfRecord(shard, record("aaaaaaaaaa2", 30.0f, 40.0f, {0, 3}, 10, 8));
        fixture.writeFile(QStringLiteral("audioset_v1_embeddings/eval/aa.tfrecord"),
                          QByteArray::fromStdString(shard));
        Diagnostics diagnostics;
        const IndexReport report = index(fixture, diagnostics);
        QVERIFY(!report.indexed());
        const QString message = QString::fromStdString(report.outcome.message);
        QVERIFY2(message.contains(QLatin1String("damaged index")) &&
                     message.contains(QLatin1String("--force")),
                 qPrintable(message));
        Database db(fixture.dbPath().toStdString(), Database::Mode::ReadOnly);
        QCOMPARE(db.queryInt("SELECT max(id) FROM segments"), int64_t(3000000000));
        QCOMPARE(db.queryInt("SELECT count(*) FROM embeddings"), int64_t(1));
    }

    // An index from a build that kept the frames in their own table: readers are told how to
    // update it, and indexing the unchanged release reads the features again.
    void schemaOneEmbeddingsAreReadAgain() {
        FixtureWriter fixture;
        indexOneRecord(fixture);
        const int64_t segmentId = open(fixture)->segmentsOfVideo("aaaaaaaaaa2").at(0).id;
        const auto before = open(fixture)->embedding(segmentId);
        QVERIFY(before);
        {
            Database db(fixture.dbPath().toStdString(), Database::Mode::ReadWrite);
            db.exec("CREATE TABLE embedding_frames AS SELECT id, frames, layout FROM embeddings;"
                    "CREATE TABLE records AS SELECT id, split, ytid, start_ms, end_ms, "
                    "frame_count, labels FROM embeddings; DROP TABLE embeddings;"
                    "ALTER TABLE records RENAME TO embeddings; PRAGMA user_version = 1");
        }
        std::string error;
        QVERIFY(!Catalog::open(fixture.dbPath().toStdString(), error));
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("index schema 1")) &&
                     QString::fromStdString(error).contains(QStringLiteral("audioset index")),
                 error.c_str());

        Diagnostics second;
        const IndexReport report = index(fixture, second);
        QVERIFY(report.indexed());
        QVERIFY(!report.metadataIndexed);
        QVERIFY(report.embeddingsIndexed);
        auto catalog = open(fixture);
        QVERIFY(catalog);
        const auto after = catalog->embedding(segmentId);
        QVERIFY(after);
        QCOMPARE(after->frames, before->frames);
        Database db(fixture.dbPath().toStdString(), Database::Mode::ReadOnly);
        QVERIFY(!db.tableExists("embedding_frames"));
        QCOMPARE(db.queryInt("PRAGMA user_version"), int64_t(2));
        QVERIFY(index(fixture, second).upToDate);
    }

    void demoArchiveAndCli() {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("demo"));
        const QString db = dir.filePath(QStringLiteral("demo.db"));
        QCOMPARE(test::runCli({QStringLiteral("generate-demo"), data, QStringLiteral("--segments"),
                               QStringLiteral("3000")})
                     .exitCode,
                 0);
        QVERIFY(QFile::exists(data + QStringLiteral("/features.tar.gz")));
        const test::CliResult indexed =
            test::runCli({QStringLiteral("index"), data, QStringLiteral("--db"), db,
                          QStringLiteral("--strict")});
        QVERIFY2(indexed.exitCode == 0, indexed.err.constData());
        const QJsonObject stats = test::runCli({QStringLiteral("stats"), QStringLiteral("--json"),
                                                QStringLiteral("--db"), db})
                                      .json()
                                      .object();
        QCOMPARE(stats[QStringLiteral("embeddings")][QStringLiteral("unbalanced_train")].toInt(),
                 3000);
        QCOMPARE(stats[QStringLiteral("orphan_embeddings")].toInt(), 0);

        const QJsonArray segments =
            test::runCli({QStringLiteral("segments"), QStringLiteral("--split"),
                          QStringLiteral("eval"), QStringLiteral("--limit"), QStringLiteral("1"),
                          QStringLiteral("--json"), QStringLiteral("--db"), db})
                .json()
                .array();
        const QString ytid = segments[0][QStringLiteral("ytid")].toString();
        const double start = segments[0][QStringLiteral("start")].toDouble();
        const test::CliResult embedding = test::runCli(
            {QStringLiteral("embedding"), QStringLiteral("--json"), QStringLiteral("--db"), db,
             QStringLiteral("--start"), QString::number(start), QStringLiteral("--"), ytid});
        QVERIFY2(embedding.exitCode == 0, embedding.err.constData());
        const QJsonObject object = embedding.json().object();
        QCOMPARE(object[QStringLiteral("ytid")].toString(), ytid);
        QCOMPARE(object[QStringLiteral("split")].toString(), QStringLiteral("eval"));
        QCOMPARE(object[QStringLiteral("start")].toDouble(), start);
        const QJsonArray frames = object[QStringLiteral("frames")].toArray();
        QVERIFY(frames.size() >= 1 && frames.size() <= 10);
        QCOMPARE(frames[0].toArray().size(), 128);
        for (const QJsonValue &value : frames[0].toArray())
            QVERIFY(value.toInt() >= 0 && value.toInt() <= 255);
        QCOMPARE(test::runCli({QStringLiteral("embedding"), QStringLiteral("--db"), db,
                               QStringLiteral("nope")})
                     .exitCode,
                 2);
        QCOMPARE(test::runCli({QStringLiteral("embedding"), QStringLiteral("--db"), db,
                               QStringLiteral("zzzzzzzzzzz")})
                     .exitCode,
                 1);
    }
};

QTEST_GUILESS_MAIN(TestEmbeddings)
#include "tst_embeddings.moc"
