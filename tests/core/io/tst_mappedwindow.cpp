// A compressed file is inflated in place through a window onto it: the bytes are those of the
// file however the windows and gzip members fall, and a file cut short by another program
// while it is read gives an error naming the byte, never SIGBUS.
#include "bytestream.h"
#include "fixturewriter.h"
#include "mappedwindow.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <random>
#include <unistd.h>

using namespace audioset;
using audioset::test::randomBytes;

namespace {

// One gzip member of `content` at `level` (0: stored, so its size is known in advance).
std::string gzipMember(const std::string &content, int level) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("member.gz"));
    QFile file(path);
    if (!test::writeGzip(path, QByteArray::fromStdString(content), level) ||
        !file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().toStdString();
}

bool writeFile(const QString &path, const std::string &bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) &&
           file.write(bytes.data(), static_cast<qint64>(bytes.size())) ==
               static_cast<qint64>(bytes.size());
}

std::string readAll(FileStream &stream, size_t chunk) {
    std::string out;
    std::string buffer(chunk, '\0');
    while (const size_t n = stream.read(buffer.data(), buffer.size()))
        out.append(buffer.data(), n);
    return out;
}

} // namespace

class TestMappedWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Three members across three windows; the second starts one byte before a window ends, so
    // its magic is split between two windows.
    void membersAcrossWindowsReadAsOneStream() {
        const size_t window = MappedWindow::kWindowBytes;
        // Stored blocks: a member's size follows from its content's, so it can be made to end
        // one byte before the first window does.
        std::string firstContent, firstMember;
        size_t size = window - 1;
        for (int attempt = 0; attempt < 4 && firstMember.size() != window - 1; ++attempt) {
            firstContent = randomBytes(size, 1);
            firstMember = gzipMember(firstContent, 0);
            size = size + (window - 1) - firstMember.size(); // less the headers' bytes
        }
        QCOMPARE(firstMember.size(), window - 1);
        const std::string second = randomBytes(window + 12345, 2);
        const std::string third = std::string(3 << 20, 'z') + randomBytes(1000, 3);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("members.gz"));
        QVERIFY(writeFile(path, firstMember + gzipMember(second, 6) + gzipMember(third, 9)));
        const std::string expected = firstContent + second + third;
        for (size_t chunk : {size_t(777), size_t(1) << 20, size_t(24) << 20}) {
            FileStream file;
            QVERIFY(file.open(path.toStdString()));
            QVERIFY(file.compressed());
            const std::string got = readAll(file, chunk);
            QVERIFY2(file.error().empty(), file.error().c_str());
            QCOMPARE(got.size(), expected.size());
            QVERIFY(got == expected);
            QCOMPARE(file.fileOffset(), uint64_t(QFileInfo(path).size()));
        }
    }

    // Cut to one page while the reader is in its first window: the rest of that window is
    // gone from under it.
    void aFileCutShortWhileReadGivesAnError() {
        const std::string content = randomBytes(20u << 20, 4);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shrinking.gz"));
        QVERIFY(writeFile(path, gzipMember(content, 1)));
        FileStream file;
        QVERIFY(file.open(path.toStdString()));
        std::string got(1u << 20, '\0');
        QCOMPARE(file.read(got.data(), got.size()), got.size());
        QVERIFY(QFile::resize(path, 4096));
        got += readAll(file, 1u << 20);
        QVERIFY2(file.error().find("became shorter while it was read") != std::string::npos,
                 file.error().c_str());
        QVERIFY(got.size() < content.size());
        QVERIFY(content.compare(0, got.size(), got) == 0);
    }

    void guardedAccessCatchesTheFaultEveryTime() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pages"));
        QVERIFY(writeFile(path, std::string(3 * 4096, 'p')));
        const int fd = ::open(path.toLocal8Bit().constData(), O_RDONLY);
        QVERIFY(fd >= 0);
        MappedWindow window;
        QVERIFY(window.moveTo(fd, 3 * 4096, 0));
        struct Read {
            const unsigned char *byte;
            unsigned char value;
        } read{window.data() + 2 * 4096, 0};
        auto touch = [](void *context) {
            auto *r = static_cast<Read *>(context);
            r->value = *static_cast<const volatile unsigned char *>(r->byte);
        };
        QVERIFY(guardedAccess(window, touch, &read));
        QCOMPARE(read.value, static_cast<unsigned char>('p'));
        QVERIFY(::ftruncate(fd, 0) == 0 || QFile::resize(path, 0));
        QVERIFY(!guardedAccess(window, touch, &read));
        QVERIFY(!guardedAccess(window, touch, &read)); // the handler is still in place
        QVERIFY(writeFile(path, std::string(3 * 4096, 'q')));
        QVERIFY(window.moveTo(fd, 3 * 4096, 0));
        read.byte = window.data() + 2 * 4096;
        QVERIFY(guardedAccess(window, touch, &read));
        QCOMPARE(read.value, static_cast<unsigned char>('q'));
        ::close(fd);
    }
};

QTEST_GUILESS_MAIN(TestMappedWindow)
#include "tst_mappedwindow.moc"
