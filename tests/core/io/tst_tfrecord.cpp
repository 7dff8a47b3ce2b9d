// TFRecord framing, CRC-32C, tar streaming and SequenceExample decoding, including every kind
// of corrupt input: each is reported with its byte offset and never allocates what a corrupt
// length asks for.
#include "audiosetrecord.h"
#include "bytestream.h"
#include "crc32c.h"
#include "fixturewriter.h"
#include "readaheadstream.h"
#include "tarreader.h"
#include "tarwriter.h"
#include "tfrecord.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>
#include <limits>
#include <random>

using namespace audioset;

namespace {

std::string frames(size_t count, unsigned char seed) {
    return test::syntheticFrames(count, seed);
}

std::string sampleRecord(const char *ytid = "-0RWZT-miFs", size_t frameCount = 10) {
    return encodeAudioSetRecord(ytid, 420.0f, 430.0f, {137, 0}, frames(frameCount, 3));
}

std::string framed(const std::vector<std::string> &records) {
    std::string out;
    for (const std::string &record : records)
        appendTfRecord(out, record);
    return out;
}

using test::appendField;
using test::appendVarint;

// A record built field by field: labels and start time unpacked, the context entries in
// another order than the release writes them, one frame of the given bytes.
std::string handBuiltRecord(const std::string &frame) {
    auto feature = [](int kind, const std::string &list) {
        std::string out;
        appendField(out, kind, list);
        return out;
    };
    auto entry = [](const std::string &key, const std::string &value) {
        std::string out;
        appendField(out, 1, key);
        appendField(out, 2, value);
        return out;
    };
    std::string unpackedLabels;
    for (int label : {5, 7}) {
        appendVarint(unpackedLabels, 1 << 3 | 0);
        appendVarint(unpackedLabels, static_cast<uint64_t>(label));
    }
    const float start = 30.0f, end = 40.0f;
    std::string unpackedStart(1, static_cast<char>(1 << 3 | 5));
    unpackedStart.append(reinterpret_cast<const char *>(&start), 4);
    std::string packedEnd;
    appendField(packedEnd, 1, std::string(reinterpret_cast<const char *>(&end), 4));
    std::string videoId;
    appendField(videoId, 1, "abcdefghijk");
    std::string context;
    appendField(context, 1, entry("labels", feature(3, unpackedLabels)));
    appendField(context, 1, entry("end_time_seconds", feature(2, packedEnd)));
    appendField(context, 1, entry("video_id", feature(1, videoId)));
    appendField(context, 1, entry("start_time_seconds", feature(2, unpackedStart)));
    std::string frameBytes;
    appendField(frameBytes, 1, frame);
    std::string frameList;
    appendField(frameList, 1, feature(1, frameBytes));
    std::string lists;
    appendField(lists, 1, entry("audio_embedding", frameList));
    std::string example;
    appendField(example, 1, context);
    appendField(example, 2, lists);
    return example;
}

// Appends one tar entry (header, data, padding) to `tar`.
void addTarEntry(std::string &tar, const std::string &name, const std::string &data,
                 char type = '0') {
    tar += TarGzWriter::header(name, data.size(), type);
    tar += data;
    tar += std::string((512 - data.size() % 512) % 512, '\0');
}

struct TarRead {
    std::vector<std::string> names;
    std::vector<std::pair<uint64_t, std::string>> problems;
};

TarRead readTar(const std::string &tar) {
    MemoryStream stream(tar, false);
    TarRead result;
    TarReader reader(stream, [&](uint64_t offset, const std::string &message) {
        result.problems.emplace_back(offset, message);
    });
    TarEntry entry;
    while (reader.next(entry))
        result.names.push_back(entry.path);
    return result;
}

} // namespace

class TestTfRecord : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void crc32cKnownValues() {
        QCOMPARE(crc32c("123456789", 9), 0xE3069283u);
        QCOMPARE(crc32cPortable("123456789", 9), 0xE3069283u);
        QCOMPARE(crc32c("", 0), 0u);
        QCOMPARE(maskCrc(0), 0xa282ead8u);
        std::mt19937 rng(5);
        std::string data(4099, '\0');
        for (char &c : data)
            c = static_cast<char>(rng());
        for (size_t length : {size_t(1), size_t(7), size_t(8), size_t(63), size_t(4099)})
            QCOMPARE(crc32c(data.data(), length), crc32cPortable(data.data(), length));
        // Continuing a CRC over two pieces equals the CRC of the whole.
        QCOMPARE(crc32c(data.data() + 100, 3999, crc32c(data.data(), 100)),
                 crc32c(data.data(), 4099));
        qInfo("hardware CRC-32C: %s", crc32cIsHardwareAccelerated() ? "yes" : "no");
    }

    void roundTrip() {
        MemoryStream stream(framed({sampleRecord(), "second"}));
        TfRecordReader reader(stream);
        std::string data, error;
        QCOMPARE(reader.next(data, error), TfRecordReader::Status::Record);
        QCOMPARE(data, sampleRecord());
        QCOMPARE(reader.next(data, error), TfRecordReader::Status::Record);
        QCOMPARE(data, std::string("second"));
        QCOMPARE(reader.recordOffset(), uint64_t(12 + sampleRecord().size() + 4));
        QCOMPARE(reader.next(data, error), TfRecordReader::Status::End);
    }

    void flippedDataByteSkipsOnlyThatRecord() {
        std::string bytes = framed({"first record", "second record"});
        bytes[12 + 3] ^= 0x40;
        MemoryStream stream(bytes);
        TfRecordReader reader(stream);
        std::string data, error;
        QCOMPARE(reader.next(data, error), TfRecordReader::Status::Skipped);
        QVERIFY(QString::fromStdString(error).contains(QStringLiteral("data CRC")));
        QCOMPARE(reader.recordOffset(), uint64_t(0));
        QCOMPARE(reader.next(data, error), TfRecordReader::Status::Record);
        QCOMPARE(data, std::string("second record"));
    }

    void flippedLengthByteIsFatalForTheShard() {
        std::string bytes = framed({"first", "second"});
        bytes[21 + 1] ^= 0x01; // the second record's length (the first takes 12 + 5 + 4 bytes)
        MemoryStream stream(bytes);
        TfRecordReader reader(stream);
        std::string data, error;
        QCOMPARE(reader.next(data, error), TfRecordReader::Status::Record);
        QCOMPARE(reader.next(data, error), TfRecordReader::Status::Broken);
        QVERIFY(QString::fromStdString(error).contains(QStringLiteral("length field's CRC")));
        QCOMPARE(reader.recordOffset(), uint64_t(12 + 5 + 4));
    }

    void truncatedFile() {
        std::string bytes = framed({"first", "a longer second record"});
        bytes.resize(bytes.size() - 10);
        MemoryStream stream(bytes, false);
        TfRecordReader reader(stream);
        std::string data, error;
        QCOMPARE(reader.next(data, error), TfRecordReader::Status::Record);
        QCOMPARE(reader.next(data, error), TfRecordReader::Status::Broken);
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("ends inside a record")),
                 error.c_str());
        MemoryStream header(std::string(5, 'x'));
        TfRecordReader short_(header);
        QCOMPARE(short_.next(data, error), TfRecordReader::Status::Broken);
        QVERIFY(QString::fromStdString(error).contains(QStringLiteral("5 of 12 bytes")));
    }

    void lengthBeyondTheFileIsNeverAllocated() {
        // A header with a valid length CRC that claims 2^61 bytes.
        std::string header(8, '\0');
        header[7] = 0x20;
        const uint32_t crc = maskCrc(crc32c(header.data(), 8));
        for (int i = 0; i < 4; ++i)
            header.push_back(static_cast<char>((crc >> (8 * i)) & 0xFF));
        std::string data, error;
        MemoryStream known(header + "tiny");
        TfRecordReader knownReader(known);
        QCOMPARE(knownReader.next(data, error), TfRecordReader::Status::Broken);
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("but only 4 remain")),
                 error.c_str());
        // Where the length is unknown (gzip), the cap refuses it before any allocation.
        MemoryStream unknown(header + "tiny", false);
        TfRecordReader unknownReader(unknown);
        QCOMPARE(unknownReader.next(data, error), TfRecordReader::Status::Broken);
        QVERIFY(QString::fromStdString(error).contains(QStringLiteral("more than the 64 MiB")));
        QVERIFY(data.capacity() < 1024);
    }

    void decodesTheReleaseShape() {
        AudioSetRecordDecoder decoder;
        AudioSetRecord record;
        QVERIFY(!decoder.decode(sampleRecord("-0RWZT-miFs", 6), record));
        QCOMPARE(record.ytid, std::string("-0RWZT-miFs"));
        QCOMPARE(record.startSeconds, 420.0f);
        QCOMPARE(record.labels, (std::vector<int64_t>{137, 0}));
        QCOMPARE(record.frameCount(), size_t(6));
        QCOMPARE(record.frames, frames(6, 3));
    }

    void acceptsUnpackedScalarsAndAnyContextOrder() {
        AudioSetRecordDecoder decoder;
        AudioSetRecord record;
        const auto error = decoder.decode(handBuiltRecord(frames(1, 9)), record);
        QVERIFY2(!error, error ? error->c_str() : "");
        QCOMPARE(record.ytid, std::string("abcdefghijk"));
        QCOMPARE(record.labels, (std::vector<int64_t>{5, 7}));
        QCOMPARE(record.startSeconds, 30.0f);
        QCOMPARE(record.endSeconds, 40.0f);
        QCOMPARE(record.frames, frames(1, 9));
    }

    void refusesWhatIsNotAnAudioSetRecord() {
        AudioSetRecordDecoder decoder;
        AudioSetRecord record;
        auto error = decoder.decode("\xff\xff\xff\xff garbage", record);
        QVERIFY(error &&
                QString::fromStdString(*error).contains(QStringLiteral("not a SequenceExample")));
        error = decoder.decode(encodeAudioSetRecord("bad id", 0, 10, {}, frames(1, 1)), record);
        QVERIFY(error &&
                QString::fromStdString(*error).contains(QStringLiteral("not a YouTube id")));
        error = decoder.decode(handBuiltRecord(std::string(100, 'x')), record);
        QVERIFY2(error && QString::fromStdString(*error).contains(
                              QStringLiteral("frame 0 is 100 bytes, expected 128")),
                 error ? error->c_str() : "decoded");
        error = decoder.decode(std::string(), record);
        QVERIFY(error && QString::fromStdString(*error).contains(QStringLiteral("no video_id")));
    }

    void layoutRebuildsTheExactBytes() {
        AudioSetRecordDecoder decoder;
        AudioSetRecord record;
        const std::string bytes = sampleRecord("zzzzzzzzzzz", 10);
        QVERIFY(!decoder.decode(bytes, record));
        RecordLayout layout;
        splitOutFrames(bytes, record.frameOffsets, layout);
        QCOMPARE(layout.frameOffsets.size(), size_t(10));
        QCOMPARE(layout.skeleton.size(), bytes.size() - 1280);
        const std::string blob = packLayout(layout);
        std::vector<uint32_t> offsets;
        std::string_view skeleton;
        QVERIFY(unpackLayout(blob, offsets, skeleton));
        QCOMPARE(rebuildRecord(skeleton, record.frames, offsets), bytes);
        QVERIFY(!unpackLayout(std::string_view("\xff\xff\xff\x7f", 4), offsets, skeleton));
    }

    // Reading ahead on another thread hands out the same bytes, then the same error, as
    // reading the file directly; leaving early does not hang.
    void readAheadGivesTheSameBytesAndError() {
        QTemporaryDir dir;
        const QString gz = dir.filePath(QStringLiteral("data.gz"));
        QByteArray content;
        std::mt19937 rng(5);
        for (int i = 0; i < 300'000; ++i)
            content += static_cast<char>('a' + rng() % 3);
        QVERIFY(test::writeGzip(gz, content));
        QVERIFY(QFile::resize(gz, QFileInfo(gz).size() * 3 / 4));
        auto readAll = [](ByteStream &stream) {
            std::string out;
            char buffer[777];
            while (const size_t n = stream.read(buffer, sizeof buffer))
                out.append(buffer, n);
            return out;
        };
        FileStream direct;
        QVERIFY(direct.open(gz.toStdString()));
        const std::string expected = readAll(direct);
        QVERIFY(!direct.error().empty());
        for (size_t chunk : {size_t(1000), size_t(4096), size_t(1) << 20}) {
            FileStream file;
            QVERIFY(file.open(gz.toStdString()));
            ReadAheadStream ahead(file, chunk, 2);
            QCOMPARE(readAll(ahead), expected);
            QCOMPARE(ahead.error(), direct.error());
            QCOMPARE(ahead.offset(), uint64_t(expected.size()));
            QVERIFY(!ahead.remaining());
        }
        FileStream file;
        QVERIFY(file.open(gz.toStdString()));
        {
            ReadAheadStream ahead(file, 1000, 2);
            char buffer[10];
            QCOMPARE(ahead.read(buffer, sizeof buffer), sizeof buffer);
        } // destroyed with the reading thread blocked on a full queue
        const QString plain = dir.filePath(QStringLiteral("plain"));
        QFile out(plain);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(content) == content.size());
        out.close();
        FileStream plainFile;
        QVERIFY(plainFile.open(plain.toStdString()));
        ReadAheadStream plainAhead(plainFile, 4096, 3);
        char buffer[100];
        QCOMPARE(plainAhead.read(buffer, sizeof buffer), sizeof buffer);
        QCOMPARE(plainAhead.remaining().value(), uint64_t(content.size() - 100));
    }

    // Records are handed out in the read-ahead buffer when they lie in one chunk, and copied
    // when they straddle two; inside a tar entry too. Either way they, their CRC checks and
    // the offsets are the same as reading byte by byte.
    void recordsReadInPlaceOrCopied() {
        std::mt19937 rng(11);
        std::vector<std::string> records;
        for (int i = 0; i < 200; ++i) {
            std::string record(1 + rng() % 3000, '\0');
            for (char &c : record)
                c = static_cast<char>(rng());
            records.push_back(std::move(record));
        }
        std::string shard = framed(records);
        const size_t corruptRecord = 57;
        size_t at = 0;
        for (size_t i = 0; i < corruptRecord; ++i)
            at += 16 + records[i].size();
        shard[at + 12] ^= 0x01; // its data CRC fails; the framing is intact
        std::string tar = TarGzWriter::header("eval/aa.tfrecord", shard.size(), '0') + shard +
                          std::string((512 - shard.size() % 512) % 512, '\0') +
                          std::string(1024, '\0');
        QTemporaryDir dir;
        const QString plainPath = dir.filePath(QStringLiteral("aa.tfrecord"));
        const QString tarPath = dir.filePath(QStringLiteral("aa.tar"));
        for (const auto &[path, bytes] : {std::pair{plainPath, &shard}, std::pair{tarPath, &tar}}) {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            QCOMPARE(out.write(bytes->data(), qint64(bytes->size())), qint64(bytes->size()));
        }
        auto readAll = [&](ByteStream &stream, size_t &inPlace) {
            TfRecordReader reader(stream);
            std::string_view record;
            std::string copy, error;
            size_t index = 0;
            uint64_t expectedOffset = 0;
            for (TfRecordReader::Status status;
                 (status = reader.next(record, copy, error)) != TfRecordReader::Status::End;
                 ++index) {
                QCOMPARE(reader.recordOffset(), expectedOffset);
                expectedOffset += 16 + records[index].size();
                if (index == corruptRecord) {
                    QCOMPARE(status, TfRecordReader::Status::Skipped);
                    continue;
                }
                QCOMPARE(status, TfRecordReader::Status::Record);
                QVERIFY(record == records[index]);
                if (record.data() != copy.data()) ++inPlace;
            }
            QCOMPARE(index, records.size());
        };
        for (size_t chunk : {size_t(1000), size_t(4096), size_t(1) << 20}) {
            FileStream plain;
            QVERIFY(plain.open(plainPath.toStdString()));
            ReadAheadStream plainAhead(plain, chunk, 2);
            size_t inPlace = 0;
            readAll(plainAhead, inPlace);
            if (chunk > shard.size()) // all in place, else both ways were taken
                QCOMPARE(inPlace, records.size() - 1);
            else
                QVERIFY(inPlace > 0 && inPlace < records.size() - 1);
            FileStream archive;
            QVERIFY(archive.open(tarPath.toStdString()));
            ReadAheadStream archiveAhead(archive, chunk, 2);
            TarReader tarReader(archiveAhead, [](uint64_t, const std::string &) {});
            TarEntry entry;
            QVERIFY(tarReader.next(entry));
            size_t tarInPlace = 0;
            readAll(tarReader.entryData(), tarInPlace);
            QVERIFY(tarInPlace > 0);
            QVERIFY(!tarReader.next(entry));
        }
    }

    void tarWithLongNamesPaxAndACorruptHeader() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("a.tar.gz")).toStdString();
        const std::string longName =
            "audioset_v1_embeddings/eval/" + std::string(90, 'x') + ".tfrecord";
        {
            TarGzWriter writer;
            QVERIFY(writer.open(path));
            QVERIFY(writer.add("first.txt", "one"));
            QVERIFY(writer.add(longName, "long"));
            QVERIFY(writer.close());
        }
        // By hand, uncompressed: a pax header naming the next entry, then a corrupt header.
        std::string tar;
        auto add = [&](const std::string &name, const std::string &data, char type = '0') {
            tar += TarGzWriter::header(name, data.size(), type);
            tar += data;
            tar += std::string((512 - data.size() % 512) % 512, '\0');
        };
        add("first.txt", "one");
        const std::string record = "28 path=pax/named/entry.bin\n";
        add("PaxHeader", record, 'x');
        add("ignored-name", "pax");
        const size_t corruptAt = tar.size();
        add("broken.txt", std::string(700, 'b'));
        tar[corruptAt + 10] ^= 0x5A; // its checksum no longer matches
        add("after.txt", "still here");
        tar += std::string(1024, '\0');

        MemoryStream stream(tar, false);
        std::vector<std::pair<uint64_t, std::string>> problems;
        TarReader reader(stream, [&](uint64_t offset, const std::string &message) {
            problems.emplace_back(offset, message);
        });
        TarEntry entry;
        std::vector<std::string> names;
        while (reader.next(entry)) {
            names.push_back(entry.path);
            std::string data(entry.size, '\0');
            QCOMPARE(reader.entryData().readFully(data.data(), data.size()), data.size());
            if (entry.path == "after.txt") QCOMPARE(data, std::string("still here"));
        }
        QCOMPARE(names,
                 (std::vector<std::string>{"first.txt", "pax/named/entry.bin", "after.txt"}));
        QCOMPARE(problems.size(), size_t(1));
        QCOMPARE(problems[0].first, uint64_t(corruptAt));
        QVERIFY(QString::fromStdString(problems[0].second).contains(QStringLiteral("checksum")));

        // And the GNU long name written by TarGzWriter, read through gzip.
        FileStream file;
        QVERIFY(file.open(path));
        QVERIFY(file.compressed());
        TarReader gz(file, [](uint64_t, const std::string &) { QFAIL("no problem expected"); });
        QVERIFY(gz.next(entry));
        QCOMPARE(entry.path, std::string("first.txt"));
        QVERIFY(gz.next(entry));
        QCOMPARE(entry.path, longName);
        QCOMPARE(entry.size, uint64_t(4));
    }

    // Issue 9 regression: a pax record whose length wraps the parse position back to where it
    // started used to loop for ever. Now: bounded work, an error naming the header's offset.
    void paxRecordsThatLoopEndWithAnError() {
        std::string tar;
        addTarEntry(tar, "first.txt", "one");
        const size_t paxAt = tar.size();
        // The second record's length is 2^64 - 10: added to its position it wraps around to 0.
        addTarEntry(tar, "PaxHeader", "10 a=bcd\n18446744073709551606 path=x\n", 'x');
        addTarEntry(tar, "after.txt", "still here");
        tar += std::string(1024, '\0');
        const TarRead read = readTar(tar);
        QCOMPARE(read.names, (std::vector<std::string>{"first.txt", "after.txt"}));
        QCOMPARE(read.problems.size(), size_t(1));
        QCOMPARE(read.problems[0].first, uint64_t(paxAt));
        QVERIFY2(QString::fromStdString(read.problems[0].second)
                     .contains(QStringLiteral("malformed pax header")),
                 read.problems[0].second.c_str());
    }

    void paxRecordLengthsMustEndInANewline() {
        for (const std::string &records :
             {std::string("99 path=x\n"), std::string("5 path=abc\n"), std::string("x path=a\n")}) {
            std::string tar;
            addTarEntry(tar, "PaxHeader", records, 'x');
            addTarEntry(tar, "file.txt", "data");
            tar += std::string(1024, '\0');
            const TarRead read = readTar(tar);
            QCOMPARE(read.names, std::vector<std::string>{"file.txt"}); // the pax path is not used
            QCOMPARE(read.problems.size(), size_t(1));
            QCOMPARE(read.problems[0].first, uint64_t(0));
        }
    }

    void paxHeaderChainsWithoutAFileAreBounded() {
        std::string tar;
        for (int i = 0; i < 10000; ++i)
            addTarEntry(tar, "PaxHeader", "16 path=loop/me\n", 'x');
        const size_t fileAt = tar.size();
        addTarEntry(tar, "real.txt", "data");
        tar += std::string(1024, '\0');
        const TarRead read = readTar(tar);
        QCOMPARE(read.names, std::vector<std::string>{"real.txt"}); // not "loop/me"
        QCOMPARE(read.problems.size(), size_t(1));
        QCOMPARE(read.problems[0].first, uint64_t(8 * 1024)); // the ninth pax header in a row
        QVERIFY(QString::fromStdString(read.problems[0].second)
                    .contains(QStringLiteral("in a row without a file")));
        QVERIFY(fileAt > read.problems[0].first);
    }

    void hugeSizeFieldIsRefused() {
        std::string tar;
        std::string header = TarGzWriter::header("huge.bin", 0, '0');
        // A base-256 size of 2^64 - 1, then the checksum made right again.
        header[124] = static_cast<char>(0x80);
        for (int i = 125; i < 136; ++i)
            header[static_cast<size_t>(i)] = static_cast<char>(i < 128 ? 0 : 0xff);
        std::memset(header.data() + 148, ' ', 8);
        unsigned sum = 0;
        for (unsigned char c : header)
            sum += c;
        std::snprintf(header.data() + 148, 8, "%06o", sum);
        tar += header;
        addTarEntry(tar, "after.txt", "x");
        tar += std::string(1024, '\0');
        const TarRead read = readTar(tar);
        QCOMPARE(read.names, std::vector<std::string>{"after.txt"});
        QCOMPARE(read.problems.size(), size_t(1));
        QVERIFY(QString::fromStdString(read.problems[0].second)
                    .contains(QStringLiteral("corrupt size field")));
    }

    // Issue 9: times that are not finite, or far beyond any video, are named with the field and
    // the value found (they used to print as -9223372036854775.808 s).
    void nonFiniteTimesAreNamed_data() {
        QTest::addColumn<float>("start");
        QTest::addColumn<float>("end");
        QTest::addColumn<QString>("expected");
        QTest::newRow("nan start") << std::numeric_limits<float>::quiet_NaN() << 10.0f
                                   << "start_time_seconds is nan; expected a finite number";
        QTest::newRow("inf start")
            << std::numeric_limits<float>::infinity() << 10.0f << "start_time_seconds is inf";
        QTest::newRow("1e30 end") << 0.0f << 1e30f << "end_time_seconds is 1e+30";
        QTest::newRow("negative start") << -5.0f << 5.0f << "start_time_seconds is -5";
    }
    void nonFiniteTimesAreNamed() {
        QFETCH(float, start);
        QFETCH(float, end);
        QFETCH(QString, expected);
        AudioSetRecordDecoder decoder;
        AudioSetRecord record;
        const auto error = decoder.decode(
            encodeAudioSetRecord("-0RWZT-miFs", start, end, {1}, frames(2, 1)), record);
        QVERIFY(error);
        QVERIFY2(QString::fromStdString(*error).contains(expected), error->c_str());
    }
};

QTEST_GUILESS_MAIN(TestTfRecord)
#include "tst_tfrecord.moc"
