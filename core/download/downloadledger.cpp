#include "downloadledger.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace audioset {

namespace {

QString ledgerPath(const std::string &dir) {
    return QDir(QString::fromStdString(dir)).filePath(QStringLiteral(".audioset-download.json"));
}

QJsonObject readLedger(const std::string &dir) {
    QFile file(ledgerPath(dir));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.read(1 << 20)).object();
}

QJsonObject describe(const QFileInfo &info) {
    return {{QStringLiteral("size"), double(info.size())},
            {QStringLiteral("mtimeMs"), double(info.lastModified().toMSecsSinceEpoch())}};
}

} // namespace

DownloadLedger::DownloadLedger(std::string dir)
    : m_dir(std::move(dir)) {}

std::optional<std::string> DownloadLedger::verified(const std::string &name) const {
    const QJsonObject entry = readLedger(m_dir).value(QString::fromStdString(name)).toObject();
    const QFileInfo info(
        QDir(QString::fromStdString(m_dir)).filePath(QString::fromStdString(name)));
    if (entry.isEmpty() || !info.isFile()) return std::nullopt;
    const QJsonObject now = describe(info);
    if (entry.value(QStringLiteral("size")) != now.value(QStringLiteral("size")) ||
        entry.value(QStringLiteral("mtimeMs")) != now.value(QStringLiteral("mtimeMs")))
        return std::nullopt;
    return entry.value(QStringLiteral("sha256")).toString().toStdString();
}

bool DownloadLedger::record(const std::string &name, const std::string &sha256,
                            std::string &error) {
    QJsonObject ledger = readLedger(m_dir);
    const QFileInfo info(
        QDir(QString::fromStdString(m_dir)).filePath(QString::fromStdString(name)));
    QJsonObject entry = describe(info);
    entry.insert(QStringLiteral("sha256"), QString::fromStdString(sha256));
    ledger.insert(QString::fromStdString(name), entry);
    QSaveFile file(ledgerPath(m_dir));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(ledger).toJson()) < 0 ||
        !file.commit()) {
        error = "cannot write " + ledgerPath(m_dir).toStdString() + ": " +
                file.errorString().toStdString();
        return false;
    }
    return true;
}

std::string sha256OfFile(const std::string &path, std::string &error) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        error = "cannot read " + path + ": " + file.errorString().toStdString();
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) {
        error = "cannot read " + path + ": " + file.errorString().toStdString();
        return {};
    }
    return hash.result().toHex().toStdString();
}

} // namespace audioset
