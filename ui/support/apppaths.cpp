#include "apppaths.h"

#include <QDir>
#include <QStandardPaths>

namespace audioset::ui {

QString appDataDir() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                        QStringLiteral("/audioset-browser");
    QDir().mkpath(dir);
    return dir;
}

QString demoDataDir() {
    return appDataDir() + QStringLiteral("/demo");
}
QString demoIndexPath() {
    return appDataDir() + QStringLiteral("/demo.db");
}

QString indexPathForRelease(const QString &releaseDir) {
    QString name = QDir(releaseDir).absolutePath();
    name.replace(QLatin1Char('/'), QLatin1Char('_'));
    while (name.startsWith(QLatin1Char('_')))
        name.remove(0, 1);
    return appDataDir() + QLatin1Char('/') + name + QStringLiteral(".db");
}

} // namespace audioset::ui
