// The wire decoder of SequenceExamples against protobuf's generated parser: every real record
// in ../shared, and records built to stress the wire format's corners (merged messages,
// repeated keys, oneof switches, unknown fields and groups, bad lengths, deep nesting) decode
// to the same record or fail the same way.
#include "audiosetrecord.h"
#include "clirunner.h"
#include "fixturewriter.h"
#include "realrecords.h"

#include <QTest>

#include <random>

using namespace audioset;
using test::appendField;
using test::appendVarint;

namespace {

struct Decoded {
    std::optional<std::string> error;
    AudioSetRecord record;
};

Decoded wire(const std::string &bytes) {
    AudioSetRecordDecoder decoder;
    Decoded out;
    out.error = decoder.decode(bytes, out.record);
    return out;
}

Decoded reference(const std::string &bytes) {
    ProtobufRecordDecoder decoder;
    Decoded out;
    out.error = decoder.decode(bytes, out.record);
    return out;
}

// Same outcome; for a record, the same fields, and frames found where they stand.
bool agree(const std::string &bytes, QString &why) {
    const Decoded a = wire(bytes), b = reference(bytes);
    if (a.error != b.error) {
        why = QStringLiteral("wire: %1 / protobuf: %2")
                  .arg(QString::fromStdString(a.error.value_or("record")),
                       QString::fromStdString(b.error.value_or("record")));
        return false;
    }
    if (a.error) return true;
    const AudioSetRecord &x = a.record, &y = b.record;
    if (x.ytid != y.ytid || x.labels != y.labels || x.frames != y.frames ||
        x.startSeconds != y.startSeconds || x.endSeconds != y.endSeconds) {
        why = QStringLiteral("the fields differ");
        return false;
    }
    for (size_t i = 0; i < x.frameOffsets.size(); ++i)
        if (bytes.compare(x.frameOffsets[i], kEmbeddingDims, x.frames, i * kEmbeddingDims,
                          kEmbeddingDims) != 0) {
            why = QStringLiteral("frame %1 is not at its offset").arg(i);
            return false;
        }
    if (x.frameOffsets.size() != x.frameCount()) {
        why = QStringLiteral("offsets missing");
        return false;
    }
    return true;
}

std::string field(int number, const std::string &bytes) {
    std::string out;
    appendField(out, number, bytes);
    return out;
}

std::string floatList(float value) {
    return field(1, std::string(reinterpret_cast<const char *>(&value), 4));
}

std::string entry(const std::string &key, const std::string &value) {
    return field(1, key) + field(2, value);
}

std::string frameList(size_t count, unsigned char seed) {
    const std::string frames = test::syntheticFrames(count, seed);
    std::string list;
    for (size_t i = 0; i < count; ++i)
        list += field(1, field(1, field(1, frames.substr(i * 128, 128))));
    return list;
}

// A release-shaped record from its parts; each part can be replaced to build a variant.
struct Parts {
    std::string videoId = field(1, field(1, "abcdefghijk"));
    std::string start = field(2, floatList(30));
    std::string end = field(2, floatList(40));
    std::string labels = field(3, field(1, std::string("\x05\x07", 2)));
    std::string frames = frameList(3, 1);
    std::string videoIdEntry; // replaces entry("video_id", videoId) when set
    std::string extraContext, extraLists, extraTop;

    std::string build() const {
        const std::string context =
            field(1, videoIdEntry.empty() ? entry("video_id", videoId) : videoIdEntry) +
            field(1, entry("start_time_seconds", start)) +
            field(1, entry("end_time_seconds", end)) + field(1, entry("labels", labels)) +
            extraContext;
        const std::string lists = field(1, entry("audio_embedding", frames)) + extraLists;
        return field(1, context) + field(2, lists) + extraTop;
    }
};

std::string tag(int number, int type) {
    std::string out;
    appendVarint(out, static_cast<uint64_t>(number) << 3 | static_cast<uint64_t>(type));
    return out;
}

std::string nestedGroups(int depth) {
    std::string out;
    for (int i = 0; i < depth; ++i)
        out += tag(9, 3);
    for (int i = 0; i < depth; ++i)
        out += tag(9, 4);
    return out;
}

} // namespace

class TestRecordWire : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyRealRecordDecodesAsProtobufDecodesIt() {
        if (test::realDataDir().isEmpty())
            QFAIL(
                "../shared/data/audioset is not beside the checkout: the real-data tests must run");
        QString why;
        bool wireFailed = false;
        const int records =
            test::forEachRealRecord([&](const QString &shard, const std::string &bytes) {
                if (!agree(bytes, why)) {
                    why = shard + QStringLiteral(": ") + why;
                    return false;
                }
                wireFailed = wire(bytes).error.has_value();
                return !wireFailed;
            });
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(!wireFailed);
        // SOURCES.md: 13,719 eval and 15,040 bal_train records.
        QCOMPARE(records, 13719 + 15040);
    }

    // Sums add in 16 bits for up to 257 frames at a time: longer runs must not wrap.
    void frameSumsAsAPlainLoopWouldAddThem() {
        std::mt19937 rng(9);
        for (size_t frames :
             {size_t(0), size_t(1), size_t(10), size_t(257), size_t(258), size_t(600)}) {
            std::string bytes(frames * kEmbeddingDims, '\0');
            for (char &byte : bytes)
                byte = static_cast<char>(frames == 600 ? 255 : rng() % 256);
            FrameSums expected{};
            for (size_t i = 0; i < bytes.size(); ++i)
                expected[i % kEmbeddingDims] += static_cast<unsigned char>(bytes[i]);
            QVERIFY(sumFrames(bytes) == expected);
        }
        QCOMPARE(sumFrames(std::string(600 * kEmbeddingDims, '\xff'))[5], 600u * 255u);
    }

    void cornersOfTheWireFormat_data() {
        QTest::addColumn<std::string>("bytes");
        QTest::addColumn<bool>("decodes");
        Parts parts;
        QTest::newRow("as the release writes it") << parts.build() << true;
        auto variant = [](auto change) {
            Parts parts;
            change(parts);
            return parts.build();
        };
        QTest::newRow("first of two video_id entries counts") << variant([](Parts &p) {
            p.extraContext = field(1, entry("video_id", field(1, field(1, "zzzzzzzzzzz"))));
        }) << true;
        QTest::newRow("a second video_id entry whose value does not parse")
            << variant([](Parts &p) {
                   p.extraContext = field(1, entry("video_id", field(1, "\x0a\x05"
                                                                        "ab")));
               })
            << false;
        QTest::newRow("an unknown key's value that does not parse") << variant([](Parts &p) {
            p.extraContext = field(1, entry("other", field(3, field(1, "\x87"))));
        }) << false;
        QTest::newRow("key after value") << variant([](Parts &p) {
            p.videoIdEntry = field(2, p.videoId) + field(1, "video_id");
        }) << true;
        QTest::newRow("the last key of an entry counts") << variant([](Parts &p) {
            p.extraContext = field(1, field(1, "labels") + field(2, p.labels) + field(1, "other"));
        }) << true;
        QTest::newRow("two context fields merge") << variant([](Parts &p) {
            p.extraTop = field(1, field(1, entry("labels", field(3, field(1, "\x09")))));
        }) << true;
        QTest::newRow("labels in two lists of one feature add up")
            << variant([](Parts &p) { p.labels += field(3, field(1, "\x02")); }) << true;
        QTest::newRow("labels replaced by a float list (oneof)")
            << variant([](Parts &p) { p.labels += field(2, floatList(1)); }) << true;
        QTest::newRow("oneof switched back starts empty") << variant([](Parts &p) {
            p.labels += field(2, floatList(1)) + field(3, field(1, "\x04"));
        }) << true;
        QTest::newRow("video_id with two values")
            << variant([](Parts &p) { p.videoId += field(1, field(1, "abcdefghijk")); }) << false;
        QTest::newRow("unpacked floats and int64s") << variant([](Parts &p) {
            const float start = 12.5f;
            p.start = field(2, tag(1, 5) + std::string(reinterpret_cast<const char *>(&start), 4));
            p.labels = field(3, tag(1, 0) + "\x03" + tag(1, 0) + "\x7f");
        }) << true;
        QTest::newRow("packed float of 5 bytes")
            << variant([](Parts &p) { p.start = field(2, field(1, "12345")); }) << false;
        QTest::newRow("empty packed float")
            << variant([](Parts &p) { p.start = field(2, field(1, "")); }) << false;
        QTest::newRow("packed int64 cut in a varint")
            << variant([](Parts &p) { p.labels = field(3, field(1, "\x05\x87")); }) << false;
        QTest::newRow("known field with another wire type is skipped")
            << variant([](Parts &p) { p.videoId = tag(1, 0) + "\x01" + p.videoId; }) << true;
        QTest::newRow("unknown fields of every type") << variant([](Parts &p) {
            p.extraTop = tag(7, 0) + "\x96\x01" + tag(8, 1) + "12345678" + tag(9, 5) + "1234" +
                         field(10, "xyz") + nestedGroups(3);
            p.extraContext = tag(5, 5) + "abcd";
        }) << true;
        QTest::newRow("groups 99 deep")
            << variant([](Parts &p) { p.extraContext = nestedGroups(99); }) << true;
        QTest::newRow("groups 100 deep")
            << variant([](Parts &p) { p.extraContext = nestedGroups(100); }) << false;
        QTest::newRow("group closed with another field number")
            << variant([](Parts &p) { p.extraTop = tag(9, 3) + tag(8, 4); }) << false;
        QTest::newRow("end group with none open")
            << variant([](Parts &p) { p.extraTop = tag(9, 4); }) << false;
        QTest::newRow("field number 0")
            << variant([](Parts &p) { p.extraTop = tag(0, 0) + "\x01"; }) << false;
        QTest::newRow("tag of 5 bytes with bits beyond 32")
            << variant([](Parts &p) { p.extraTop = std::string("\xd8\xda\xf5\x89\x64\x65"); })
            << true;
        QTest::newRow("wire type 6") << variant([](Parts &p) { p.extraTop = tag(3, 6); }) << false;
        QTest::newRow("length past the end") << parts.build().substr(0, 40) << false;
        QTest::newRow("varint of 11 bytes")
            << variant([](Parts &p) { p.extraTop = tag(7, 0) + std::string(10, '\x80') + "\x01"; })
            << false;
        QTest::newRow("second audio_embedding list ignored") << variant([](Parts &p) {
            p.extraLists = field(1, entry("audio_embedding", frameList(5, 2)));
        }) << true;
        QTest::newRow("one embedding entry in two values adds up") << variant([](Parts &p) {
            p.extraLists.clear();
            p.frames += frameList(2, 4);
        }) << true;
        QTest::newRow("a frame of 100 bytes") << variant([](Parts &p) {
            p.frames = field(1, field(1, field(1, std::string(100, 'x'))));
        }) << false;
        QTest::newRow("a frame with two values") << variant([](Parts &p) {
            p.frames = field(
                1, field(1, field(1, std::string(128, 'x')) + field(1, std::string(128, 'y'))));
        }) << false;
        QTest::newRow("no lists at all") << field(1, "") << false;
        QTest::newRow("empty") << std::string() << false;
    }
    void cornersOfTheWireFormat() {
        QFETCH(std::string, bytes);
        QFETCH(bool, decodes);
        QString why;
        QVERIFY2(agree(bytes, why), qPrintable(why));
        const Decoded decoded = wire(bytes);
        QVERIFY2(decodes == !decoded.error, decoded.error ? decoded.error->c_str() : "decoded");
    }
};

QTEST_GUILESS_MAIN(TestRecordWire)
#include "tst_record_wire.moc"
