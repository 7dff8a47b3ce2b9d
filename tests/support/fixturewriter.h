#pragma once

#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <string>

#include "diagnostics.h"
#include "indexer.h"

namespace audioset::test {

/// Writes small release folders for tests: a hand-made DAG with a multi-parent class, a label
/// index, and whatever segment rows a test needs (good or broken).
class FixtureWriter {
public:
    FixtureWriter();

    QString dir() const { return m_dir.path(); }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString dbPath() const { return m_dir.filePath(QStringLiteral("index.db")); }

    /// The DAG: /m/a -> /m/b, /m/c; /m/b -> /m/d; /m/c -> /m/d, /m/e; /m/f (abstract) -> /m/g.
    void writeOntology();
    /// Labels: /m/a /m/b /m/c /m/d /m/e /m/g with indices 0..5 ("/m/f" is not a label).
    void writeLabelIndex();
    /// A segment CSV with the release's three header lines (statistics as given) and `rows`.
    void writeSegments(const QString &fileName, const QStringList &rows, int claimedSegments = -1);
    void writeFile(const QString &name, const QByteArray &content);
    /// The standard five-segment eval split used by the count tests.
    void writeStandardRelease();

private:
    QTemporaryDir m_dir;
};

/// True when a kept problem's "FILE:POS: message" contains `expected`; otherwise warns with
/// every problem kept, so a failing test shows what was reported instead.
bool hasProblem(const Diagnostics &diagnostics, const QString &expected);

/// Writes `content` gzip-compressed to `path`.
/// One gzip member; `level` 0 to 9 (0: stored blocks, whose size follows from the content's),
/// or zlib's default.
bool writeGzip(const QString &path, const QByteArray &content, int level = -1);

/// Segment lines for the count tests, in the release's format.
QString segmentRow(const QString &ytid, const QString &start, const QString &end,
                   const QString &labels);

/// Quantized frames for test records: `count` x 128 bytes, a pattern that differs per seed.
std::string syntheticFrames(size_t count, unsigned char seed);

/// `size` bytes from mt19937 seeded with `seed`: the same bytes on every run.
std::string randomBytes(size_t size, unsigned seed);

/// Protobuf wire pieces, for records built field by field.
void appendVarint(std::string &out, uint64_t value);
/// A length-delimited field (wire type 2).
void appendField(std::string &out, int field, const std::string &bytes);

/// Index options for `dataDir` into `dbPath` (strings as the core takes them).
inline IndexOptions indexOptions(const std::string &dataDir, const std::string &dbPath,
                                 bool strict = false) {
    IndexOptions options;
    options.dataDir = dataDir;
    options.dbPath = dbPath;
    options.strict = strict;
    return options;
}

} // namespace audioset::test
