// MainWindow's reviews: starting one, and the verdicts shown in the ontology's Reviewed column.
#include "mainwindow.h"

#include "asynccatalog.h"
#include "localreviewstore.h"
#include "ontologymodel.h"
#include "openreviewstore.h"
#include "reviewdialog.h"
#include "reviewsetupdialog.h"
#include "reviewstats.h"

#include <QMessageBox>
#include <QSettings>

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
    std::string error;
    std::shared_ptr<ReviewStore> store =
        openReviewStore(setupDialog.storeUrl().toStdString(), m_catalog->path().toStdString(),
                        setupDialog.reviewer().toStdString(), error);
    if (!store) {
        QMessageBox::warning(this, tr("Cannot review"), QString::fromStdString(error));
        return;
    }
    auto *dialog = new ReviewDialog(m_catalog.get(), std::move(store), std::move(setup), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QObject::destroyed, this, &MainWindow::loadReviews);
    dialog->show();
}

} // namespace audioset::ui
