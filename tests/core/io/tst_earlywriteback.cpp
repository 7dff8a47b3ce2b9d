// EarlyWriteback: best effort, and never in the way - it stops at once however long its
// interval, and a file it cannot open changes nothing.
#include "earlywriteback.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>

using namespace audioset;
using namespace std::chrono_literals;

namespace {

constexpr qint64 kMiB = 1 << 20;

// How many of the file's pages in [from, to) are in the page cache.
qint64 residentPages(const QString &path, qint64 from, qint64 to) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return -1;
    const qint64 size = file.size();
    void *map = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_SHARED, file.handle(), 0);
    if (map == MAP_FAILED) return -1;
    const qint64 page = ::sysconf(_SC_PAGESIZE);
    std::vector<unsigned char> resident(static_cast<size_t>((size + page - 1) / page));
    qint64 count = -1;
    if (::mincore(map, static_cast<size_t>(size), resident.data()) == 0) {
        count = 0;
        for (qint64 p = from / page; p < to / page; ++p)
            count += resident[static_cast<size_t>(p)] & 1;
    }
    ::munmap(map, static_cast<size_t>(size));
    return count;
}

void appendMiB(QFile &file, int mib, char fill) {
    for (int i = 0; i < mib; ++i)
        QVERIFY(file.write(QByteArray(kMiB, fill)) == kMiB);
    QVERIFY(file.flush());
}

bool onTmpfs(const QTemporaryDir &dir) {
    struct statfs fs {};
    return ::statfs(dir.path().toLocal8Bit().constData(), &fs) == 0 && fs.f_type == TMPFS_MAGIC;
}

} // namespace

class TestEarlyWriteback : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stopsAtOnceWhateverTheInterval() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("index.db"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write(QByteArray(1 << 20, 'x')) == 1 << 20);
        file.flush();
        QElapsedTimer timer;
        timer.start();
        { const EarlyWriteback writeback(path.toStdString(), 60s); }
        QVERIFY2(timer.elapsed() < 5000, "the destructor waited for the interval");
        file.close();
        QCOMPARE(QFile(path).size(), qint64(1 << 20)); // the file is untouched
    }

    void aFileItCannotOpenIsLeftAlone() {
        QElapsedTimer timer;
        timer.start();
        { const EarlyWriteback writeback("/nonexistent/index.db", 10ms); }
        QVERIFY(timer.elapsed() < 5000);
    }

    void aGrowingFileStaysIntactUnderConstantWriteback() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("growing.db"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const EarlyWriteback writeback(path.toStdString(), 1ms);
        for (int i = 0; i < 64; ++i) {
            QVERIFY(file.write(QByteArray(256 * 1024, static_cast<char>(i))) == 256 * 1024);
            file.flush();
            QTest::qWait(1);
        }
        file.close();
        QFile back(path);
        QVERIFY(back.open(QIODevice::ReadOnly));
        QCOMPARE(back.size(), qint64(64) * 256 * 1024);
        QCOMPARE(back.read(1).at(0), '\0');
        QVERIFY(back.seek(back.size() - 1));
        QCOMPARE(back.read(1).at(0), static_cast<char>(63));
    }

    // What the embeddings stage asks for: pages appended after the call leave the page cache
    // once synced, but for the kept tail; the pages already there (the metadata) stay.
    void dropsOnlyPagesAppendedAfterTheCall() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("index.db"));
        if (onTmpfs(dir)) QSKIP("tmpfs keeps every page in memory; nothing to drop");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        appendMiB(file, 4, 'm'); // the metadata, written before
        const qint64 page = ::sysconf(_SC_PAGESIZE);
        {
            EarlyWriteback writeback(path.toStdString(), 5ms, 2 * kMiB);
            writeback.dropPagesAppendedFromNow();
            appendMiB(file, 12, 'e');
            QTRY_COMPARE_WITH_TIMEOUT(residentPages(path, 4 * kMiB, 14 * kMiB), qint64(0), 10000);
        }
        QCOMPARE(residentPages(path, 0, 4 * kMiB), 4 * kMiB / page);
        QCOMPARE(residentPages(path, 14 * kMiB, 16 * kMiB), 2 * kMiB / page);
        file.close();
        QFile back(path);
        QVERIFY(back.open(QIODevice::ReadOnly));
        QCOMPARE(back.size(), 16 * kMiB);
        QVERIFY(back.seek(8 * kMiB));
        QCOMPARE(back.read(1).at(0), 'e'); // dropped from the cache, not lost
    }

    // Appending while the syncs run, as SQLite does: pages written during a sync are not yet
    // clean then, and must leave at a later one rather than be passed over.
    void pagesAppendedDuringASyncLeaveLater() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("index.db"));
        if (onTmpfs(dir)) QSKIP("tmpfs keeps every page in memory; nothing to drop");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        {
            EarlyWriteback writeback(path.toStdString(), 1ms, 0);
            writeback.dropPagesAppendedFromNow();
            const QByteArray piece(64 * 1024, 'e');
            for (int i = 0; i < 32 * 16; ++i) // 32 MiB in 64 KiB writes
                QVERIFY(file.write(piece) == piece.size());
            QTRY_COMPARE_WITH_TIMEOUT(residentPages(path, 0, 32 * kMiB), qint64(0), 10000);
        }
    }

    void withoutTheCallNothingIsDropped() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("index.db"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const qint64 page = ::sysconf(_SC_PAGESIZE);
        {
            const EarlyWriteback writeback(path.toStdString(), 5ms, 0);
            appendMiB(file, 8, 'm');
            QTest::qWait(100); // many syncs
        }
        QCOMPARE(residentPages(path, 0, 8 * kMiB), 8 * kMiB / page);
    }
};

QTEST_GUILESS_MAIN(TestEarlyWriteback)
#include "tst_earlywriteback.moc"
