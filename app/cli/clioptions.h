#pragma once

#include "split.h"

#include <QCommandLineParser>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

namespace audioset {
class Catalog;
}

namespace audioset::cli {

/// A subcommand's parser with the options every query shares (--db, --json, --help).
class CliOptions {
public:
    CliOptions(const QString &command, const QString &synopsis);

    QCommandLineParser &parser() { return m_parser; }
    void addDatabaseOption();
    void addJsonOption();

    /// Parses; on a usage error or --help prints to stderr/stdout and returns the exit code.
    std::optional<int> parse(const QStringList &args);

    bool json() const { return m_parser.isSet(QStringLiteral("json")); }
    QString database() const { return m_parser.value(QStringLiteral("db")); }
    /// Opens --db as a catalog, printing the error and returning nullptr when it cannot.
    std::unique_ptr<Catalog> openCatalog() const;
    /// Reads an integer option; prints an error and returns nullopt when it is not one.
    std::optional<long long> integer(const QString &name, long long fallback) const;
    /// Reads --split S (one split); `fallback` when it is not given (an error when there is
    /// none). Prints an error and returns nullopt for an unknown name.
    std::optional<Split> split(std::optional<Split> fallback) const;
    /// Reads every --split, each one name or a comma-separated list; empty when none is given.
    std::optional<std::vector<Split>> splits() const;

    int usageError(const QString &message) const;

private:
    QString m_command;
    QCommandLineParser m_parser;
    bool m_needsDatabase = false;
};

/// Writes UTF-8 text to stdout / stderr.
/// A split's name as the command line and its JSON write it ("eval", "balanced_train", ...).
QString splitText(Split split);

void printOut(const QString &text);
void printErr(const QString &text);

} // namespace audioset::cli
