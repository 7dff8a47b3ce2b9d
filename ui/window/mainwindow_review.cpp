// MainWindow's reviews: starting one, and the verdicts shown in the ontology's Reviewed column.
#include "mainwindow.h"

#include "asynccatalog.h"
#include "localreviewstore.h"
#include "ontologymodel.h"
#include "openreviewstore.h"
#include "reviewdialog.h"
#include "reviewsetupdialog.h"
#include "reviewstats.h"
#include "reviewstoreopener.h"

#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace audioset::ui {

// The verdicts beside the official estimates, for the ontology's Reviewed column: from the
// store the review setup names (the index file unless a shared store is set).
void MainWindow::loadReviews() {
    if (!m_catalog) return;
    const std::string url =
        QSettings().value(QStringLiteral("review/storeUrl")).toString().toStdString();
    const std::string path = m_catalog->path().toStdString();
    m_catalog->run<ReviewSummary>(
        this,
        [url, path](Catalog &catalog) {
            std::string error;
            const auto store = openReviewStore(url, path, defaultReviewerName(), error);
            if (!store) return ReviewSummary();
            std::map<std::string, QualityAssessment> official;
            for (const ClassSummary &summary : catalog.classes())
                if (summary.quality) official.emplace(summary.mid, *summary.quality);
            return summarizeReviews(store->latest(std::nullopt), official);
        },
        [this](ReviewSummary summary) { m_ontology->setReviews(summary); });
}

void MainWindow::startReview() {
    startReviewOf(m_currentClass, std::nullopt, std::nullopt);
}

void MainWindow::startReviewOf(const QString &mid, std::optional<Split> split,
                               std::optional<std::vector<SegmentRow>> ordered) {
    if (!m_catalog || mid.isEmpty()) return;
    const QModelIndex index = m_ontology->indexOf(mid);
    ReviewSetupDialog setupDialog(mid, index.isValid() ? index.data().toString() : mid, this);
    if (setupDialog.exec() != QDialog::Accepted) return;
    ReviewSetup setup = setupDialog.setup();
    if (ordered) {
        setup.spec.classMid = mid.toStdString();
        setup.spec.split = split.value_or(setup.spec.split);
        setup.spec.rollup = true; // the ranking counts descendants as carrying the class
        setup.spec.size = int64_t(ordered->size());
        setup.ordered = std::move(ordered);
    }
    statusBar()->showMessage(tr("Opening the review store…"));
    auto shared = std::make_shared<ReviewSetup>(std::move(setup));
    const QString indexPath = m_catalog->path();
    openReviewStoreInBackground(
        this, setupDialog.storeUrl().toStdString(), indexPath.toStdString(),
        setupDialog.reviewer().toStdString(),
        [this, shared, indexPath](std::shared_ptr<ReviewStore> store, const QString &error) {
            statusBar()->clearMessage();
            if (!store) {
                QMessageBox::warning(this, tr("Cannot review"), error);
                return;
            }
            if (!m_catalog || m_catalog->path() != indexPath) return; // another index since
            auto *dialog =
                new ReviewDialog(m_catalog.get(), std::move(store), std::move(*shared), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &QObject::destroyed, this, &MainWindow::loadReviews);
            dialog->show();
        });
}

} // namespace audioset::ui
