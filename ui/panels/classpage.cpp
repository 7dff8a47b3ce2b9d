#include "classpage.h"

#include "asynccatalog.h"
#include "classmapview.h"
#include "cooccurrencemodel.h"
#include "darkpalette.h"
#include "labelerrorsview.h"
#include "ontologymodel.h"
#include "youtubeid.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>
#include <QValueAxis>

namespace audioset::ui {

namespace {

QLabel *makeLabel(QWidget *parent, bool links = true) {
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(links ? Qt::TextBrowserInteraction : Qt::TextSelectableByMouse);
    label->setOpenExternalLinks(false);
    label->setTextFormat(Qt::RichText); // texts are escaped where they come from data
    return label;
}

QLabel *sectionTitle(const QString &text, QWidget *parent) {
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QString percent(double value) {
    return QStringLiteral("%1%").arg(qRound(value * 100));
}

QString stars(double estimate) {
    const int filled = qRound(estimate * 5);
    return QString(filled, QChar(0x2605)) + QString(5 - filled, QChar(0x2606));
}

// "youtu.be/ID?start=S&end=E" as an https link, or nothing for an id that is not valid.
QString exampleUrl(const QString &example) {
    QUrl url(example.startsWith(QLatin1String("http")) ? example
                                                       : QStringLiteral("https://") + example);
    const QString id = url.path().mid(1);
    if (url.host() != QLatin1String("youtu.be") || !isValidYoutubeId(id.toStdString())) return {};
    QUrlQuery query(url);
    QUrl clean(QStringLiteral("https://youtu.be/") + id);
    QUrlQuery cleanQuery;
    for (const char *key : {"start", "end"})
        if (const QString value = query.queryItemValue(QLatin1String(key));
            !value.isEmpty() && value.toInt() >= 0)
            cleanQuery.addQueryItem(QLatin1String(key), QString::number(value.toInt()));
    clean.setQuery(cleanQuery);
    return clean.toString();
}

} // namespace

ClassPage::ClassPage(OntologyModel *ontology, QWidget *parent)
    : QScrollArea(parent)
    , m_ontology(ontology)
    , m_chart(new QChartView(this))
    , m_cooccurrenceView(new QTableView(this))
    , m_cooccurrence(new CooccurrenceModel(this))
    , m_labelErrors(new LabelErrorsView(
          [ontology](const QString &mid) { return ontology->nameOf(mid); }, this))
    , m_map(new ClassMapView(this))
    , m_content(new QWidget(this))
    , m_empty(new QLabel(this)) {
    setWidgetResizable(true);
    m_title = makeLabel(m_content, false);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_badges = makeLabel(m_content, false);
    m_paths = makeLabel(m_content);
    m_description = makeLabel(m_content);
    m_children = makeLabel(m_content);
    m_examples = makeLabel(m_content);
    m_quality = makeLabel(m_content, false);
    QFont qualityFont = m_quality->font();
    qualityFont.setPointSizeF(qualityFont.pointSizeF() * 1.3);
    m_quality->setFont(qualityFont);
    m_qualityDetail = makeLabel(m_content, false);
    m_quality->setTextFormat(Qt::PlainText);
    m_qualityDetail->setTextFormat(Qt::PlainText);
    m_rerated = makeLabel(m_content, false);
    m_cooccurrenceTitle = sectionTitle(tr("Co-occurring classes"), m_content);

    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumSize(260, 200);
    m_cooccurrenceView->setModel(m_cooccurrence);
    m_cooccurrenceView->verticalHeader()->hide();
    m_cooccurrenceView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_cooccurrenceView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_cooccurrenceView->setTabKeyNavigation(false); // Tab moves on, not cell by cell
    m_cooccurrenceView->horizontalHeader()->setSectionResizeMode(CooccurrenceModel::ClassColumn,
                                                                 QHeaderView::Stretch);
    m_cooccurrenceView->setMinimumHeight(150);
    m_cooccurrenceView->setCursor(Qt::PointingHandCursor);
    connect(m_cooccurrenceView, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT classActivated(index.data(CooccurrenceModel::MidRole).toString());
    });
    connect(m_cooccurrenceView, &QTableView::clicked, this, [this](const QModelIndex &index) {
        Q_EMIT classActivated(index.data(CooccurrenceModel::MidRole).toString());
    });
    for (QLabel *label : {m_paths, m_description, m_children, m_examples})
        connect(label, &QLabel::linkActivated, this, &ClassPage::openLink);

    auto *qualityBox = new QVBoxLayout;
    qualityBox->addWidget(sectionTitle(tr("Label quality"), m_content));
    qualityBox->addWidget(m_quality);
    qualityBox->addWidget(m_qualityDetail);
    auto *review = new QPushButton(tr("Review This Class… (Ctrl+R)"), m_content);
    review->setToolTip(tr("Judge a sample of its segments, as the experts did"));
    connect(review, &QPushButton::clicked, this, [this] {
        if (!m_mid.isEmpty()) Q_EMIT reviewRequested(m_mid);
    });
    qualityBox->addWidget(review, 0, Qt::AlignLeft);
    qualityBox->addSpacing(8);
    qualityBox->addWidget(sectionTitle(tr("Rerated share"), m_content));
    qualityBox->addWidget(m_rerated);
    qualityBox->addStretch(1);
    auto *row = m_chartRow = new QHBoxLayout;
    row->addWidget(m_chart, 2);
    row->addLayout(qualityBox, 1);

    auto *layout = new QVBoxLayout(m_content);
    layout->addWidget(m_title);
    layout->addWidget(m_badges);
    layout->addWidget(m_paths);
    layout->addLayout(row);
    layout->addWidget(m_description);
    layout->addWidget(m_children);
    layout->addWidget(m_examples);
    layout->addWidget(m_cooccurrenceTitle);
    layout->addWidget(m_cooccurrenceView);
    layout->addWidget(sectionTitle(tr("Possible label errors"), m_content));
    layout->addWidget(m_labelErrors);
    layout->addWidget(sectionTitle(tr("Map (in the split chosen above)"), m_content));
    layout->addWidget(m_map);
    layout->addStretch(1);
    connect(m_map, &ClassMapView::segmentRequested, this, &ClassPage::segmentRequested);
    connect(m_labelErrors, &LabelErrorsView::splitChanged, this, [this](Split split) {
        if (!m_mid.isEmpty()) m_map->showClass(m_mid, split);
    });
    connect(m_map, &ClassMapView::reviewRequested, this, &ClassPage::orderedReviewRequested);
    connect(m_labelErrors, &LabelErrorsView::segmentActivated, this, &ClassPage::segmentActivated);
    connect(m_labelErrors, &LabelErrorsView::reviewRequested, this,
            &ClassPage::orderedReviewRequested);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    auto *outer = new QWidget(this);
    auto *outerLayout = new QVBoxLayout(outer);
    outerLayout->addWidget(m_empty);
    outerLayout->addWidget(m_content);
    setWidget(outer);
    clear();
}

// In a narrow page the quality box goes under the chart, so the page never needs to scroll
// sideways.
void ClassPage::resizeEvent(QResizeEvent *event) {
    const bool narrow = viewport()->width() < m_chart->minimumWidth() + 260;
    m_chartRow->setDirection(narrow ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
    QScrollArea::resizeEvent(event);
}

void ClassPage::setCatalog(AsyncCatalog *catalog) {
    m_catalog = catalog;
    clear();
}

void ClassPage::setSimilarityService(SimilarityService *service) {
    m_labelErrors->setService(service);
    m_map->setService(service);
}

void ClassPage::clear() {
    ++m_generation;
    m_mid.clear();
    m_labelErrors->clear();
    m_map->clear();
    m_content->hide();
    m_empty->setText(
        tr("Select a class in the ontology to see its counts, label quality and segments."));
    m_empty->show();
}

QString ClassPage::classLink(const QString &mid) const {
    return QStringLiteral("<a href=\"class:%1\">%2</a>")
        .arg(mid.toHtmlEscaped(), m_ontology->nameOf(mid).toHtmlEscaped());
}

void ClassPage::openLink(const QString &link) {
    if (link.startsWith(QLatin1String("class:")))
        Q_EMIT classActivated(link.mid(6));
    else if (link.startsWith(QLatin1String("https://")) ||
             link.startsWith(QLatin1String("http://")))
        QDesktopServices::openUrl(QUrl(link));
}

void ClassPage::showClass(const QString &mid, Split split) {
    if (!m_catalog) return;
    if (mid != m_mid) verticalScrollBar()->setValue(0); // a new class starts at its title
    m_mid = mid;
    m_split = split;
    const quint64 generation = ++m_generation;
    const std::string key = mid.toStdString();
    m_catalog->run<Details>(
        this,
        [key, split](Catalog &catalog) {
            Details details;
            details.info = catalog.classInfo(key);
            details.cooccurring = catalog.cooccurring(key, split, 10);
            return details;
        },
        [this, generation](Details details) {
            if (generation != m_generation) return;
            if (!details.info) {
                m_empty->setText(tr("This class is not in the index."));
                m_content->hide();
                m_empty->show();
                return;
            }
            present(*details.info, std::move(details.cooccurring));
            m_labelErrors->showClass(m_mid, m_labelErrors->split());
            m_map->showClass(m_mid, m_labelErrors->split());
            Q_EMIT loaded();
        });
}

void ClassPage::present(const ClassInfo &info, std::vector<Cooccurrence> cooccurring) {
    const QLocale locale;
    m_title->setText(QString::fromStdString(info.name));
    QStringList badges{
        QStringLiteral("<code>%1</code>").arg(QString::fromStdString(info.mid).toHtmlEscaped())};
    badges << (info.labelIndex ? tr("label %1").arg(*info.labelIndex) : tr("<i>not a label</i>"));
    if (info.abstract) badges << tr("<b>abstract</b> (grouping node)");
    if (info.blacklisted) badges << tr("<b>blacklisted</b> (too ambiguous)");
    if (!info.inOntology) badges << tr("<b>not in the ontology</b>");
    m_badges->setText(badges.join(QStringLiteral(" · ")));

    QStringList paths;
    for (const QStringList &path : m_ontology->pathsTo(QString::fromStdString(info.mid))) {
        QStringList links;
        for (const QString &mid : path)
            links << classLink(mid);
        paths << links.join(QStringLiteral(" › "));
    }
    m_paths->setText(paths.join(QStringLiteral("<br>")));
    m_paths->setVisible(!paths.isEmpty());

    QString description = QString::fromStdString(info.description).toHtmlEscaped();
    if (!info.citationUri.empty()) {
        const QString uri = QString::fromStdString(info.citationUri);
        if (uri.startsWith(QLatin1String("http")))
            description +=
                QStringLiteral(" <a href=\"%1\">%2</a>").arg(uri.toHtmlEscaped(), tr("(source)"));
    }
    m_description->setText(description);
    m_description->setVisible(!description.isEmpty());

    QStringList children;
    for (const std::string &child : info.children)
        children << classLink(QString::fromStdString(child));
    m_children->setText(children.isEmpty()
                            ? QString()
                            : tr("<b>Children:</b> ") + children.join(QStringLiteral(", ")));
    m_children->setVisible(!children.isEmpty());

    QStringList examples;
    for (const std::string &example : info.positiveExamples) {
        const QString url = exampleUrl(QString::fromStdString(example));
        if (!url.isEmpty())
            examples << QStringLiteral("<a href=\"%1\">%2</a>")
                            .arg(url.toHtmlEscaped())
                            .arg(examples.size() + 1);
    }
    m_examples->setText(examples.isEmpty() ? QString()
                                           : tr("<b>Positive examples:</b> ") +
                                                 examples.join(QStringLiteral(" ")));
    m_examples->setVisible(!examples.isEmpty());

    updateChart(info);

    if (!info.quality) {
        m_quality->setText(tr("No assessment"));
        m_qualityDetail->setText(info.labelIndex ? tr("The quality file has no row for this label.")
                                                 : tr("Only labels were rated."));
    } else if (!info.quality->estimate()) {
        m_quality->setText(tr("Not rated"));
        m_qualityDetail->setText(tr("0 segments were rated: there is no estimate (not 0%)."));
    } else {
        const double estimate = *info.quality->estimate();
        const auto interval = *info.quality->wilson95();
        m_quality->setText(QStringLiteral("%1  %2").arg(stars(estimate), percent(estimate)));
        m_qualityDetail->setText(tr("%1/%2 rated true · 95% interval %3–%4")
                                     .arg(info.quality->trueCount)
                                     .arg(info.quality->rated)
                                     .arg(percent(interval.first), percent(interval.second)));
    }

    QStringList rerated;
    const QStringList names{tr("eval"), tr("balanced"), tr("unbalanced")};
    for (int split = 0; split < kSplitCount; ++split) {
        const SplitCounts &counts = info.counts[static_cast<size_t>(split)];
        if (counts.rollup == 0) continue;
        rerated << tr("%1: %2 (%3 of %4)")
                       .arg(names[split],
                            percent(double(counts.reratedRollup) / double(counts.rollup)),
                            locale.toString(static_cast<qlonglong>(counts.reratedRollup)),
                            locale.toString(static_cast<qlonglong>(counts.rollup)));
    }
    m_rerated->setText(rerated.isEmpty() ? tr("No segments.")
                                         : rerated.join(QStringLiteral("<br>")));

    m_cooccurrenceTitle->setText(tr("Co-occurring classes (%1)").arg(names[splitIndex(m_split)]));
    m_cooccurrence->setItems(std::move(cooccurring));
    m_empty->hide();
    m_content->show();
}

void ClassPage::updateChart(const ClassInfo &info) {
    auto *chart = new QChart;
    // A white chart on a dark window glares; the theme follows the palette. Set first: a theme
    // resets what was styled before it.
    chart->setTheme(isDark(palette()) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    auto *series = new QBarSeries;
    const QStringList kinds{tr("Direct"), tr("Rollup"), tr("Exclusive")};
    // Only the splits the index holds: one that is not indexed has no count, not a zero. The
    // short names fit a narrow chart ("unbalanced" was cut to "unbalanc…").
    const QStringList names{tr("eval"), tr("balanced"), tr("unbal.")};
    QStringList shown;
    for (Split split : kAllSplits)
        if (m_ontology->isIndexed(split)) shown << names[splitIndex(split)];
    qint64 maximum = 1;
    for (int kind = 0; kind < 3; ++kind) {
        auto *set = new QBarSet(kinds[kind]);
        for (Split split : kAllSplits) {
            if (!m_ontology->isIndexed(split)) continue;
            const SplitCounts &counts = info.counts[static_cast<size_t>(splitIndex(split))];
            const qint64 value = kind == 0   ? counts.direct
                                 : kind == 1 ? counts.rollup
                                             : counts.exclusive;
            *set << static_cast<qreal>(value);
            maximum = std::max(maximum, value);
        }
        series->append(set);
    }
    chart->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    categories->append(shown);
    QFont axisFont = categories->labelsFont();
    axisFont.setPointSizeF(axisFont.pointSizeF() * 0.9);
    categories->setLabelsFont(axisFont);
    chart->addAxis(categories, Qt::AlignBottom);
    series->attachAxis(categories);
    auto *values = new QValueAxis;
    values->setRange(0, static_cast<qreal>(maximum) * 1.1);
    values->setLabelFormat(QStringLiteral("%.0f"));
    values->applyNiceNumbers();
    chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(values);
    chart->setTitle(tr("Segments per split"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    QChart *old = m_chart->chart();
    m_chart->setChart(chart);
    delete old;
}

QString ClassPage::qualityText() const {
    return m_quality->text() + QLatin1Char(' ') + m_qualityDetail->text();
}
QString ClassPage::titleText() const {
    return m_title->text();
}

} // namespace audioset::ui
