// Unit tests of the small parsers: seconds, CSV lines, YouTube ids and URLs, segment rows,
// header lines, and the Wilson interval.
#include "quality.h"
#include "segmentcsv.h"
#include "textparse.h"
#include "youtubeid.h"

#include <QTest>

using namespace audioset;

class TestTextParse : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void secondsToMs_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected"); // -1: refused
        QTest::newRow("release style") << "420.000" << qint64(420000);
        QTest::newRow("fractional") << "239.800" << qint64(239800);
        QTest::newRow("short fraction") << "239.8" << qint64(239800);
        QTest::newRow("integer") << "30" << qint64(30000);
        QTest::newRow("leading dot") << ".5" << qint64(500);
        QTest::newRow("rounded 4th decimal") << "1.0005" << qint64(1001);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("negative") << "-1.000" << qint64(-1);
        QTest::newRow("exponent") << "1e3" << qint64(-1);
        QTest::newRow("junk") << "12a" << qint64(-1);
        QTest::newRow("lone dot") << "." << qint64(-1);
        QTest::newRow("huge") << "99999999999999999999" << qint64(-1);
    }
    void secondsToMs() {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        const auto ms = parseSecondsToMs(text.toStdString());
        QCOMPARE(ms.has_value(), expected >= 0);
        if (ms) QCOMPARE(*ms, expected);
    }

    void formatSeconds() {
        QCOMPARE(formatMsAsSeconds(420000), std::string("420.000"));
        QCOMPARE(formatMsAsSeconds(239800), std::string("239.800"));
        QCOMPARE(formatMsAsSeconds(5), std::string("0.005"));
        for (int64_t ms :
             {int64_t(0), int64_t(5), int64_t(239800), int64_t(1234567890123), int64_t(-1500)}) {
            std::string appended = "x";
            appendMsAsSeconds(appended, ms);
            QCOMPARE(appended, "x" + formatMsAsSeconds(ms));
        }
    }

    void csvLine() {
        const auto fields = splitCsvLine("1,/m/05zppz,\"Male speech, man speaking\"");
        QVERIFY(fields);
        QCOMPARE(fields->size(), size_t(3));
        QCOMPARE((*fields)[2], std::string("Male speech, man speaking"));
        const auto escaped = splitCsvLine("a,\"say \"\"hi\"\"\",");
        QVERIFY(escaped);
        QCOMPARE(escaped->size(), size_t(3));
        QCOMPARE((*escaped)[1], std::string("say \"hi\""));
        QCOMPARE((*escaped)[2], std::string());
        QVERIFY(!splitCsvLine("a,\"open"));
    }

    void youtubeIds() {
        QVERIFY(isValidYoutubeId("-0RWZT-miFs"));
        QVERIFY(isValidYoutubeId("___________"));
        QVERIFY(!isValidYoutubeId("-0RWZT-miF"));
        QVERIFY(!isValidYoutubeId("-0RWZT-miFsX"));
        QVERIFY(!isValidYoutubeId("-0RWZT miFs"));
        QVERIFY(!isValidYoutubeId("#NAME?#####"));
        QVERIFY(!isValidYoutubeId("abc&t=1s&xx"));
    }

    void youtubeUrls() {
        QCOMPARE(youtubeWatchUrl("-0RWZT-miFs", 420000).value(),
                 std::string("https://www.youtube.com/watch?v=-0RWZT-miFs&t=420s"));
        QCOMPARE(youtubeWatchUrl("Arg6lz6Wryw", 417300).value(),
                 std::string("https://www.youtube.com/watch?v=Arg6lz6Wryw&t=417s"));
        QCOMPARE(youtubeEmbedUrl("-0RWZT-miFs", 420000, 430000).value(),
                 std::string("https://www.youtube.com/embed/-0RWZT-miFs?start=420&end=430"));
        QVERIFY(!youtubeWatchUrl("javascript:", 0));
        QVERIFY(!youtubeWatchUrl("abc\"onload=", 0));
        QVERIFY(!youtubeEmbedUrl("short", 0, 10000));
    }

    void segmentLineGood() {
        SegmentLine row;
        QVERIFY(!parseSegmentLine("-0RWZT-miFs, 420.000, 430.000, \"/m/03v3yw,/m/0k4j\"", row));
        QCOMPARE(row.ytid, std::string_view("-0RWZT-miFs"));
        QCOMPARE(row.startMs, int64_t(420000));
        QCOMPARE(row.endMs, int64_t(430000));
        QCOMPARE(row.labels, std::string_view("/m/03v3yw,/m/0k4j"));
        // A single label without quotes is read too.
        QVERIFY(!parseSegmentLine("-0RWZT-miFs,0,10,/m/0k4j", row));
        QCOMPARE(row.labels, std::string_view("/m/0k4j"));
    }

    void segmentLineErrors_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("too few fields") << "-0RWZT-miFs, 420.000, 430.000"
                                        << int(ProblemKind::FieldCount) << "expected 4 fields";
        QTest::newRow("split label list")
            << "-0RWZT-miFs, 420.000, 430.000, /m/03v3yw,/m/0k4j" << int(ProblemKind::FieldCount)
            << "found the unquoted '/m/03v3yw,/m/0k4j' with commas";
        QTest::newRow("text after quote")
            << "-0RWZT-miFs, 1, 2, \"/m/a\", extra" << int(ProblemKind::FieldCount)
            << "found ', extra' after it";
        // Regression (issue 9): this row has four comma-separated fields; the message once said
        // "expected 4 fields ... found 4".
        QTest::newRow("junk after quote, four fields")
            << "-0RWZT-miFs, 1, 2, \"/m/a\" x" << int(ProblemKind::FieldCount)
            << "expected the row to end after the quoted label list, found 'x' after it";
        QTest::newRow("nan start")
            << "-0RWZT-miFs, nan, 430.000, \"/m/a\"" << int(ProblemKind::BadNumber)
            << "start_seconds 'nan' is not a number; expected seconds";
        QTest::newRow("huge end") << "-0RWZT-miFs, 1, 1e30, \"/m/a\"" << int(ProblemKind::BadNumber)
                                  << "end_seconds '1e30' is not a number; expected seconds";
        QTest::newRow("bad id") << "#NAME?, 420.000, 430.000, \"/m/a\""
                                << int(ProblemKind::BadYoutubeId) << "not a YouTube id";
        QTest::newRow("bad start") << "-0RWZT-miFs, abc, 430.000, \"/m/a\""
                                   << int(ProblemKind::BadNumber) << "start_seconds 'abc'";
        QTest::newRow("bad end") << "-0RWZT-miFs, 1.0, 4x, \"/m/a\"" << int(ProblemKind::BadNumber)
                                 << "end_seconds '4x'";
        QTest::newRow("end before start")
            << "-0RWZT-miFs, 430.000, 420.000, \"/m/a\"" << int(ProblemKind::EndBeforeStart)
            << "is not after start";
        QTest::newRow("zero length") << "-0RWZT-miFs, 10.000, 10.000, \"/m/a\""
                                     << int(ProblemKind::EndBeforeStart) << "is not after start";
        QTest::newRow("empty labels")
            << "-0RWZT-miFs, 1, 2, \"\"" << int(ProblemKind::BadLabelList) << "empty";
        QTest::newRow("empty item") << "-0RWZT-miFs, 1, 2, \"/m/a,,/m/b\""
                                    << int(ProblemKind::BadLabelList) << "empty label";
        QTest::newRow("unclosed quote")
            << "-0RWZT-miFs, 1, 2, \"/m/a" << int(ProblemKind::BadLabelList) << "not closed";
    }
    void segmentLineErrors() {
        QFETCH(QString, line);
        QFETCH(int, kind);
        QFETCH(QString, messagePart);
        SegmentLine row;
        const std::string text = line.toStdString();
        const auto error = parseSegmentLine(text, row);
        QVERIFY(error.has_value());
        QCOMPARE(int(error->kind), kind);
        QVERIFY2(QString::fromStdString(error->message).contains(messagePart),
                 error->message.c_str());
    }

    void headerLine() {
        SegmentCsvHeader header;
        QVERIFY(!parseSegmentHeaderLine("# Segments csv created Sun Mar  5 10:54:25 2017", header));
        QCOMPARE(header.createdLine,
                 std::string("# Segments csv created Sun Mar  5 10:54:25 2017"));
        QVERIFY(!parseSegmentHeaderLine(
            "# num_ytids=20371, num_segs=20371, num_unique_labels=527, num_positive_labels=51804",
            header));
        QCOMPARE(header.numYtids.value(), int64_t(20371));
        QCOMPARE(header.numPositiveLabels.value(), int64_t(51804));
        QVERIFY(
            !parseSegmentHeaderLine("# YTID, start_seconds, end_seconds, positive_labels", header));
        QVERIFY(parseSegmentHeaderLine("# num_ytids=abc, num_segs=1", header).has_value());
    }

    void wilson() {
        // 9/10 is roughly 60%-98% at 95%.
        const auto [low, high] = *QualityAssessment{10, 9}.wilson95();
        QVERIFY(qAbs(low - 0.5958) < 0.001);
        QVERIFY(qAbs(high - 0.9821) < 0.001);
        const QualityAssessment nineOfTen{10, 9};
        const QualityAssessment unrated{0, 0};
        QCOMPARE(nineOfTen.estimate().value(), 0.9);
        QVERIFY(!unrated.estimate());
        QVERIFY(!unrated.wilson95());
        const auto [allLow, allHigh] = *QualityAssessment{10, 10}.wilson95();
        QVERIFY(allLow > 0.72 && allLow < 0.73);
        QCOMPARE(allHigh, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestTextParse)
#include "tst_textparse.moc"
