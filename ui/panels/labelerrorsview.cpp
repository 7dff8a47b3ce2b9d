#include "labelerrorsview.h"

#include "panelparts.h"
#include "similarityservice.h"
#include "splitnames.h"
#include "textparse.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace audioset::ui {

LabelErrorsView::LabelErrorsView(std::function<QString(const QString &)> labelName, QWidget *parent)
    : QWidget(parent)
    , m_model(new FoundSegmentsModel(tr("Score"), std::move(labelName), this))
    , m_split(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_find(new QPushButton(tr("Find Possible Label Errors"), this))
    , m_review(new QPushButton(tr("Review These…"), this))
    , m_export(new QPushButton(tr("Export List…"), this))
    , m_table(new QTableView(this)) {
    m_table->setTabKeyNavigation(false);
    for (Split split : kAllSplits)
        m_split->addItem(splitDisplayName(split), splitIndex(split));
    m_split->setCurrentIndex(splitIndex(Split::UnbalancedTrain));
    m_split->setToolTip(tr("Score the class's segments in this split against their neighbours "
                           "in the same split"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_progress->setRange(0, 1000);
    m_find->setToolTip(tr("Score every segment of the class by its 10 nearest segments; stored "
                          "in the index, so it is computed once"));
    m_review->setToolTip(tr("Review the listed segments, most likely wrong first"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setMinimumHeight(m_table->verticalHeader()->defaultSectionSize() * 9);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT segmentActivated(m_model->item(index.row()).segment);
    });
    connect(m_split, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        if (!m_mid.isEmpty()) showClass(m_mid, chosenSplit());
        Q_EMIT splitChanged(chosenSplit());
    });
    connect(m_find, &QPushButton::clicked, this, &LabelErrorsView::find);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_service) m_service->cancel();
    });
    connect(m_review, &QPushButton::clicked, this, [this] {
        std::vector<SegmentRow> ordered;
        for (const auto &item : m_model->items())
            ordered.push_back(item.segment);
        if (!ordered.empty()) Q_EMIT reviewRequested(m_mid, chosenSplit(), ordered);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        saveCsvAs(this, tr("Export the possible label errors"), QStringLiteral("label-errors.csv"),
                  [this](const QString &path, QString &error) { return exportTo(path, error); });
    });
    layOutWorkPanel(this, {new QLabel(tr("In"), this), m_split, m_find, m_review, m_export},
                    m_status, m_progress, m_cancel, m_table);
    clear();
}

Split LabelErrorsView::chosenSplit() const {
    return static_cast<Split>(m_split->currentData().toInt());
}

void LabelErrorsView::setSplit(Split split) {
    const QSignalBlocker blocker(m_split);
    m_split->setCurrentIndex(splitIndex(split));
}

QString LabelErrorsView::statusText() const {
    return m_status->text();
}

void LabelErrorsView::setService(SimilarityService *service) {
    if (m_service) disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    clear();
    if (!service) return;
    connect(service, &SimilarityService::progress, this,
            [this](const QString &phase, int permille) {
                if (m_progress->isHidden()) return;
                m_status->setText(tr("Working: %1…").arg(phase));
                m_progress->setValue(permille);
            });
    connect(service, &SimilarityService::failed, this, [this](const QString &message) {
        if (!m_waiting) return;
        m_waiting = false;
        setBusy(false);
        m_status->setText(message);
    });
    connect(service, &SimilarityService::labelErrorsFound, this,
            [this](const LabelErrorRanking &ranking, const std::vector<SegmentRow> &segments,
                   bool stored, const QString &note) {
                if (QString::fromStdString(ranking.classMid) != m_mid ||
                    ranking.split != chosenSplit())
                    return;
                present(ranking, segments, stored, note);
            });
}

void LabelErrorsView::clear() {
    m_mid.clear();
    m_waiting = false;
    m_model->clear();
    m_ranking = LabelErrorRanking{};
    m_status->setText(tr("No class shown."));
    setBusy(false);
    m_find->setEnabled(false);
}

void LabelErrorsView::setBusy(bool busy) {
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    m_find->setEnabled(!busy && !m_mid.isEmpty());
    m_split->setEnabled(!busy);
    m_review->setEnabled(!busy && m_model->rowCount() > 0);
    m_export->setEnabled(!busy && m_model->rowCount() > 0);
    if (busy) m_progress->setValue(0);
}

void LabelErrorsView::showClass(const QString &mid, Split split) {
    m_mid = mid;
    m_model->clear();
    m_ranking = LabelErrorRanking{};
    if (m_split->currentIndex() != splitIndex(split)) {
        const QSignalBlocker blocker(m_split);
        m_split->setCurrentIndex(splitIndex(split));
    }
    setBusy(false);
    if (!m_service) {
        m_status->setText(tr("This index has no embeddings to compare segments by."));
        m_find->setEnabled(false);
        return;
    }
    m_status->setText(tr("Looking for a stored ranking…"));
    m_waiting = true;
    m_service->lookUpLabelErrors(mid, split);
}

void LabelErrorsView::find() {
    if (!m_service || m_mid.isEmpty()) return;
    setBusy(true);
    m_status->setText(tr("Starting…"));
    m_waiting = true;
    m_service->computeLabelErrors(m_mid, chosenSplit());
}

void LabelErrorsView::present(const LabelErrorRanking &ranking,
                              const std::vector<SegmentRow> &segments, bool stored,
                              const QString &note) {
    m_waiting = false;
    m_ranking = ranking;
    std::vector<FoundSegmentsModel::Item> items;
    for (size_t i = 0; i < segments.size(); ++i)
        items.push_back({segments[i], ranking.entries[i].score});
    m_model->setItems(std::move(items), 1);
    const QLocale locale;
    if (!stored) {
        m_status->setText(
            tr("Not computed yet for this class in %1. Find scores each of its segments by its "
               "10 nearest segments in the split (the segment vectors load first).")
                .arg(splitDisplayName(chosenSplit())));
        m_find->setText(tr("Find Possible Label Errors"));
    } else if (ranking.entries.empty()) {
        m_status->setText(tr("The class has no segments with embeddings in %1.")
                              .arg(splitDisplayName(chosenSplit())));
    } else {
        const bool allExact = ranking.proved == int64_t(ranking.entries.size());
        m_status->setText(
            tr("%1 segments scored (%2 search%3), computed %4. Listed: the first %5; a score is "
               "the share of a segment's 10 nearest segments without this label.")
                .arg(locale.toString(qlonglong(ranking.entries.size())),
                     QString::fromStdString(ranking.search),
                     allExact
                         ? QString()
                         : tr(", %1 proved exact").arg(locale.toString(qlonglong(ranking.proved))),
                     QString::fromStdString(ranking.computedAt))
                .arg(locale.toString(qlonglong(segments.size()))));
        m_find->setText(tr("Recompute"));
    }
    if (!note.isEmpty())
        m_status->setText(m_status->text() + QLatin1Char(' ') +
                          tr("Not kept in the index: %1").arg(note));
    setBusy(false); // after the model is filled: Review and Export follow its rows
    m_table->resizeColumnsToContents();
    Q_EMIT shown();
}

bool LabelErrorsView::exportTo(const QString &path, QString &error) const {
    QByteArray text = "split,ytid,start_seconds,score,distance_from_class_mean,labels\n";
    for (size_t i = 0; i < m_model->items().size(); ++i) {
        const auto &item = m_model->items()[i];
        QStringList labels;
        for (const std::string &mid : item.segment.labels)
            labels << QString::fromStdString(mid);
        text += QStringLiteral("%1,%2,%3,%4,%5,\"%6\"\n")
                    .arg(QString::fromLatin1(splitName(item.segment.split).data(),
                                             int(splitName(item.segment.split).size())),
                         QString::fromStdString(item.segment.ytid),
                         QString::fromStdString(formatMsAsSeconds(item.segment.startMs)))
                    .arg(item.figure)
                    .arg(m_ranking.entries[i].meanDistance, 0, 'f', 3)
                    .arg(labels.join(QLatin1Char(',')))
                    .toUtf8();
    }
    return saveFileAtomically(path, text, error);
}

} // namespace audioset::ui
