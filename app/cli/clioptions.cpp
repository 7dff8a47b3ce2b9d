#include "clioptions.h"

#include "catalog.h"
#include "commands.h"

#include <cstdio>

namespace audioset::cli {

CliOptions::CliOptions(const QString &command, const QString &synopsis)
    : m_command(command) {
    m_parser.setApplicationDescription(synopsis);
    m_parser.addHelpOption();
}

void CliOptions::addDatabaseOption() {
    m_needsDatabase = true;
    m_parser.addOption(
        {QStringLiteral("db"), QStringLiteral("The index file."), QStringLiteral("FILE")});
}

void CliOptions::addJsonOption() {
    m_parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON instead of a table.")});
}

std::optional<int> CliOptions::parse(const QStringList &args) {
    QStringList full = args;
    full.prepend(QStringLiteral("audioset ") + m_command);
    if (!m_parser.parse(full)) return usageError(m_parser.errorText());
    if (m_parser.isSet(QStringLiteral("help"))) {
        printOut(m_parser.helpText());
        return Ok;
    }
    if (m_needsDatabase && database().isEmpty())
        return usageError(QStringLiteral("--db FILE is required"));
    return std::nullopt;
}

int CliOptions::usageError(const QString &message) const {
    printErr(
        QStringLiteral("audioset %1: %2\n(see: audioset %1 --help)\n").arg(m_command, message));
    return Usage;
}

std::unique_ptr<Catalog> CliOptions::openCatalog() const {
    std::string error;
    auto catalog = Catalog::open(database().toStdString(), error);
    if (!catalog)
        printErr(QStringLiteral("audioset %1: %2\n").arg(m_command, QString::fromStdString(error)));
    return catalog;
}

std::optional<long long> CliOptions::integer(const QString &name, long long fallback) const {
    if (!m_parser.isSet(name)) return fallback;
    bool ok = false;
    const long long value = m_parser.value(name).toLongLong(&ok);
    if (!ok || value < 0) {
        usageError(QStringLiteral("--%1 expects a whole number, got '%2'")
                       .arg(name, m_parser.value(name)));
        return std::nullopt;
    }
    return value;
}

namespace {
std::optional<Split> namedSplit(const CliOptions &options, const QString &name) {
    const auto split = splitFromName(name.trimmed().toStdString());
    if (!split)
        options.usageError(
            QStringLiteral("unknown split '%1' (expected eval, balanced_train or unbalanced_train)")
                .arg(name));
    return split;
}
} // namespace

std::optional<Split> CliOptions::split(std::optional<Split> fallback) const {
    if (!m_parser.isSet(QStringLiteral("split"))) {
        if (!fallback)
            usageError(
                QStringLiteral("--split S is required (eval, balanced_train or unbalanced_train)"));
        return fallback;
    }
    return namedSplit(*this, m_parser.value(QStringLiteral("split")));
}

std::optional<std::vector<Split>> CliOptions::splits() const {
    std::vector<Split> splits;
    for (const QString &value : m_parser.values(QStringLiteral("split")))
        for (const QString &name : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const auto split = namedSplit(*this, name);
            if (!split) return std::nullopt;
            splits.push_back(*split);
        }
    return splits;
}

QString splitText(Split split) {
    const std::string_view name = splitName(split);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

void printOut(const QString &text) {
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
}

void printErr(const QString &text) {
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

} // namespace audioset::cli
