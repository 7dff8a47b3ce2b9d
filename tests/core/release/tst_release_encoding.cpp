// The release's own record encoding, which lets the index keep a one-byte layout: it must agree
// with protobuf's serialiser, be recognised in every real record in ../shared, and never be
// claimed for bytes it does not rebuild exactly.
#include "audiosetrecord.h"
#include "clirunner.h"
#include "realrecords.h"
#include "releaseencoding.h"

#include <QTest>

#include <map>

using namespace audioset;

namespace {

std::string frames(size_t count, int seed) {
    std::string bytes(count * kEmbeddingDims, '\0');
    for (size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<char>((i * 31 + static_cast<size_t>(seed) * 7) % 256);
    return bytes;
}

ReleaseRecordFields fieldsOf(std::string_view ytid, float start, float end,
                             const std::vector<int64_t> &labels, std::string_view frames) {
    ReleaseRecordFields fields;
    fields.ytid = ytid;
    fields.startSeconds = start;
    fields.endSeconds = end;
    fields.labels = labels.data();
    fields.labelCount = labels.size();
    fields.frames = frames;
    return fields;
}

// readReleaseRecord must give what the general decoder gives, with rotationOf's rotation, and
// leave the frames untouched when it declines.
void checkPositionalReading(const std::string &bytes, std::optional<int> expectedRotation) {
    ReleaseRecordEncoder encoder;
    AudioSetRecord read, decoded;
    std::string frames = "before";
    const auto rotation = encoder.readReleaseRecord(bytes, read, frames);
    QCOMPARE(rotation, expectedRotation);
    if (!rotation) {
        QCOMPARE(frames, std::string("before"));
        return;
    }
    AudioSetRecordDecoder decoder;
    QVERIFY(!decoder.decode(bytes, decoded));
    QCOMPARE(read.ytid, decoded.ytid);
    QCOMPARE(read.startSeconds, decoded.startSeconds);
    QCOMPARE(read.endSeconds, decoded.endSeconds);
    QCOMPARE(read.labels, decoded.labels);
    QCOMPARE(frames, "before" + decoded.frames);
}

struct Case {
    const char *ytid;
    float start, end;
    std::vector<int64_t> labels;
    size_t frameCount;
};

} // namespace

class TestReleaseEncoding : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Rotation 0 is the order encodeAudioSetRecord (protobuf's serialiser) writes.
    void rotationZeroIsWhatProtobufWrites() {
        const std::vector<Case> cases = {
            {"-0RWZT-miFs", 30, 40, {0, 137}, 10},
            {"aaaaaaaaaa1", 0, 10, {}, 10},            // no labels: an empty int64 list
            {"aaaaaaaaaa2", 239.8f, 249.8f, {526}, 0}, // no frames: no feature list value
            {"aaaaaaaaaa3", 1e6f, 1e6f + 10, {-1, 1LL << 40}, 1},                 // long varints
            {"aaaaaaaaaa4", 5, 12, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 300}, // 3-byte lengths
        };
        ReleaseRecordEncoder encoder;
        for (const Case &c : cases) {
            const std::string bytes = frames(c.frameCount, 3);
            const ReleaseRecordFields fields = fieldsOf(c.ytid, c.start, c.end, c.labels, bytes);
            const std::string expected =
                encodeAudioSetRecord(c.ytid, c.start, c.end, c.labels, bytes);
            QCOMPARE(std::string(encoder.encode(fields, 0)), expected);
            QCOMPARE(encoder.rotationOf(expected, fields), std::optional<int>(0));
            // Each rotation decodes to the same record and is recognised as itself.
            for (int rotation = 1; rotation < ReleaseRecordEncoder::kRotations; ++rotation) {
                const std::string rotated(encoder.encode(fields, rotation));
                AudioSetRecordDecoder decoder;
                AudioSetRecord decoded;
                QVERIFY(!decoder.decode(rotated, decoded));
                QCOMPARE(decoded.ytid, std::string(c.ytid));
                QCOMPARE(decoded.labels, c.labels);
                QCOMPARE(decoded.frames, bytes);
                QCOMPARE(encoder.rotationOf(rotated, fields), std::optional<int>(rotation));
                checkPositionalReading(rotated, rotation);
            }
            checkPositionalReading(expected, 0);
        }
    }

    // Anything but the exact bytes is not claimed: other fields, a changed byte anywhere, bytes
    // appended or cut.
    void otherBytesAreNotClaimed() {
        const std::vector<int64_t> labels = {0, 137};
        const std::string frameBytes = frames(10, 1);
        const ReleaseRecordFields fields = fieldsOf("-0RWZT-miFs", 30, 40, labels, frameBytes);
        ReleaseRecordEncoder encoder;
        const std::string bytes(encoder.encode(fields, 2));
        for (size_t i = 0; i < bytes.size(); ++i) {
            std::string changed = bytes;
            changed[i] = static_cast<char>(changed[i] ^ 0x01);
            QVERIFY2(!encoder.rotationOf(changed, fields), qPrintable(QString::number(i)));
            // Read by position, a changed byte is either declined or read as the decoder reads
            // it (a changed frame byte, label or time is a different, valid record).
            AudioSetRecord read;
            std::string readFrames;
            if (const auto rotation = encoder.readReleaseRecord(changed, read, readFrames)) {
                QCOMPARE(*rotation, 2);
                checkPositionalReading(changed, rotation);
                QVERIFY(read.ytid != "-0RWZT-miFs" || read.labels != labels ||
                        readFrames != frameBytes || read.startSeconds != 30 ||
                        read.endSeconds != 40);
            }
        }
        checkPositionalReading(bytes + '\0', std::nullopt);
        checkPositionalReading(bytes.substr(0, bytes.size() - 1), std::nullopt);
        checkPositionalReading(std::string(), std::nullopt);
        // In the encoding but not a valid record: the decoder's to refuse, with its message.
        checkPositionalReading(encodeAudioSetRecord("not an id!", 30, 40, labels, frameBytes),
                               std::nullopt);
        checkPositionalReading(encodeAudioSetRecord("-0RWZT-miFs", -1, 40, labels, frameBytes),
                               std::nullopt);
        // Valid, but its time not in whole milliseconds: the general path keeps a full layout.
        checkPositionalReading(
            encodeAudioSetRecord("-0RWZT-miFs", 30.0001f, 40, labels, frameBytes), std::nullopt);
        QVERIFY(!encoder.rotationOf(bytes + '\0', fields));
        QVERIFY(!encoder.rotationOf(bytes.substr(0, bytes.size() - 1), fields));
        QVERIFY(!encoder.rotationOf(std::string(), fields));
        ReleaseRecordFields later = fields;
        later.startSeconds = 30.001f;
        QVERIFY(!encoder.rotationOf(bytes, later));
        const std::vector<int64_t> fewer = {0};
        ReleaseRecordFields other = fields;
        other.labels = fewer.data();
        other.labelCount = fewer.size();
        QVERIFY(!encoder.rotationOf(bytes, other));
    }

    // What the index stores (times in whole ms, labels as text) rebuilds the record; a one-byte
    // layout out of range, or a short full one, is refused rather than guessed at.
    void storedFieldsRebuildTheRecord() {
        const std::vector<int64_t> labels = {3, 0, 526};
        const std::string frameBytes = frames(9, 5);
        const std::string bytes =
            encodeAudioSetRecord("aaaaaaaaaa3", 239.8f, 249.8f, labels, frameBytes);
        std::string text;
        appendLabelText(text, labels.data(), labels.size());
        QCOMPARE(text, std::string("3,0,526"));
        QCOMPARE(parseLabelText(text), labels);
        const std::vector<int64_t> extremes = {INT64_MIN, -1, 0, INT64_MAX};
        std::string extremeText;
        appendLabelText(extremeText, extremes.data(), extremes.size());
        QCOMPARE(extremeText, std::string("-9223372036854775808,-1,0,9223372036854775807"));
        QCOMPARE(parseLabelText(extremeText), extremes);
        std::vector<int64_t> many; // more than one local buffer of text
        std::string manyExpected;
        for (int64_t i = 0; i < 100; ++i) {
            many.push_back(i % 2 ? INT64_MIN + i : i * 1'000'003);
            manyExpected += (i ? "," : "") + std::to_string(many.back());
        }
        std::string manyText = "kept:";
        appendLabelText(manyText, many.data(), many.size());
        QCOMPARE(manyText, "kept:" + manyExpected);
        const StoredRecordFields stored{"aaaaaaaaaa3", storedMsOfSeconds(239.8f),
                                        storedMsOfSeconds(249.8f), text};
        QCOMPARE(stored.startMs, int64_t(239800));
        ReleaseRecordEncoder encoder;
        QCOMPARE(rebuildStoredRecord(releaseLayout(0), frameBytes, stored, encoder).value(), bytes);
        QVERIFY(rebuildStoredRecord(releaseLayout(1), frameBytes, stored, encoder).value() !=
                bytes);
        QVERIFY(!rebuildStoredRecord(releaseLayout(4), frameBytes, stored, encoder));
        QVERIFY(!rebuildStoredRecord(std::string("\x01\x00", 2), frameBytes, stored, encoder));
        QVERIFY(!rebuildStoredRecord({}, frameBytes, stored, encoder));
    }

    // SOURCES.md: 13,719 eval and 15,040 bal_train records; each is in the release's encoding
    // with its times as whole milliseconds, at one of the four rotations.
    void everyRealRecordIsInTheReleaseEncoding() {
        if (test::realDataDir().isEmpty())
            QFAIL(
                "../shared/data/audioset is not beside the checkout: the real-data tests must run");
        std::map<int, int> rotations;
        QString failure;
        AudioSetRecordDecoder decoder;
        AudioSetRecord record;
        ReleaseRecordEncoder encoder;
        const int records =
            test::forEachRealRecord([&](const QString &shard, const std::string &bytes) {
                if (decoder.decode(bytes, record)) {
                    failure = shard + QStringLiteral(": does not decode");
                    return false;
                }
                const ReleaseRecordFields fields = fieldsOf(
                    record.ytid, recordSecondsOfStoredMs(storedMsOfSeconds(record.startSeconds)),
                    recordSecondsOfStoredMs(storedMsOfSeconds(record.endSeconds)), record.labels,
                    record.frames);
                const auto rotation = encoder.rotationOf(bytes, fields);
                if (!rotation || encoder.encode(fields, *rotation) != bytes) {
                    failure = shard + QStringLiteral(": ") + QString::fromStdString(record.ytid) +
                              QStringLiteral(" is not in the release's encoding");
                    return false;
                }
                AudioSetRecord read;
                std::string readFrames;
                if (encoder.readReleaseRecord(bytes, read, readFrames) != rotation ||
                    read.ytid != record.ytid || read.labels != record.labels ||
                    readFrames != record.frames || read.startSeconds != record.startSeconds ||
                    read.endSeconds != record.endSeconds) {
                    failure = shard + QStringLiteral(": ") + QString::fromStdString(record.ytid) +
                              QStringLiteral(" is not read by position as decoded");
                    return false;
                }
                ++rotations[*rotation];
                return true;
            });
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QCOMPARE(records, 13719 + 15040);
        QCOMPARE(int(rotations.size()), ReleaseRecordEncoder::kRotations);
    }
};

QTEST_GUILESS_MAIN(TestReleaseEncoding)
#include "tst_release_encoding.moc"
