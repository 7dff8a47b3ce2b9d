#include "segmentinspector.h"

#include "asynccatalog.h"
#include "audioview.h"
#include "flowlayout.h"
#include "heatmapwidget.h"
#include "ontologymodel.h"
#include "similarsegmentsview.h"
#include "splitnames.h"
#include "textparse.h"
#include "youtubeid.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QUrl>
#include <QVBoxLayout>

namespace audioset::ui {

SegmentInspector::SegmentInspector(OntologyModel *ontology, QWidget *parent)
    : QWidget(parent)
    , m_ontology(ontology)
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_labels(new QLabel(this))
    , m_embeddingCaption(new QLabel(this))
    , m_heatmap(new HeatmapWidget(this))
    , m_meanCaption(new QLabel(this))
    , m_mean(new HeatmapWidget(this))
    , m_audio(new AudioView(this))
    , m_open(new QPushButton(tr("Open on YouTube"), this))
    , m_copy(new QPushButton(tr("Copy link"), this))
    , m_similar(new SimilarSegmentsView(
          [ontology](const QString &mid) { return ontology->nameOf(mid); }, this))
    , m_content(new QWidget(this))
    , m_scroll(new QScrollArea(this))
    , m_empty(new QLabel(this)) {
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true); // id and times go on two lines in a narrow inspector
    m_labels->setWordWrap(true);
    for (QLabel *label : {m_status, m_labels, m_embeddingCaption, m_meanCaption})
        label->setTextFormat(Qt::RichText);
    m_labels->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_status->setWordWrap(true);
    m_embeddingCaption->setWordWrap(true);
    m_meanCaption->setWordWrap(true);
    m_open->setToolTip(tr("Open the video at the segment's start (Ctrl+O)"));
    m_copy->setToolTip(tr("Copy the link to the segment (Ctrl+L)"));
    connect(m_labels, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith(QLatin1String("class:"))) Q_EMIT classActivated(link.mid(6));
    });
    connect(m_open, &QPushButton::clicked, this, &SegmentInspector::openOnYoutube);
    connect(m_copy, &QPushButton::clicked, this, &SegmentInspector::copyLink);

    auto *buttons = new FlowLayout;
    buttons->addWidget(m_open);
    buttons->addWidget(m_copy);
    auto *layout = m_layout = new QVBoxLayout(m_content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    layout->addWidget(m_labels);
    layout->addSpacing(6);
    layout->addWidget(m_embeddingCaption);
    // The frames grow with the panel (half again what the similar list gets), so a tall window
    // shows each second as a band, not a line.
    m_heatmap->setMaximumHeight(520);
    layout->addWidget(m_heatmap, 3);
    layout->addWidget(m_meanCaption);
    layout->addWidget(m_mean);
    layout->addSpacing(6);
    layout->addWidget(m_audio, 2);
    layout->addSpacing(6);
    layout->addWidget(m_similar, 2);
    layout->addStretch(0); // takes what is left when neither frames nor the list want it
    // The sound's pictures grow like the frames; a "no audio" line does not.
    layout->setStretchFactor(m_audio, 0);
    connect(m_audio, &AudioView::pictureShown, this,
            [this] { m_layout->setStretchFactor(m_audio, m_audio->hasAudio() ? 2 : 0); });
    connect(m_similar, &SimilarSegmentsView::segmentActivated, this,
            &SegmentInspector::segmentActivated);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    // A short window scrolls the inspector rather than squeezing its pictures to slivers.
    m_scroll->setWidget(m_content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *outer = new QVBoxLayout(this);
    outer->addWidget(m_empty);
    outer->addWidget(m_scroll);
    clear();
}

void SegmentInspector::setCatalog(AsyncCatalog *catalog) {
    m_catalog = catalog;
    m_audio->setIndexPath(catalog ? catalog->path() : QString());
    clear();
}

void SegmentInspector::setSimilarityService(SimilarityService *service) {
    m_similar->setService(service);
    m_similar->setVisible(service != nullptr);
}

void SegmentInspector::clear() {
    ++m_generation;
    m_similar->clear();
    m_audio->clear();
    m_url.clear();
    m_hasEmbedding = false;
    m_scroll->hide();
    m_empty->setText(tr("Select a segment to see its labels, its embedding and its link."));
    m_empty->show();
}

void SegmentInspector::showSegment(const SegmentRow &row, const QString &classMid, bool rollup) {
    const auto url = youtubeWatchUrl(row.ytid, row.startMs);
    m_url = url ? QString::fromStdString(*url) : QString();
    m_classMid = classMid;
    m_segmentId = row.id;
    m_similar->clear();
    m_open->setEnabled(!m_url.isEmpty());
    m_copy->setEnabled(!m_url.isEmpty());
    // Word joiners keep "410.000–420.000 s" on one line when the title wraps.
    m_title->setText(QStringLiteral("%1  %2\u2060–\u2060%3\u00a0s")
                         .arg(QString::fromStdString(row.ytid),
                              QString::fromStdString(formatMsAsSeconds(row.startMs)),
                              QString::fromStdString(formatMsAsSeconds(row.endMs))));
    m_status->setText(tr("%1 · %2").arg(
        splitDisplayName(row.split, false),
        row.rerated ? tr("<b>rerated</b>: its labels were re-checked") : tr("not rerated")));
    QStringList links;
    for (const std::string &label : row.labels) {
        const QString mid = QString::fromStdString(label);
        links << QStringLiteral("<a href=\"class:%1\">%2</a>")
                     .arg(mid.toHtmlEscaped(), m_ontology->nameOf(mid).toHtmlEscaped());
    }
    m_labels->setText(tr("<b>Labels:</b> ") + links.join(QStringLiteral(", ")));
    m_embeddingCaption->setText(tr("Loading the embedding…"));
    m_layout->setStretchFactor(m_audio, 0);
    m_audio->showSegment(QString::fromStdString(row.ytid), row.startMs);
    m_empty->hide();
    m_scroll->show();

    if (!m_catalog) return;
    const quint64 generation = ++m_generation;
    const int64_t id = row.id;
    const std::string mid = classMid.toStdString();
    const Split split = row.split;
    m_catalog->run<Details>(
        this,
        [id, mid, split, rollup](Catalog &catalog) {
            Details details;
            details.embedding = catalog.embedding(id);
            if (!mid.empty()) details.mean = catalog.classMeanFrame(mid, split, rollup);
            return details;
        },
        [this, generation](Details details) {
            if (generation != m_generation) return;
            present(details);
            Q_EMIT loaded();
        });
}

void SegmentInspector::present(const Details &details) {
    m_hasEmbedding = details.embedding.has_value();
    if (m_similar->isVisible() || !m_similar->isHidden())
        m_similar->showSimilarTo(m_segmentId, m_hasEmbedding);
    // Frames grow with the panel; a "no embedding" line does not.
    m_layout->setStretchFactor(m_heatmap, details.embedding ? 3 : 0);
    if (details.embedding) {
        const SegmentEmbedding &embedding = *details.embedding;
        std::vector<float> values(embedding.frames.begin(), embedding.frames.end());
        m_audio->setFrames(values, static_cast<int>(embedding.frameCount));
        m_heatmap->setValues(std::move(values), static_cast<int>(embedding.frameCount), 128,
                             tr("mean"));
        QString caption = embedding.frameCount == 1
                              ? tr("<b>Embedding</b>: 1 second × 128 VGGish dimensions")
                              : tr("<b>Embedding</b>: %1 seconds × 128 VGGish dimensions")
                                    .arg(embedding.frameCount);
        if (!embedding.labelsAgree)
            caption +=
                tr(" · <span style=\"color:#b00\">the record's labels differ from the CSV</span>");
        m_embeddingCaption->setText(caption);
    } else {
        m_heatmap->clear(tr("No embedding for this segment in the index."));
        m_embeddingCaption->setText(tr("<b>Embedding</b>"));
    }
    if (details.mean && !details.mean->mean.empty()) {
        m_mean->setValues(details.mean->mean, 1, 128, tr("mean"));
        m_meanCaption->setText(tr("<b>Mean frame of %1</b> in this split (%2 segments)")
                                   .arg(m_ontology->nameOf(m_classMid).toHtmlEscaped())
                                   .arg(details.mean->segments));
        m_mean->show();
    } else {
        m_meanCaption->setText(m_classMid.isEmpty() ? QString()
                                                    : tr("No class mean for comparison."));
        m_mean->hide();
    }
}

bool SegmentInspector::openOnYoutube() {
    if (m_url.isEmpty()) return false;
    if (m_openUrl(QUrl(m_url))) return true;
    copyLink();
    Q_EMIT couldNotOpen(
        tr("No web browser could be opened for %1; the link is on the clipboard.").arg(m_url));
    return false;
}

bool SegmentInspector::copyLink() {
    if (m_url.isEmpty()) return false;
    QGuiApplication::clipboard()->setText(m_url);
    return true;
}

} // namespace audioset::ui
