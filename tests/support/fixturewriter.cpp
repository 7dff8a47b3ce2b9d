#include "fixturewriter.h"

#include <QFile>
#include <QTest>
#include <random>
#include <zlib.h>

namespace audioset::test {

FixtureWriter::FixtureWriter() {
    QVERIFY(m_dir.isValid());
}

void FixtureWriter::writeFile(const QString &name, const QByteArray &content) {
    QFile file(path(name));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(content), content.size());
}

void FixtureWriter::writeOntology() {
    auto entry = [](const char *id, const char *name, const char *children,
                    const char *restrictions) -> QByteArray {
        return QByteArray("{\"id\": \"") + id + "\", \"name\": \"" + name +
               "\", \"description\": \"Test class " + name +
               " with \\\"quotes\\\" and \xc3\xa9.\", \"citation_uri\": \"http://example.org/" +
               name +
               "\", \"positive_examples\": [\"youtu.be/abcdefghijk?start=30&end=40\"], "
               "\"child_ids\": [" +
               children + "], \"restrictions\": [" + restrictions + "]}";
    };
    QByteArray json = "[\n";
    json += entry("/m/a", "Alpha", "\"/m/b\", \"/m/c\"", "") + ",\n";
    json += entry("/m/b", "Beta", "\"/m/d\"", "") + ",\n";
    json += entry("/m/c", "Gamma", "\"/m/d\", \"/m/e\"", "") + ",\n";
    json += entry("/m/d", "Delta", "", "") + ",\n";
    json += entry("/m/e", "Epsilon", "", "") + ",\n";
    json += entry("/m/f", "Phi", "\"/m/g\"", "\"abstract\"") + ",\n";
    json += entry("/m/g", "Gimel, with comma", "", "\"blacklist\"") + "\n]\n";
    writeFile(QStringLiteral("ontology.json"), json);
}

void FixtureWriter::writeLabelIndex() {
    writeFile(QStringLiteral("class_labels_indices.csv"),
              "index,mid,display_name\n0,/m/a,\"Alpha\"\n1,/m/b,\"Beta\"\n2,/m/c,\"Gamma\"\n"
              "3,/m/d,\"Delta\"\n4,/m/e,\"Epsilon\"\n5,/m/g,\"Gimel, with comma\"\n");
}

void FixtureWriter::writeSegments(const QString &fileName, const QStringList &rows,
                                  int claimedSegments) {
    const int claimed = claimedSegments < 0 ? static_cast<int>(rows.size()) : claimedSegments;
    QByteArray text = "# Segments csv created Sun Mar  5 10:54:25 2017\n";
    text += "# num_ytids=" + QByteArray::number(claimed) +
            ", num_segs=" + QByteArray::number(claimed) +
            ", num_unique_labels=6, num_positive_labels=10\n";
    text += "# YTID, start_seconds, end_seconds, positive_labels\n";
    for (const QString &row : rows)
        text += row.toUtf8() + '\n';
    writeFile(fileName, text);
}

void FixtureWriter::writeStandardRelease() {
    writeOntology();
    writeLabelIndex();
    writeSegments(QStringLiteral("eval_segments.csv"),
                  {segmentRow(QStringLiteral("aaaaaaaaaa1"), QStringLiteral("0.000"),
                              QStringLiteral("10.000"), QStringLiteral("/m/d")),
                   segmentRow(QStringLiteral("aaaaaaaaaa2"), QStringLiteral("30.000"),
                              QStringLiteral("40.000"), QStringLiteral("/m/a,/m/d")),
                   segmentRow(QStringLiteral("aaaaaaaaaa3"), QStringLiteral("239.800"),
                              QStringLiteral("249.800"), QStringLiteral("/m/b,/m/e")),
                   segmentRow(QStringLiteral("ab-aaaaaaa4"), QStringLiteral("10.000"),
                              QStringLiteral("20.000"), QStringLiteral("/m/g")),
                   segmentRow(QStringLiteral("ab_aaaaaaa5"), QStringLiteral("5.000"),
                              QStringLiteral("12.000"), QStringLiteral("/m/c,/m/d"))},
                  5);
    writeFile(QStringLiteral("qa_true_counts.csv"),
              "label_id,num_rated,num_true\n/m/a,10,9\n/m/b,0,0\n2,4,1\n");
    writeFile(QStringLiteral("rerated_video_ids.txt"), "aaaaaaaaaa2\nab_aaaaaaa5\n");
}

QString segmentRow(const QString &ytid, const QString &start, const QString &end,
                   const QString &labels) {
    return QStringLiteral("%1, %2, %3, \"%4\"").arg(ytid, start, end, labels);
}

std::string syntheticFrames(size_t count, unsigned char seed) {
    std::string out(count * 128, '\0');
    for (size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<char>((i * 13 + seed) & 0xFF);
    return out;
}

std::string randomBytes(size_t size, unsigned seed) {
    std::mt19937 rng(seed);
    std::string bytes(size, '\0');
    for (char &byte : bytes)
        byte = static_cast<char>(rng());
    return bytes;
}

void appendVarint(std::string &out, uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>(value | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

void appendField(std::string &out, int field, const std::string &bytes) {
    appendVarint(out, static_cast<uint64_t>(field) << 3 | 2);
    appendVarint(out, bytes.size());
    out += bytes;
}

bool hasProblem(const Diagnostics &diagnostics, const QString &expected) {
    QStringList all;
    for (const Problem &problem : diagnostics.detailed()) {
        const QString text = QString::fromStdString(problem.toString());
        if (text.contains(expected)) return true;
        all << text;
    }
    qWarning("expected a problem containing '%s'; got:\n%s", qPrintable(expected),
             qPrintable(all.join(QLatin1Char('\n'))));
    return false;
}

bool writeGzip(const QString &path, const QByteArray &content, int level) {
    const std::string mode = level < 0 ? "wb" : "wb" + std::to_string(level);
    gzFile file = gzopen(path.toLocal8Bit().constData(), mode.c_str());
    if (!file) return false;
    const bool written =
        content.isEmpty() ||
        gzwrite(file, content.constData(), static_cast<unsigned>(content.size())) == content.size();
    return gzclose(file) == Z_OK && written;
}

} // namespace audioset::test
