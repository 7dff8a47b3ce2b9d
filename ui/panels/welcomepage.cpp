#include "welcomepage.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace audioset::ui {

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
    , m_recent(new QListWidget(this)) {
    auto *title = new QLabel(tr("AudioSet Browser"), this);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 2);
    font.setBold(true);
    title->setFont(font);
    auto *intro =
        new QLabel(tr("Explore Google's AudioSet: the sound ontology, segments per split, label "
                      "quality and VGGish embeddings. Start with one of these:"),
                   this);
    intro->setWordWrap(true);
    auto *download = new QPushButton(tr("Download AudioSet…"), this);
    download->setToolTip(tr("Fetch the real release from Google (the embeddings are 2.4 GB "
                            "more, if you want them), resumable; browsing starts once the lists "
                            "are in"));
    auto *release = new QPushButton(tr("Open a release folder…"), this);
    release->setToolTip(
        tr("A folder with ontology.json, the segment CSVs and optionally features.tar.gz; "
           "it is indexed once, with progress and cancel"));
    auto *index = new QPushButton(tr("Open an index…"), this);
    index->setToolTip(tr("An index file made earlier (by this window or `audioset index`)"));
    auto *demo = new QPushButton(tr("Generate the demo dataset (synthetic)"), this);
    demo->setToolTip(
        tr("200,000 made-up segments shaped like the release, for trying the browser offline. "
           "None of it is real AudioSet data."));
    for (QPushButton *button : {download, release, index, demo})
        button->setMinimumHeight(button->sizeHint().height() * 3 / 2);
    connect(download, &QPushButton::clicked, this, &WelcomePage::downloadRequested);
    connect(release, &QPushButton::clicked, this, &WelcomePage::openReleaseRequested);
    connect(index, &QPushButton::clicked, this, &WelcomePage::openIndexRequested);
    connect(demo, &QPushButton::clicked, this, &WelcomePage::generateDemoRequested);
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT recentRequested(item->data(Qt::UserRole).toString());
    });

    auto *column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(intro);
    column->addSpacing(12);
    column->addWidget(download);
    column->addWidget(release);
    column->addWidget(index);
    column->addWidget(demo);
    column->addSpacing(12);
    column->addWidget(new QLabel(tr("Recent indexes"), this));
    column->addWidget(m_recent);
    auto *credit = new QLabel(tr("AudioSet © Google, CC BY 4.0; its ontology CC BY-SA 4.0."), this);
    credit->setEnabled(false);
    column->addWidget(credit);
    auto *outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(column, 2);
    outer->addStretch(1);
}

void WelcomePage::setRecent(const QStringList &paths) {
    m_recent->clear();
    for (const QString &path : paths) {
        auto *item = new QListWidgetItem(path, m_recent);
        item->setData(Qt::UserRole, path);
    }
    if (paths.isEmpty()) m_recent->addItem(tr("(none yet)"));
}

} // namespace audioset::ui
