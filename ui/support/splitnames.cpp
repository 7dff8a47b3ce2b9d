#include "splitnames.h"

#include <QCoreApplication>

namespace audioset::ui {

QString splitDisplayName(Split split, bool shortForm) {
    switch (split) {
    case Split::Eval:
        return QCoreApplication::translate("Split", "eval");
    case Split::BalancedTrain:
        return shortForm ? QCoreApplication::translate("Split", "balanced")
                         : QCoreApplication::translate("Split", "balanced train");
    case Split::UnbalancedTrain:
        return shortForm ? QCoreApplication::translate("Split", "unbalanced")
                         : QCoreApplication::translate("Split", "unbalanced train");
    }
    return {};
}

QString splitMenuName(Split split) {
    QString name = splitDisplayName(split);
    if (!name.isEmpty()) name[0] = name[0].toUpper();
    return name;
}

QString splitAbbreviation(Split split) {
    switch (split) {
    case Split::Eval:
        return QCoreApplication::translate("Split", "eval");
    case Split::BalancedTrain:
        return QCoreApplication::translate("Split", "bal.");
    case Split::UnbalancedTrain:
        return QCoreApplication::translate("Split", "unbal.");
    }
    return {};
}

QString splitColumnTitle(Split split) {
    switch (split) {
    case Split::Eval:
        return QCoreApplication::translate("Split", "Eval");
    case Split::BalancedTrain:
        return QCoreApplication::translate("Split", "Balanced");
    case Split::UnbalancedTrain:
        return QCoreApplication::translate("Split", "Unbal.");
    }
    return {};
}

} // namespace audioset::ui
