// The frames hash and the striped CRC-32C under it: the same on every machine, and any change
// to the bytes (a bit, their order, their length) changes the hash.
#include "bytehash.h"
#include "crc32c.h"
#include "fixturewriter.h"

#include <QTest>
#include <random>
#include <set>
#include <string>

using namespace audioset;
using audioset::test::randomBytes;

class TestByteHash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Register k is the plain CRC-32C (uninverted) of word k of every stripe, in order.
    void stripesAreFourInterleavedCrcs() {
        const std::string data = randomBytes(32 * 41, 3);
        const uint32_t start[4] = {0, 1, 0xdeadbeefu, 0xffffffffu};
        uint32_t fast[4], portable[4];
        std::copy(start, start + 4, fast);
        std::copy(start, start + 4, portable);
        crc32cStripes(data.data(), 41, fast);
        crc32cStripesPortable(data.data(), 41, portable);
        for (int lane = 0; lane < 4; ++lane) {
            std::string words;
            for (size_t stripe = 0; stripe < 41; ++stripe)
                words += data.substr(stripe * 32 + 8 * lane, 8);
            const uint32_t expected = ~crc32c(words.data(), words.size(), ~start[lane]);
            QCOMPARE(fast[lane], expected);
            QCOMPARE(portable[lane], expected);
        }
    }

    // Fixed values: the hash is stored in indexes, so it must not drift between builds.
    void hashIsStable() {
        QCOMPARE(hashBytes(""), hashBytes(std::string_view()));
        QCOMPARE(hashBytes(randomBytes(1280, 1)), hashBytes(randomBytes(1280, 1)));
        QCOMPARE(hashBytes("123456789"), uint64_t(0x2486664948337910ull));
        QCOMPARE(hashBytes(randomBytes(1280, 1)), uint64_t(0xdf58936ccf7dbe5eull));
    }

    void everyBitFlipChangesTheHash() {
        const std::string frames = randomBytes(1280 + 13, 2);
        const uint64_t original = hashBytes(frames);
        std::set<uint64_t> seen{original};
        for (size_t byte = 0; byte < frames.size(); ++byte)
            for (int bit = 0; bit < 8; ++bit) {
                std::string changed = frames;
                changed[byte] = static_cast<char>(changed[byte] ^ (1 << bit));
                QVERIFY(seen.insert(hashBytes(changed)).second);
            }
    }

    void orderAndLengthChangeTheHash() {
        const std::string frames = randomBytes(1280, 4);
        // Two 128-byte frames swapped: same bytes, same sums, different segment.
        const std::string swapped =
            frames.substr(128, 128) + frames.substr(0, 128) + frames.substr(256);
        QVERIFY(hashBytes(swapped) != hashBytes(frames));
        std::set<uint64_t> zeros;
        for (size_t size = 0; size <= 300; ++size)
            QVERIFY(zeros.insert(hashBytes(std::string(size, '\0'))).second);
    }
};

QTEST_GUILESS_MAIN(TestByteHash)
#include "tst_bytehash.moc"
