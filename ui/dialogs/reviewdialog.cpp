#include "reviewdialog.h"

#include "asynccatalog.h"
#include "audioview.h"
#include "heatmapwidget.h"
#include "reviewsession.h"
#include "splitnames.h"
#include "textparse.h"
#include "youtubeid.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace audioset::ui {

namespace {

QString qs(const std::string &text) {
    return QString::fromStdString(text);
}

QString percentWithInterval(const QualityAssessment &quality) {
    const auto estimate = quality.estimate();
    const auto interval = quality.wilson95();
    if (!estimate || !interval) return QObject::tr("no estimate (nothing rated present or not)");
    return QObject::tr("%1% (%2 of %3; Wilson 95%: %4–%5%)")
        .arg(*estimate * 100, 0, 'f', 0)
        .arg(quality.trueCount)
        .arg(quality.rated)
        .arg(interval->first * 100, 0, 'f', 0)
        .arg(interval->second * 100, 0, 'f', 0);
}

QString verdictText(Verdict verdict) {
    switch (verdict) {
    case Verdict::Present:
        return QObject::tr("present");
    case Verdict::Absent:
        return QObject::tr("not present");
    case Verdict::Unsure:
        return QObject::tr("unsure");
    case Verdict::Cleared:
        return QObject::tr("no verdict");
    }
    return {};
}

QLabel *wrapping(QWidget *parent) {
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    label->setOpenExternalLinks(true);
    return label;
}

} // namespace

ReviewDialog::ReviewDialog(AsyncCatalog *catalog, std::shared_ptr<ReviewStore> store,
                           ReviewSetup setup, QWidget *parent)
    : QDialog(parent)
    , m_catalog(catalog)
    , m_store(std::move(store))
    , m_setup(std::move(setup))
    , m_title(new QLabel(this))
    , m_order(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_position(new QLabel(this))
    , m_segment(new QLabel(this))
    , m_times(new QLabel(this))
    , m_labels(wrapping(this))
    , m_classText(wrapping(this))
    , m_official(wrapping(this))
    , m_others(wrapping(this))
    , m_heatmap(new HeatmapWidget(this))
    , m_note(new QLineEdit(this))
    , m_audio(new AudioView(this))
    , m_autoOpen(new QCheckBox(tr("Open each clip on YouTube as it comes up"), this))
    , m_autoPlay(new QCheckBox(tr("Play its local audio as it comes up"), this))
    , m_saved(new QLabel(this))
    , m_results(wrapping(this))
    , m_refresh(new QTimer(this)) {
    setWindowTitle(tr("Review %1").arg(qs(m_setup.spec.classMid)));
    resize(980, 760);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_title->setFont(big);
    m_segment->setFont(big);
    m_segment->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setPlaceholderText(tr("A note with the next verdict (optional)"));
    m_autoOpen->setChecked(m_setup.openOnYoutube);
    // Listen, press 1, 2 or 3, next: the loop needs no mouse.
    m_autoPlay->setChecked(QSettings().value(QStringLiteral("review/autoPlay"), true).toBool());
    m_autoPlay->setToolTip(tr("Space plays or pauses, R plays from the start"));
    m_audio->setIndexPath(catalog->path());
    m_audio->setAutoPlay(m_autoPlay->isChecked());
    connect(m_autoPlay, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(QStringLiteral("review/autoPlay"), on);
        m_audio->setAutoPlay(on);
    });
    m_heatmap->clear(tr("Loading the embedding…"));
    m_note->setFocusPolicy(Qt::ClickFocus); // keys go to the verdicts unless the note is clicked
    setFocusPolicy(Qt::StrongFocus);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_order);
    layout->addWidget(m_classText);
    layout->addWidget(m_official);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_position);
    layout->addLayout(progressRow);
    layout->addWidget(m_segment);
    layout->addWidget(m_results);
    layout->addWidget(m_times);
    layout->addWidget(m_labels);
    layout->addWidget(m_others);
    layout->addWidget(m_heatmap, 1);
    layout->addWidget(m_audio, 1);
    layout->addWidget(m_note);
    layout->addWidget(buildVerdictRow());
    auto *footer = new QHBoxLayout;
    footer->addWidget(m_autoOpen);
    footer->addWidget(m_autoPlay);
    footer->addStretch(1);
    footer->addWidget(m_saved);
    layout->addLayout(footer);
    m_results->hide();

    // Other reviewers' new verdicts show without a restart (a shared store), outside blind mode.
    m_refresh->setInterval(5000);
    connect(m_refresh, &QTimer::timeout, this, &ReviewDialog::showOthers);
    m_title->setText(tr("Loading the review sample…"));
    const ReviewSampleSpec spec = m_setup.spec;
    const auto ordered = m_setup.ordered;
    m_catalog->run<Start>(
        this,
        [spec, ordered](Catalog &catalog) {
            Start start;
            if (ordered)
                start.sample = *ordered;
            else
                start.outcome = sampleForReview(catalog, spec, start.sample);
            start.info = catalog.classInfo(spec.classMid);
            for (const ClassSummary &summary : catalog.classes())
                start.names.emplace(summary.mid, summary.name);
            return start;
        },
        [this](Start start) { begin(std::move(start)); });
}

ReviewDialog::~ReviewDialog() = default;

QWidget *ReviewDialog::buildVerdictRow() {
    auto *row = new QWidget(this);
    auto *buttons = new QHBoxLayout(row);
    buttons->setContentsMargins(0, 0, 0, 0);
    auto add = [&](const QString &text, const QString &tip, auto &&action) {
        auto *button = new QPushButton(text, row);
        button->setToolTip(tip);
        button->setAutoDefault(false); // Enter in the note must not judge
        button->setFocusPolicy(Qt::TabFocus);
        connect(button, &QPushButton::clicked, this, action);
        buttons->addWidget(button);
        return button;
    };
    add(tr("&1 Present"), tr("The sound is there (1 or P)"), [this] { judge(Verdict::Present); });
    add(tr("&2 Not present"), tr("The sound is not there (2 or N)"),
        [this] { judge(Verdict::Absent); });
    add(tr("&3 Unsure"), tr("Cannot tell (3 or U)"), [this] { judge(Verdict::Unsure); });
    add(tr("Skip"), tr("Next segment, no verdict (S)"), [this] {
        if (m_session) m_session->skip();
    });
    add(tr("Undo"), tr("Take the last verdict back (Ctrl+Z)"), [this] { undo(); });
    add(tr("Open on YouTube"), tr("The clip at its start second (O)"), [this] { openOnYoutube(); });
    return row;
}

void ReviewDialog::begin(Start start) {
    if (!start.outcome.isOk()) {
        m_title->setText(tr("Cannot start the review"));
        m_order->setText(qs(start.outcome.message));
        return;
    }
    m_info = std::move(start.info);
    m_names = std::move(start.names);
    const ReviewSampleSpec &spec = m_setup.spec;
    const QString name = m_info ? qs(m_info->name) : qs(spec.classMid);
    m_title->setText(tr("Is “%1” in this clip?").arg(name.toHtmlEscaped()));
    const QString order = m_setup.ordered ? tr("most likely label errors first")
                                          : tr("in a random order (seed %1)").arg(spec.seed);
    m_order->setText(tr("%1 in %2%3 · %4 segments %5%6")
                         .arg(qs(spec.classMid), splitDisplayName(spec.split),
                              spec.rollup ? tr(", with descendants") : QString())
                         .arg(start.sample.size())
                         .arg(order, m_setup.blind ? tr(" · blind") : QString()));
    QString about;
    if (m_info) {
        about = qs(m_info->description).toHtmlEscaped();
        QStringList examples;
        for (const std::string &example : m_info->positiveExamples)
            examples
                << QStringLiteral("<a href=\"https://%1\">%1</a>").arg(qs(example).toHtmlEscaped());
        if (!examples.isEmpty())
            about += tr("<br>Examples: %1").arg(examples.join(QStringLiteral(", ")));
    }
    m_classText->setText(about);
    m_session = std::make_unique<ReviewSession>(*m_store, spec, std::move(start.sample));
    connect(m_session.get(), &ReviewSession::changed, this, &ReviewDialog::present);
    present();
    setFocus();
    Q_EMIT ready();
}

void ReviewDialog::present() {
    if (!m_session) return;
    const int judged = m_session->judgedCount();
    m_progress->setRange(0, std::max(1, m_session->size()));
    m_progress->setValue(judged);
    m_progress->setFormat(tr("%1 of %2 judged").arg(judged).arg(m_session->size()));
    const bool showOfficial = !m_setup.blind || m_session->finished();
    m_official->setText(showOfficial && m_info
                            ? tr("Official estimate: %1")
                                  .arg(m_info->quality ? percentWithInterval(*m_info->quality)
                                                       : tr("none (never rated)"))
                            : tr("Blind review: the official estimate and other reviewers' "
                                 "verdicts show once every segment has a verdict."));
    const SegmentRow *row = m_session->current();
    if (!row) {
        m_position->setText(tr("Done"));
        m_segment->setText(m_session->size() ? tr("Every segment has a verdict")
                                             : tr("This class has no segments in the split"));
        m_times->clear();
        m_labels->clear();
        m_others->clear();
        ++m_generation; // an embedding still on its way is for a segment no longer shown
        m_heatmap->clear(QString());
        m_audio->clear();
        presentResults();
        return;
    }
    m_position->setText(
        tr("Segment %1 of %2").arg(m_session->position() + 1).arg(m_session->size()));
    m_segment->setText(qs(row->ytid));
    const auto verdict = m_session->verdictAt(m_session->position());
    m_times->setText(
        tr("%1 s – %2 s%3%4")
            .arg(qs(formatMsAsSeconds(row->startMs)), qs(formatMsAsSeconds(row->endMs)))
            .arg(row->rerated ? tr(" · rerated") : QString())
            .arg(verdict ? tr(" · your verdict: %1").arg(verdictText(*verdict)) : QString()));
    QStringList labels;
    for (const std::string &mid : row->labels) {
        if (mid == m_setup.spec.classMid) continue;
        const auto name = m_names.find(mid);
        labels << (name == m_names.end() ? qs(mid) : qs(name->second)).toHtmlEscaped();
    }
    m_labels->setText(labels.isEmpty()
                          ? tr("No other labels")
                          : tr("Other labels: %1").arg(labels.join(QStringLiteral(", "))));
    showOthers();
    m_results->setVisible(m_session->finished());
    if (m_session->finished()) presentResults();
    loadEmbedding(row->id);
    m_audio->showSegment(qs(row->ytid), row->startMs);
    if (m_autoOpen->isChecked()) openOnYoutube();
}

void ReviewDialog::showOthers() {
    const bool visible = m_session && (!m_setup.blind || m_session->finished());
    if (visible && !m_refresh->isActive()) m_refresh->start();
    QStringList others;
    if (visible)
        for (const VerdictRecord &record : m_session->othersOnCurrent())
            others << tr("%1: %2").arg(qs(record.reviewer), verdictText(record.verdict));
    m_others->setText(others.isEmpty()
                          ? QString()
                          : tr("Other reviewers: %1").arg(others.join(QStringLiteral("; "))));
}

void ReviewDialog::presentResults() {
    int present = 0, absent = 0, unsure = 0;
    for (int i = 0; i < m_session->size(); ++i) {
        const auto verdict = m_session->verdictAt(i);
        present += verdict == Verdict::Present;
        absent += verdict == Verdict::Absent;
        unsure += verdict == Verdict::Unsure;
    }
    const QualityAssessment yours{present + absent, present};
    m_results->setText(tr("<b>Your verdicts</b>: %1 present, %2 not present, %3 unsure → %4<br>"
                          "<b>Official</b>: %5")
                           .arg(present)
                           .arg(absent)
                           .arg(unsure)
                           .arg(percentWithInterval(yours),
                                m_info && m_info->quality ? percentWithInterval(*m_info->quality)
                                                          : tr("none (never rated)")));
    m_results->show();
}

void ReviewDialog::loadEmbedding(int64_t segmentId) {
    const quint64 generation = ++m_generation;
    m_catalog->run<std::optional<SegmentEmbedding>>(
        this, [segmentId](Catalog &catalog) { return catalog.embedding(segmentId); },
        [this, generation](std::optional<SegmentEmbedding> embedding) {
            if (generation != m_generation) return;
            if (embedding) {
                std::vector<float> values(embedding->frames.begin(), embedding->frames.end());
                m_audio->setFrames(values, static_cast<int>(embedding->frameCount));
                m_heatmap->setValues(std::move(values), static_cast<int>(embedding->frameCount),
                                     128, tr("second"));
            } else {
                m_heatmap->clear(tr("This segment has no embedding in the index"));
            }
            Q_EMIT segmentShown();
        });
}

void ReviewDialog::showSaveState(const Outcome &outcome, const QString &what) {
    if (outcome.isOk())
        m_saved->setText(tr("Saved %1 at %2")
                             .arg(what, QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
    else
        m_saved->setText(tr("<span style=\"color:#b00020\">Not saved: %1</span>")
                             .arg(qs(outcome.message).toHtmlEscaped()));
}

void ReviewDialog::judge(Verdict verdict) {
    if (!m_session || !m_session->current()) return;
    const Outcome outcome = m_session->judge(verdict, m_note->text());
    showSaveState(outcome, verdictText(verdict));
    if (outcome.isOk()) m_note->clear();
}

void ReviewDialog::undo() {
    if (!m_session) return;
    showSaveState(m_session->undo(), tr("the undo"));
}

void ReviewDialog::openOnYoutube() {
    const SegmentRow *row = m_session ? m_session->current() : nullptr;
    if (!row) return;
    if (const auto url = youtubeWatchUrl(row->ytid, row->startMs))
        QDesktopServices::openUrl(QUrl(qs(*url)));
}

void ReviewDialog::keyPressEvent(QKeyEvent *event) {
    // Keys reach here only when the focused widget (the note, say) did not take them.
    if (event->matches(QKeySequence::Undo)) return undo();
    if (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
        return QDialog::keyPressEvent(event);
    switch (event->key()) {
    case Qt::Key_1:
    case Qt::Key_P:
        return judge(Verdict::Present);
    case Qt::Key_2:
    case Qt::Key_N:
        return judge(Verdict::Absent);
    case Qt::Key_3:
    case Qt::Key_U:
        return judge(Verdict::Unsure);
    case Qt::Key_S:
        if (m_session) m_session->skip();
        return;
    case Qt::Key_O:
        return openOnYoutube();
    case Qt::Key_Space:
        return m_audio->togglePlay();
    case Qt::Key_R:
        return m_audio->playFromStart();
    default:
        QDialog::keyPressEvent(event);
    }
}

} // namespace audioset::ui
