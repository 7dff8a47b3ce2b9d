// audioset-browser: opens an index (or a release folder, or the last index) in the window.
// With --screenshot it renders the window with a class and its first segment selected, saves a
// PNG and exits (works with QT_QPA_PLATFORM=offscreen).
#include "appicon.h"
#include "mainwindow.h"
#include "screenshotter.h"

#include "darkpalette.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <cstdio>

using namespace audioset;
using namespace audioset::ui;

namespace {

std::optional<Split> parseSplit(const QString &text, bool &ok) {
    ok = true;
    if (text.isEmpty() || text == QLatin1String("all")) return std::nullopt;
    const auto split = splitFromName(text.toStdString());
    ok = split.has_value();
    return split;
}

} // namespace

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("audioset-browser"));
    QApplication::setOrganizationName(QStringLiteral("audioset-browser"));
    QApplication::setApplicationDisplayName(QStringLiteral("AudioSet Browser"));
    QApplication::setApplicationVersion(QStringLiteral(AUDIOSET_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.audioset_browser.AudioSetBrowser"));
    QApplication::setWindowIcon(appIcon());
    QApplication::setPalette(withReadableLinks(QApplication::palette()));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore Google's AudioSet."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("DATA_DIR"),
                                 QStringLiteral("A release folder to index and open."),
                                 QStringLiteral("[DATA_DIR]"));
    parser.addOption(
        {QStringLiteral("db"), QStringLiteral("Open this index."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("select"),
                      QStringLiteral("Select this class (with --screenshot)."),
                      QStringLiteral("MID")});
    parser.addOption(
        {QStringLiteral("split"),
         QStringLiteral("Segment table split: eval, balanced_train, unbalanced_train or all."),
         QStringLiteral("S")});
    parser.addOption({QStringLiteral("screenshot"),
                      QStringLiteral("Save the window as a PNG and exit."),
                      QStringLiteral("OUT.png")});
    parser.addOption({QStringLiteral("audio"),
                      QStringLiteral("Also search DIR for local audio of the segments "
                                     "(repeatable; File > Audio Folders… remembers folders)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("window-size"),
                      QStringLiteral("With --screenshot: the window's size (default 1500x940)."),
                      QStringLiteral("WxH")});
    parser.process(app);

    const QString screenshot = parser.value(QStringLiteral("screenshot"));
    QTemporaryDir screenshotSettings;
    if (!screenshot.isEmpty()) {
        // A screenshot run starts from default settings and leaves the user's alone.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, screenshotSettings.path());
        if (!parser.isSet(QStringLiteral("db")) || !parser.isSet(QStringLiteral("select"))) {
            std::fprintf(stderr,
                         "audioset-browser: --screenshot needs --db FILE and --select MID\n");
            return 2;
        }
    }
    bool splitOk = true;
    const auto split = parseSplit(parser.value(QStringLiteral("split")), splitOk);
    if (!splitOk) {
        std::fprintf(stderr, "audioset-browser: unknown split '%s'\n",
                     qPrintable(parser.value(QStringLiteral("split"))));
        return 2;
    }

    MainWindow window;
    window.addAudioFolders(parser.values(QStringLiteral("audio")));
    QSize size(1500, 940);
    if (parser.isSet(QStringLiteral("window-size"))) {
        const QStringList parts =
            parser.value(QStringLiteral("window-size")).split(QLatin1Char('x'));
        if (parts.size() == 2 && parts[0].toInt() >= 400 && parts[1].toInt() >= 300)
            size = QSize(parts[0].toInt(), parts[1].toInt());
    }
    if (!screenshot.isEmpty()) {
        window.resize(size);
    } else if (!window.hasRememberedGeometry()) {
        window.resize(window.firstRunSize(size));
    }
    window.show();

    if (parser.isSet(QStringLiteral("db"))) {
        if (!window.openIndex(parser.value(QStringLiteral("db")), !screenshot.isEmpty()) &&
            !screenshot.isEmpty()) {
            std::fprintf(stderr, "audioset-browser: cannot open %s\n",
                         qPrintable(parser.value(QStringLiteral("db"))));
            return 1;
        }
    } else if (!parser.positionalArguments().isEmpty()) {
        window.indexReleaseFolder(parser.positionalArguments().first());
    } else {
        const QString last = QSettings().value(QStringLiteral("lastIndex")).toString();
        if (!last.isEmpty() && QFileInfo::exists(last)) window.openIndex(last, true);
    }
    if (!parser.isSet(QStringLiteral("db")) && split) window.setSegmentSplit(split);

    if (screenshot.isEmpty()) return app.exec();

    Screenshotter shooter(&window, parser.value(QStringLiteral("select")), split, screenshot);
    int exitCode = 1;
    QObject::connect(&shooter, &Screenshotter::finished, &app,
                     [&](bool ok, const QString &message) {
                         if (!message.isEmpty())
                             std::fprintf(stderr, "audioset-browser: %s\n", qPrintable(message));
                         exitCode = ok ? 0 : 1;
                         app.quit();
                     });
    shooter.start();
    app.exec();
    return exitCode;
}
