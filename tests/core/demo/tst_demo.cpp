// The synthetic demo generator writes the release's exact formats: the indexer reads it with no
// problem at all, its shape matches the real release, and it is deterministic for a seed.
#include "catalog.h"
#include "demogenerator.h"
#include "diagnostics.h"
#include "fixturewriter.h"
#include "indexer.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace audioset;

namespace {

QByteArray digest(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

bool generate(const QString &dir, int64_t segments, uint64_t seed) {
    DemoOptions options;
    options.dir = dir.toStdString();
    options.unbalancedSegments = segments;
    options.seed = seed;
    const Outcome outcome = generateDemo(options);
    const bool ok = outcome.isOk();
    if (!ok) qWarning("%s", outcome.message.c_str());
    return ok;
}

} // namespace

class TestDemo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void indexesCleanlyWithTheReleaseShape() {
        QTemporaryDir dir;
        QVERIFY(generate(dir.path(), 20000, 7));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("SYNTHETIC"))));
        Diagnostics diagnostics;
        IndexOptions options = test::indexOptions(
            dir.path().toStdString(), dir.filePath(QStringLiteral("demo.db")).toStdString(), true);
        const IndexReport report = indexRelease(options, diagnostics, {});
        QVERIFY2(report.indexed(), report.outcome.message.c_str());
        QCOMPARE(diagnostics.total(), uint64_t(0));

        std::string error;
        auto catalog = Catalog::open(options.dbPath, error);
        const IndexStats stats = catalog->stats();
        QVERIFY(stats.synthetic);
        QCOMPARE(stats.classes, int64_t(632));
        QCOMPARE(stats.labelClasses, int64_t(527));
        QCOMPARE(stats.segments[splitIndex(Split::UnbalancedTrain)].value(), int64_t(20000));
        QCOMPARE(stats.segments[splitIndex(Split::Eval)].value(), int64_t(200));
        QVERIFY(stats.headerMismatches.empty());
        const double labelsPerSegment = double(stats.positiveLabels[2]) / 20000.0;
        QVERIFY2(labelsPerSegment > 2.5 && labelsPerSegment < 4.0,
                 qPrintable(QString::number(labelsPerSegment)));
        QVERIFY(stats.reratedSegments[2] > 0);

        int roots = 0, multiParent = 0, unrated = 0;
        for (const ClassSummary &summary : catalog->classes()) {
            const auto info = catalog->classInfo(summary.mid);
            roots += info->parents.empty();
            multiParent += info->parents.size() > 1;
            unrated += summary.quality && !summary.quality->estimate();
            QVERIFY(
                QString::fromStdString(info->description).contains(QStringLiteral("Synthetic")));
        }
        QCOMPARE(roots, 7);
        QCOMPARE(multiParent, 38);
        QVERIFY(unrated > 0 && unrated <= 70);
        // "Music" is the big class, as in the release: about half the segments roll up to it.
        const auto music = catalog->classes("Music");
        QVERIFY(!music.empty());
        QVERIFY(music[0].counts[2].rollup > 20000 * 0.3);
    }

    void linesHaveTheReleaseFormat() {
        QTemporaryDir dir;
        QVERIFY(generate(dir.path(), 3000, 1));
        QFile csv(dir.filePath(QStringLiteral("balanced_train_segments.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readLine().startsWith("# Segments csv created "));
        QVERIFY(csv.readLine().startsWith("# num_ytids="));
        QCOMPARE(csv.readLine(),
                 QByteArray("# YTID, start_seconds, end_seconds, positive_labels\n"));
        const QRegularExpression row(
            QStringLiteral("^[A-Za-z0-9_-]{11}, \\d+\\.\\d{3}, \\d+\\.\\d{3}, \"[^\" ]+\"$"));
        int rows = 0;
        QByteArray previous;
        while (!csv.atEnd()) {
            const QByteArray line = csv.readLine().chopped(1);
            QVERIFY2(row.match(QString::fromUtf8(line)).hasMatch(), line.constData());
            QVERIFY(previous < line.left(11)); // sorted by id, like the release
            previous = line.left(11);
            ++rows;
        }
        QCOMPARE(rows, 33);
        QFile labels(dir.filePath(QStringLiteral("class_labels_indices.csv")));
        QVERIFY(labels.open(QIODevice::ReadOnly));
        QCOMPARE(labels.readLine(), QByteArray("index,mid,display_name\n"));
        QVERIFY(labels.readAll().contains("\"Channel, environment and background\""));
    }

    void deterministicForASeed() {
        QTemporaryDir a, b, c;
        QVERIFY(generate(a.path(), 2000, 3));
        QVERIFY(generate(b.path(), 2000, 3));
        QVERIFY(generate(c.path(), 2000, 4));
        for (const char *name : {"ontology.json", "unbalanced_train_segments.csv",
                                 "rerated_video_ids.txt", "qa_true_counts.csv"}) {
            const QString file = QString::fromLatin1(name);
            QCOMPARE(digest(a.filePath(file)), digest(b.filePath(file)));
        }
        QVERIFY(digest(a.filePath(QStringLiteral("unbalanced_train_segments.csv"))) !=
                digest(c.filePath(QStringLiteral("unbalanced_train_segments.csv"))));
    }

    void refusesAnUnwritableFolder() {
        DemoOptions options;
        options.dir = "/proc/no-such-place/demo";
        const Outcome outcome = generateDemo(options);
        QVERIFY(!outcome.isOk());
        QVERIFY(QString::fromStdString(outcome.message)
                    .contains(QStringLiteral("/proc/no-such-place: cannot write there")));
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
