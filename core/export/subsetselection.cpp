#include "subsetselection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace audioset {

namespace {

QJsonArray rules(const std::vector<ClassRule> &list) {
    QJsonArray array;
    for (const ClassRule &rule : list)
        array.append(QString::fromStdString(rule.toString()));
    return array;
}

std::vector<ClassRule> readRules(const QJsonValue &value) {
    std::vector<ClassRule> list;
    for (const QJsonValue &item : value.toArray())
        list.push_back(ClassRule::parse(item.toString().toStdString()));
    return list;
}

} // namespace

ClassRule ClassRule::parse(const std::string &text) {
    ClassRule rule;
    rule.withDescendants = !text.empty() && text.back() == '+';
    rule.mid = rule.withDescendants ? text.substr(0, text.size() - 1) : text;
    return rule;
}

std::string SubsetSelection::toJson() const {
    QJsonArray splitNames;
    for (Split split : splits)
        splitNames.append(QString::fromLatin1(splitName(split).data(),
                                              static_cast<qsizetype>(splitName(split).size())));
    QJsonObject object{
        {QStringLiteral("include"), rules(include)},
        {QStringLiteral("exclude"), rules(exclude)},
        {QStringLiteral("splits"), splitNames},
        {QStringLiteral("rerated"), rerated ? QJsonValue(*rerated) : QJsonValue()},
        {QStringLiteral("min_quality"), minQuality ? QJsonValue(*minQuality) : QJsonValue()},
        {QStringLiteral("quality_on"),
         qualityOnWilsonLowerBound ? QStringLiteral("wilson95_lower") : QStringLiteral("estimate")},
        {QStringLiteral("require_embeddings"), requireEmbeddings},
        {QStringLiteral("require_audio"), requireAudio},
        {QStringLiteral("per_class_max"),
         perClassMax ? QJsonValue(static_cast<qint64>(*perClassMax)) : QJsonValue()},
        {QStringLiteral("balanced_min"),
         balancedMin ? QJsonValue(static_cast<qint64>(*balancedMin)) : QJsonValue()},
        {QStringLiteral("seed"), QString::number(seed)}};
    return QJsonDocument(object).toJson(QJsonDocument::Indented).toStdString();
}

Outcome SubsetSelection::fromJson(const std::string &json, SubsetSelection &out) {
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Outcome::failed("not a selection (" + error.errorString().toStdString() + ")");
    const QJsonObject object = document.object();
    SubsetSelection selection;
    selection.include = readRules(object.value(QStringLiteral("include")));
    selection.exclude = readRules(object.value(QStringLiteral("exclude")));
    for (const QJsonValue &name : object.value(QStringLiteral("splits")).toArray()) {
        const auto split = splitFromName(name.toString().toStdString());
        if (!split) return Outcome::failed("unknown split '" + name.toString().toStdString() + "'");
        selection.splits.push_back(*split);
    }
    if (object.value(QStringLiteral("rerated")).isBool())
        selection.rerated = object.value(QStringLiteral("rerated")).toBool();
    if (object.value(QStringLiteral("min_quality")).isDouble())
        selection.minQuality = object.value(QStringLiteral("min_quality")).toDouble();
    selection.qualityOnWilsonLowerBound =
        object.value(QStringLiteral("quality_on")).toString() == QLatin1String("wilson95_lower");
    selection.requireEmbeddings = object.value(QStringLiteral("require_embeddings")).toBool();
    selection.requireAudio = object.value(QStringLiteral("require_audio")).toBool();
    if (object.value(QStringLiteral("per_class_max")).isDouble())
        selection.perClassMax = object.value(QStringLiteral("per_class_max")).toInteger();
    if (object.value(QStringLiteral("balanced_min")).isDouble())
        selection.balancedMin = object.value(QStringLiteral("balanced_min")).toInteger();
    selection.seed = object.value(QStringLiteral("seed")).toString().toULongLong();
    out = selection;
    return Outcome::ok();
}

} // namespace audioset
