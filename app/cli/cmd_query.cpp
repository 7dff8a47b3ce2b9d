#include "clioptions.h"
#include "commands.h"
#include "jsonformat.h"
#include "tableprinter.h"

#include "catalog.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace audioset::cli {

namespace {

void printJson(const QJsonDocument &document) {
    printOut(QString::fromUtf8(document.toJson(QJsonDocument::Indented)));
}

QString percent(double value) {
    return QString::number(value * 100.0, 'f', 0) + QLatin1Char('%');
}

QString qualityText(const std::optional<QualityAssessment> &quality) {
    if (!quality) return QStringLiteral("-");
    if (!quality->estimate()) return QStringLiteral("not rated");
    const auto interval = *quality->wilson95();
    return QStringLiteral("%1 (%2/%3 rated true; 95% interval %4-%5)")
        .arg(percent(*quality->estimate()))
        .arg(quality->trueCount)
        .arg(quality->rated)
        .arg(percent(interval.first), percent(interval.second));
}

QString restrictionText(const ClassSummary &summary) {
    QStringList parts;
    if (summary.abstract) parts << QStringLiteral("abstract");
    if (summary.blacklisted) parts << QStringLiteral("blacklist");
    if (!summary.inOntology) parts << QStringLiteral("not in the ontology");
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", "));
}

int64_t pick(const SplitCounts &counts, const QString &kind) {
    if (kind == QLatin1String("rollup")) return counts.rollup;
    if (kind == QLatin1String("exclusive")) return counts.exclusive;
    return counts.direct;
}

} // namespace

int runStats(const QStringList &args) {
    CliOptions options(QStringLiteral("stats"), QStringLiteral("Summarises an index."));
    options.addDatabaseOption();
    options.addJsonOption();
    if (auto exit = options.parse(args)) return *exit;
    auto catalog = options.openCatalog();
    if (!catalog) return Failure;
    const IndexStats stats = catalog->stats();
    if (options.json()) {
        printJson(QJsonDocument(statsToJson(stats)));
        return Ok;
    }
    if (stats.synthetic) printOut(QStringLiteral("SYNTHETIC demo data (not real AudioSet)\n\n"));
    TablePrinter table({QStringLiteral("split"), QStringLiteral("segments"),
                        QStringLiteral("positive labels"), QStringLiteral("rerated"),
                        QStringLiteral("skipped rows")},
                       {false, true, true, true, true});
    for (Split split : kAllSplits) {
        const auto i = static_cast<size_t>(splitIndex(split));
        if (!stats.segments[i]) {
            table.addRow({splitText(split), QStringLiteral("not indexed")});
            continue;
        }
        table.addRow({splitText(split), QString::number(*stats.segments[i]),
                      QString::number(stats.positiveLabels[i]),
                      QString::number(stats.reratedSegments[i]),
                      QString::number(stats.skippedRows[i])});
    }
    printOut(table.toString());
    printOut(QStringLiteral("\nclasses: %1 in the ontology, %2 labels, %3 unknown\n")
                 .arg(stats.classes)
                 .arg(stats.labelClasses)
                 .arg(stats.unknownClasses));
    if (stats.embeddings) {
        const EmbeddingStats &e = *stats.embeddings;
        printOut(
            QStringLiteral("embeddings: %1 eval, %2 balanced_train, %3 unbalanced_train records; "
                           "%4 orphans, %5 with labels that differ from the CSV\n")
                .arg(e.records[0])
                .arg(e.records[1])
                .arg(e.records[2])
                .arg(e.orphans[0] + e.orphans[1] + e.orphans[2])
                .arg(e.labelDisagreements[0] + e.labelDisagreements[1] + e.labelDisagreements[2]));
    } else {
        printOut(QStringLiteral("embeddings: none indexed\n"));
    }
    if (stats.headerMismatches.empty())
        printOut(QStringLiteral("every CSV header agrees with its rows\n"));
    for (const HeaderMismatch &mismatch : stats.headerMismatches)
        printOut(
            QStringLiteral("header mismatch in %1: %2 says %3, the rows hold %4\n")
                .arg(QString::fromStdString(mismatch.path), QString::fromStdString(mismatch.field))
                .arg(mismatch.header)
                .arg(mismatch.actual));
    return Ok;
}

int runClass(const QStringList &args) {
    CliOptions options(QStringLiteral("class"), QStringLiteral("Shows one class."));
    options.addDatabaseOption();
    options.addJsonOption();
    options.parser().addPositionalArgument(QStringLiteral("MID"),
                                           QStringLiteral("Class id, e.g. /m/09x0r."));
    if (auto exit = options.parse(args)) return *exit;
    if (options.parser().positionalArguments().size() != 1)
        return options.usageError(QStringLiteral("expected one class id"));
    auto catalog = options.openCatalog();
    if (!catalog) return Failure;
    const QString mid = options.parser().positionalArguments().first();
    const auto info = catalog->classInfo(mid.toStdString());
    if (!info) {
        printErr(QStringLiteral("audioset class: no class with id %1\n").arg(mid));
        return Failure;
    }
    if (options.json()) {
        printJson(QJsonDocument(classToJson(*info)));
        return Ok;
    }
    auto join = [](const std::vector<std::string> &items) -> QString {
        QStringList list;
        for (const std::string &item : items)
            list << QString::fromStdString(item);
        return list.isEmpty() ? QStringLiteral("-") : list.join(QStringLiteral(", "));
    };
    QString text = QStringLiteral("%1 (%2)\n").arg(QString::fromStdString(info->name), mid);
    text += QStringLiteral("label index:  %1\n")
                .arg(info->labelIndex ? QString::number(*info->labelIndex)
                                      : QStringLiteral("not a label"));
    text += QStringLiteral("restrictions: %1\n").arg(restrictionText(*info));
    text += QStringLiteral("parents:      %1\n").arg(join(info->parents));
    text += QStringLiteral("children:     %1\n").arg(join(info->children));
    text += QStringLiteral("quality:      %1\n").arg(qualityText(info->quality));
    if (!info->description.empty())
        text += QStringLiteral("\n%1\n").arg(QString::fromStdString(info->description));
    printOut(text + QLatin1Char('\n'));
    TablePrinter table({QStringLiteral("split"), QStringLiteral("direct"), QStringLiteral("rollup"),
                        QStringLiteral("exclusive"), QStringLiteral("rerated (rollup)")},
                       {false, true, true, true, true});
    for (Split split : kAllSplits) {
        const SplitCounts &c = info->counts[static_cast<size_t>(splitIndex(split))];
        table.addRow({splitText(split), QString::number(c.direct), QString::number(c.rollup),
                      QString::number(c.exclusive), QString::number(c.reratedRollup)});
    }
    printOut(table.toString());
    return Ok;
}

int runClasses(const QStringList &args) {
    CliOptions options(QStringLiteral("classes"),
                       QStringLiteral("Lists classes with their counts."));
    options.addDatabaseOption();
    options.addJsonOption();
    options.parser().addOption({QStringLiteral("search"),
                                QStringLiteral("Only classes whose name or id contains TEXT."),
                                QStringLiteral("TEXT")});
    options.parser().addOption(
        {QStringLiteral("counts"),
         QStringLiteral("Which count the table shows: direct (default), rollup or exclusive."),
         QStringLiteral("KIND"), QStringLiteral("direct")});
    if (auto exit = options.parse(args)) return *exit;
    const QString kind = options.parser().value(QStringLiteral("counts"));
    if (kind != QLatin1String("direct") && kind != QLatin1String("rollup") &&
        kind != QLatin1String("exclusive"))
        return options.usageError(QStringLiteral("--counts must be direct, rollup or exclusive"));
    auto catalog = options.openCatalog();
    if (!catalog) return Failure;
    const auto classes =
        catalog->classes(options.parser().value(QStringLiteral("search")).toStdString());
    if (options.json()) {
        QJsonArray array;
        for (const ClassSummary &summary : classes)
            array.append(classSummaryToJson(summary));
        printJson(QJsonDocument(array));
        return Ok;
    }
    TablePrinter table({QStringLiteral("id"), QStringLiteral("label"), QStringLiteral("eval"),
                        QStringLiteral("balanced"), QStringLiteral("unbalanced"),
                        QStringLiteral("quality"), QStringLiteral("name")},
                       {false, true, true, true, true, true, false});
    for (const ClassSummary &summary : classes) {
        QString quality = QStringLiteral("-");
        if (summary.quality)
            quality = summary.quality->estimate() ? percent(*summary.quality->estimate())
                                                  : QStringLiteral("n/a");
        table.addRow(
            {QString::fromStdString(summary.mid),
             summary.labelIndex ? QString::number(*summary.labelIndex) : QStringLiteral("-"),
             QString::number(pick(summary.counts[0], kind)),
             QString::number(pick(summary.counts[1], kind)),
             QString::number(pick(summary.counts[2], kind)), quality,
             QString::fromStdString(summary.name)});
    }
    printOut(table.toString());
    printOut(QStringLiteral("%1 classes (%2 counts)\n").arg(classes.size()).arg(kind));
    return Ok;
}

} // namespace audioset::cli
