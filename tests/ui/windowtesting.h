#pragma once
// What the window tests share: a standard fixture indexed, the window opened on it, waiting
// for it to settle, and its export dialog with nothing remembered.
#include "diagnostics.h"
#include "exportdialog.h"
#include "fixturewriter.h"
#include "indexer.h"
#include "mainwindow.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <functional>

namespace audioset::ui::windowtest {

using audioset::test::FixtureWriter;

inline void indexFixture(FixtureWriter &fixture) {
    fixture.writeStandardRelease();
    Diagnostics diagnostics;
    const IndexReport report = indexRelease(
        audioset::test::indexOptions(fixture.dir().toStdString(), fixture.dbPath().toStdString()),
        diagnostics, {});
    QVERIFY(report.indexed());
}

// Shows the window on an index and waits for its ontology.
inline bool openWindowOn(MainWindow &window, const QString &db) {
    window.resize(1400, 900);
    window.show();
    QSignalSpy ontology(&window, &MainWindow::ontologyLoaded);
    return window.openIndex(db, true) && ontology.wait(10000);
}

inline bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 10000) {
    return QTest::qWaitFor(condition, timeoutMs);
}

// The window on the fixture's index with `mid` selected, and its export dialog opened with
// nothing remembered from before; null when either did not come up.
inline ExportDialog *openExportDialog(MainWindow &window, FixtureWriter &fixture,
                                      const QString &mid) {
    QSettings().remove(QStringLiteral("export"));
    indexFixture(fixture);
    if (!openWindowOn(window, fixture.dbPath())) return nullptr;
    window.selectClass(mid);
    if (!waitUntil([&] { return window.isSettled(); })) return nullptr;
    ExportDialog *dialog = window.showExportDialog();
    return dialog && QTest::qWaitForWindowExposed(dialog) ? dialog : nullptr;
}

} // namespace audioset::ui::windowtest
