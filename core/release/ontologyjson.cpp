#include "ontologyjson.h"

#include "classgraph.h"
#include "diagnostics.h"

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace audioset {

namespace {

uint64_t lineOfOffset(const QByteArray &data, qsizetype offset) {
    offset = std::min(offset, data.size());
    return 1 + static_cast<uint64_t>(std::count(data.begin(), data.begin() + offset, '\n'));
}

std::string text(const QJsonObject &object, const char *key) {
    return object.value(QLatin1String(key)).toString().toStdString();
}

std::vector<std::string> stringList(const QJsonObject &object, const char *key) {
    std::vector<std::string> values;
    for (const QJsonValue &value : object.value(QLatin1String(key)).toArray())
        if (value.isString()) values.push_back(value.toString().toStdString());
    return values;
}

} // namespace

bool loadOntologyJson(const std::string &path, ClassGraph &graph, Diagnostics &diagnostics) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        diagnostics.report(ProblemKind::UnreadableFile, path, kWholeFile,
                           "cannot read: " + file.errorString().toStdString());
        return false;
    }
    constexpr qint64 kMaxBytes = 64 << 20; // the release's file is 340 KB
    if (file.size() > kMaxBytes) {
        diagnostics.report(ProblemKind::UnreadableFile, path, kWholeFile,
                           "is " + std::to_string(file.size()) +
                               " bytes; expected an ontology of at most 64 MiB");
        return false;
    }
    QByteArray data = file.readAll();
    if (data.startsWith("\xEF\xBB\xBF")) data.remove(0, 3); // a UTF-8 byte-order mark
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError) {
        diagnostics.report(ProblemKind::BadJson, path, lineOfOffset(data, error.offset),
                           "invalid JSON at byte " + std::to_string(error.offset) + ": " +
                               error.errorString().toStdString());
        return false;
    }
    if (!document.isArray()) {
        diagnostics.report(ProblemKind::BadJson, path, 1,
                           std::string("expected a JSON array of class objects, found a JSON ") +
                               (document.isObject() ? "object" : "value"));
        return false;
    }
    const QJsonArray entries = document.array();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const std::string where = "entry " + std::to_string(i);
        if (!entries[i].isObject()) {
            diagnostics.report(ProblemKind::BadOntologyEntry, path, kWholeFile,
                               where + " is not an object; skipped");
            continue;
        }
        const QJsonObject object = entries[i].toObject();
        ClassRecord record;
        record.mid = text(object, "id");
        if (record.mid.empty()) {
            diagnostics.report(ProblemKind::BadOntologyEntry, path, kWholeFile,
                               where + " has no \"id\"; skipped");
            continue;
        }
        if (graph.find(record.mid) >= 0) {
            diagnostics.report(ProblemKind::BadOntologyEntry, path, kWholeFile,
                               where + " repeats the id " + record.mid + "; skipped");
            continue;
        }
        record.name = text(object, "name");
        if (record.name.empty()) record.name = record.mid;
        record.description = text(object, "description");
        record.citationUri = text(object, "citation_uri");
        record.positiveExamples = stringList(object, "positive_examples");
        record.childMids = stringList(object, "child_ids");
        for (const std::string &restriction : stringList(object, "restrictions")) {
            record.abstract |= restriction == "abstract";
            record.blacklisted |= restriction == "blacklist";
        }
        record.inOntology = true;
        graph.add(std::move(record));
    }
    graph.resolveEdges(path, diagnostics);
    return true;
}

} // namespace audioset
