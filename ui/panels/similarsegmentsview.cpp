#include "similarsegmentsview.h"

#include "similarityservice.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace audioset::ui {

namespace {
constexpr int kSimilarCount = 10;
}

SimilarSegmentsView::SimilarSegmentsView(std::function<QString(const QString &)> labelName,
                                         QWidget *parent)
    : QWidget(parent)
    , m_model(new FoundSegmentsModel(tr("Distance"), std::move(labelName), this))
    , m_message(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_table(new QTableView(this)) {
    auto *title =
        new QLabel(tr("<b>Similar segments</b> (nearest by embedding, all splits)"), this);
    title->setWordWrap(true);
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_progress->setRange(0, 1000);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setToolTip(tr("Click a segment to inspect it"));
    m_table->setMinimumHeight(m_table->verticalHeader()->defaultSectionSize() * 6);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT segmentActivated(m_model->item(index.row()).segment);
    });
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex &index) {
        Q_EMIT segmentActivated(m_model->item(index.row()).segment);
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_service) m_service->cancel();
    });
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_message);
    layout->addLayout(progressRow);
    layout->addWidget(m_table, 100);
    layout->addStretch(1); // keeps the message up by the title while the table is hidden
    clear();
}

void SimilarSegmentsView::setService(SimilarityService *service) {
    if (m_service) disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    clear();
    if (!service) return;
    connect(
        service, &SimilarityService::progress, this, [this](const QString &phase, int permille) {
            if (m_service->state() == SimilarityService::State::Ready) return;
            m_message->setText(tr("Loading the segment vectors (once per index): %1…").arg(phase));
            m_message->show();
            m_progress->setValue(permille);
            m_progress->show();
            m_cancel->show();
        });
    connect(service, &SimilarityService::failed, this,
            [this](const QString &message) { showMessage(message); });
    connect(service, &SimilarityService::similarFound, this,
            [this](quint64 request, const std::vector<SimilarHit> &hits) {
                if (request != m_request) return;
                std::vector<FoundSegmentsModel::Item> items;
                for (const SimilarHit &hit : hits)
                    items.push_back({hit.segment, hit.distance});
                m_model->setItems(std::move(items), 1);
                m_progress->hide();
                m_cancel->hide();
                m_message->setVisible(hits.empty());
                m_message->setText(tr("No other segment has an embedding."));
                m_table->setVisible(!hits.empty());
                m_table->resizeColumnsToContents();
                Q_EMIT shown();
            });
}

void SimilarSegmentsView::clear() {
    ++m_request;
    m_model->clear();
    m_progress->hide();
    m_cancel->hide();
    m_table->hide();
    m_message->hide();
}

void SimilarSegmentsView::showMessage(const QString &text) {
    m_progress->hide();
    m_cancel->hide();
    m_table->hide();
    m_message->setText(text);
    m_message->show();
}

void SimilarSegmentsView::showSimilarTo(int64_t segmentId, bool hasEmbedding) {
    clear();
    if (!m_service) return;
    if (!hasEmbedding) return showMessage(tr("No embedding, so nothing to compare by sound."));
    m_message->setText(tr("Finding the nearest segments…"));
    m_message->show();
    m_service->findSimilar(segmentId, kSimilarCount, m_request);
}

} // namespace audioset::ui
