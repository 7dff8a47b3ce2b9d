// EarlyWriteback: best effort, and never in the way - it stops at once however long its
// interval, and a file it cannot open changes nothing.
#include "earlywriteback.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace audioset;
using namespace std::chrono_literals;

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
};

QTEST_GUILESS_MAIN(TestEarlyWriteback)
#include "tst_earlywriteback.moc"
