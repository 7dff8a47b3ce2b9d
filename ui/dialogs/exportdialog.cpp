#include "exportdialog.h"

#include "asynccatalog.h"
#include "classrulelist.h"
#include "exportsettings.h"
#include "jobdialog.h"
#include "ontologymodel.h"
#include "selectionstore.h"
#include "subsetplanner.h"
#include "subsetpreviewmodel.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QScreen>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace audioset::ui {

ExportDialog::ExportDialog(AsyncCatalog *catalog, OntologyModel *ontology, const QString &indexPath,
                           QWidget *parent)
    : QDialog(parent)
    , m_catalog(catalog)
    , m_ontology(ontology)
    , m_indexPath(indexPath)
    , m_store(std::make_unique<SelectionStore>())
    , m_preview(new SubsetPreviewModel(this))
    , m_previewDelay(new QTimer(this)) {
    setWindowTitle(tr("Export a subset"));
    // Roomy, but never larger than the screen (a 1024 x 700 one included).
    const QRect screen = this->screen()->availableGeometry();
    resize(std::min(1100, screen.width() * 95 / 100), std::min(720, screen.height() * 95 / 100));
    m_previewDelay->setSingleShot(true);
    m_previewDelay->setInterval(250);
    connect(m_previewDelay, &QTimer::timeout, this, &ExportDialog::runPreview);

    auto *previewView = new QTableView(this);
    previewView->setModel(m_preview);
    previewView->verticalHeader()->hide();
    // The numbers take what they need and the class name the rest, however narrow the dialog.
    previewView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    previewView->horizontalHeader()->setSectionResizeMode(SubsetPreviewModel::ClassColumn,
                                                          QHeaderView::Stretch);
    previewView->horizontalHeader()->setMinimumSectionSize(48);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setMinimumHeight(m_summary->fontMetrics().lineSpacing() * 5);
    m_summary->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto *preview = new QWidget(this);
    auto *previewLayout = new QVBoxLayout(preview);
    previewLayout->addWidget(new QLabel(tr("<b>What it will write</b>"), this));
    previewLayout->addWidget(m_summary);
    previewLayout->addWidget(previewView, 1);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(buildSelection());
    splitter->addWidget(preview);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(buildOutput());
    refreshSaved();
    restore(ExportSettings::load());
    schedulePreview();
}

ExportDialog::~ExportDialog() {
    remembered().save();
}

// The last opening's choices come back; without any, the defaults stay.
void ExportDialog::restore(const ExportSettings &settings) {
    if (settings.selection) setSelection(*settings.selection);
    if (!settings.formats.isEmpty())
        for (int i = 0; i < 4; ++i)
            m_formats[i]->setChecked(settings.formats.contains(i));
    m_shards->setValue(settings.shards);
    m_audioFiles->setCurrentIndex(settings.audioFiles);
    if (!settings.folder.isEmpty()) m_output->setText(settings.folder);
}

ExportSettings ExportDialog::remembered() const {
    ExportSettings settings;
    settings.selection = selection();
    for (int i = 0; i < 4; ++i)
        if (m_formats[i]->isChecked()) settings.formats << i;
    settings.shards = m_shards->value();
    settings.folder = m_output->text().trimmed();
    settings.audioFiles = m_audioFiles->currentIndex();
    return settings;
}

void ExportDialog::includeOnly(const QString &mid) {
    m_include->clear();
    addInclude(mid, true);
}

QWidget *ExportDialog::buildSelection() {
    auto *box = new QWidget(this);
    auto *form = new QFormLayout(box);
    addClassRows(form, box);
    addFilterRows(form, box);
    addSamplingRows(form, box);
    addSavedRow(form, box);
    return box;
}

// A class picker with completion, and the include and exclude lists.
void ExportDialog::addClassRows(QFormLayout *form, QWidget *box) {
    m_classPicker = new QComboBox(box);
    m_classPicker->setEditable(true);
    m_classPicker->setInsertPolicy(QComboBox::NoInsert);
    QStringList names;
    for (const ClassSummary &summary : m_ontology->allClasses())
        names << QStringLiteral("%1 (%2)").arg(QString::fromStdString(summary.name),
                                               QString::fromStdString(summary.mid));
    names.sort(Qt::CaseInsensitive);
    m_classPicker->addItems(names);
    m_classPicker->completer()->setFilterMode(Qt::MatchContains);
    m_classPicker->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_classPicker->setCurrentText(QString());
    auto midOfPicker = [this] {
        const QString text = m_classPicker->currentText();
        const int open = text.lastIndexOf(QLatin1Char('(')),
                  close = text.lastIndexOf(QLatin1Char(')'));
        return open >= 0 && close > open ? text.mid(open + 1, close - open - 1) : text.trimmed();
    };
    auto *includeButton = new QPushButton(tr("Include"), box);
    auto *excludeButton = new QPushButton(tr("Exclude"), box);
    connect(includeButton, &QPushButton::clicked, this,
            [this, midOfPicker] { addInclude(midOfPicker(), true); });
    connect(excludeButton, &QPushButton::clicked, this,
            [this, midOfPicker] { addExclude(midOfPicker(), true); });
    auto *pick = new QHBoxLayout;
    pick->addWidget(m_classPicker, 1);
    pick->addWidget(includeButton);
    pick->addWidget(excludeButton);
    form->addRow(tr("Class:"), pick);

    m_include = new ClassRuleList(
        m_ontology,
        tr("Included classes; ticked: with all descendants. Delete removes one. None: every "
           "label."),
        box);
    m_exclude = new ClassRuleList(m_ontology,
                                  tr("A segment with any of these labels is dropped; ticked: "
                                     "with all descendants. Delete removes one."),
                                  box);
    m_include->list()->setObjectName(QStringLiteral("includeList"));
    m_exclude->list()->setObjectName(QStringLiteral("excludeList"));
    for (ClassRuleList *rules : {m_include, m_exclude})
        connect(rules, &ClassRuleList::changed, this, &ExportDialog::schedulePreview);
    form->addRow(tr("Include:"), m_include);
    form->addRow(tr("Exclude:"), m_exclude);
}

void ExportDialog::addFilterRows(QFormLayout *form, QWidget *box) {
    auto *splits = new QHBoxLayout;
    const QStringList splitNames{tr("eval"), tr("balanced train"), tr("unbalanced train")};
    for (int i = 0; i < 3; ++i) {
        const bool indexed = m_ontology->isIndexed(static_cast<Split>(i));
        m_splits[i] =
            new QCheckBox(indexed ? splitNames[i] : tr("%1 (not indexed)").arg(splitNames[i]), box);
        m_splits[i]->setChecked(indexed);
        m_splits[i]->setEnabled(indexed);
        connect(m_splits[i], &QCheckBox::toggled, this, &ExportDialog::schedulePreview);
        splits->addWidget(m_splits[i]);
    }
    form->addRow(tr("Splits:"), splits);
    m_rerated = new QComboBox(box);
    m_rerated->addItems({tr("Rerated or not"), tr("Rerated only"), tr("Not rerated")});
    connect(m_rerated, &QComboBox::currentIndexChanged, this, &ExportDialog::schedulePreview);
    form->addRow(tr("Rerated:"), m_rerated);

    m_useQuality = new QCheckBox(tr("at least"), box);
    m_quality = new QDoubleSpinBox(box);
    m_quality->setRange(0, 100);
    m_quality->setSuffix(QStringLiteral(" %"));
    m_quality->setValue(70);
    m_qualityOn = new QComboBox(box);
    m_qualityOn->addItems({tr("on the estimate"), tr("on the Wilson 95% lower bound")});
    connect(m_useQuality, &QCheckBox::toggled, this, &ExportDialog::schedulePreview);
    connect(m_quality, &QDoubleSpinBox::valueChanged, this, &ExportDialog::schedulePreview);
    connect(m_qualityOn, &QComboBox::currentIndexChanged, this, &ExportDialog::schedulePreview);
    auto *quality = new QHBoxLayout;
    quality->addWidget(m_useQuality);
    quality->addWidget(m_quality);
    quality->addWidget(m_qualityOn, 1);
    form->addRow(tr("Class quality:"), quality);
    m_withEmbeddings = new QCheckBox(tr("only segments that have an embedding"), box);
    connect(m_withEmbeddings, &QCheckBox::toggled, this, &ExportDialog::schedulePreview);
    form->addRow(tr("Embeddings:"), m_withEmbeddings);
    m_withAudio = new QCheckBox(tr("only segments with local audio"), box);
    m_withAudio->setToolTip(tr("Segments a file in your audio folders was matched to"));
    connect(m_withAudio, &QCheckBox::toggled, this, &ExportDialog::schedulePreview);
    m_audioFiles = new QComboBox(box);
    m_audioFiles->addItems({tr("leave the audio files out"), tr("copy them into audio/"),
                            tr("link to them from audio/")});
    m_audioFiles->setObjectName(QStringLiteral("audioFiles"));
    auto *audio = new QHBoxLayout;
    audio->addWidget(m_withAudio);
    audio->addWidget(m_audioFiles, 1);
    form->addRow(tr("Local audio:"), audio);
}

void ExportDialog::addSamplingRows(QFormLayout *form, QWidget *box) {
    m_sampling = new QButtonGroup(box);
    auto *all = new QRadioButton(tr("all"), box),
         *cap = new QRadioButton(tr("at most N per class"), box),
         *balanced = new QRadioButton(tr("balanced: at least N per class"), box);
    all->setChecked(true);
    m_sampling->addButton(all, 0);
    m_sampling->addButton(cap, 1);
    m_sampling->addButton(balanced, 2);
    connect(m_sampling, &QButtonGroup::idClicked, this, &ExportDialog::schedulePreview);
    m_count = new QSpinBox(box);
    m_count->setRange(1, 10'000'000);
    m_count->setValue(60);
    m_seed = new QSpinBox(box);
    m_seed->setRange(0, INT32_MAX);
    connect(m_count, &QSpinBox::valueChanged, this, &ExportDialog::schedulePreview);
    connect(m_seed, &QSpinBox::valueChanged, this, &ExportDialog::schedulePreview);
    auto *sampling = new QHBoxLayout;
    sampling->addWidget(all);
    sampling->addWidget(cap);
    sampling->addWidget(balanced);
    form->addRow(tr("Segments:"), sampling);
    auto *numbers = new QHBoxLayout;
    numbers->addWidget(new QLabel(tr("N"), box));
    numbers->addWidget(m_count);
    numbers->addWidget(new QLabel(tr("seed"), box));
    numbers->addWidget(m_seed);
    numbers->addStretch(1);
    form->addRow(QString(), numbers);
}

void ExportDialog::addSavedRow(QFormLayout *form, QWidget *box) {
    m_saved = new QComboBox(box);
    auto *load = new QPushButton(tr("Open"), box), *save = new QPushButton(tr("Save as…"), box),
         *remove = new QPushButton(tr("Delete"), box);
    connect(load, &QPushButton::clicked, this, [this] {
        if (const auto selection = m_store->load(m_saved->currentText())) setSelection(*selection);
    });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString name = QInputDialog::getText(this, tr("Save the selection"), tr("Name:"));
        if (name.trimmed().isEmpty()) return;
        m_store->save(name.trimmed(), selection());
        refreshSaved();
        m_saved->setCurrentText(name.trimmed());
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        m_store->remove(m_saved->currentText());
        refreshSaved();
    });
    auto *saved = new QHBoxLayout;
    saved->addWidget(m_saved, 1);
    saved->addWidget(load);
    saved->addWidget(save);
    saved->addWidget(remove);
    form->addRow(tr("Saved:"), saved);
}

QWidget *ExportDialog::buildOutput() {
    auto *box = new QGroupBox(tr("Output"), this);
    auto *rows = new QVBoxLayout(box);
    auto *layout = new QHBoxLayout;
    auto *folderRow = new QHBoxLayout;
    rows->addLayout(layout);
    rows->addLayout(folderRow);
    const QStringList names{tr("CSV (release format)"), tr("TFRecord"), tr("JSON Lines"),
                            tr("NumPy .npy")};
    for (int i = 0; i < 4; ++i) {
        m_formats[i] = new QCheckBox(names[i], box);
        layout->addWidget(m_formats[i]);
    }
    m_formats[0]->setChecked(true);
    m_shards = new QSpinBox(box);
    m_shards->setRange(0, 100000);
    m_shards->setSpecialValueText(tr("release layout"));
    m_shards->setToolTip(
        tr("TFRecord shards: 0 shards like the release (split folder, first two id characters)"));
    layout->addWidget(new QLabel(tr("TFRecord shards:"), box));
    layout->addWidget(m_shards);
    layout->addStretch(1);
    m_output = new QLineEdit(QDir::homePath() + QStringLiteral("/audioset-subset"), box);
    auto *browse = new QPushButton(tr("Folder…"), box);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getSaveFileName(this, tr("Export into a new folder"), m_output->text());
        if (!dir.isEmpty()) m_output->setText(dir);
    });
    m_force = new QCheckBox(tr("replace if it exists"), box);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, box);
    auto *exportButton = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(exportButton, &QPushButton::clicked, this, &ExportDialog::startExport);
    folderRow->addWidget(new QLabel(tr("Into the new folder:"), box));
    folderRow->addWidget(m_output, 1);
    folderRow->addWidget(browse);
    folderRow->addWidget(m_force);
    folderRow->addWidget(buttons);
    return box;
}

void ExportDialog::addInclude(const QString &mid, bool withDescendants) {
    m_include->add(mid, withDescendants);
}
void ExportDialog::addExclude(const QString &mid, bool withDescendants) {
    m_exclude->add(mid, withDescendants);
}

SubsetSelection ExportDialog::selection() const {
    SubsetSelection selection;
    selection.include = m_include->rules();
    selection.exclude = m_exclude->rules();
    for (int i = 0; i < 3; ++i)
        if (m_splits[i]->isChecked()) selection.splits.push_back(static_cast<Split>(i));
    if (m_rerated->currentIndex() > 0) selection.rerated = m_rerated->currentIndex() == 1;
    if (m_useQuality->isChecked()) selection.minQuality = m_quality->value() / 100.0;
    selection.qualityOnWilsonLowerBound = m_qualityOn->currentIndex() == 1;
    selection.requireEmbeddings = m_withEmbeddings->isChecked();
    selection.requireAudio = m_withAudio->isChecked();
    if (m_sampling->checkedId() == 1)
        selection.perClassMax = m_count->value();
    else if (m_sampling->checkedId() == 2)
        selection.balancedMin = m_count->value();
    selection.seed = static_cast<uint64_t>(m_seed->value());
    return selection;
}

void ExportDialog::setSelection(const SubsetSelection &selection) {
    m_include->clear();
    m_exclude->clear();
    for (const ClassRule &rule : selection.include)
        addInclude(QString::fromStdString(rule.mid), rule.withDescendants);
    for (const ClassRule &rule : selection.exclude)
        addExclude(QString::fromStdString(rule.mid), rule.withDescendants);
    for (int i = 0; i < 3; ++i)
        m_splits[i]->setChecked(m_splits[i]->isEnabled() && // a split not indexed stays off
                                (selection.splits.empty() ||
                                 std::find(selection.splits.begin(), selection.splits.end(),
                                           static_cast<Split>(i)) != selection.splits.end()));
    m_rerated->setCurrentIndex(!selection.rerated ? 0 : (*selection.rerated ? 1 : 2));
    m_useQuality->setChecked(selection.minQuality.has_value());
    if (selection.minQuality) m_quality->setValue(*selection.minQuality * 100);
    m_qualityOn->setCurrentIndex(selection.qualityOnWilsonLowerBound ? 1 : 0);
    m_withEmbeddings->setChecked(selection.requireEmbeddings);
    m_withAudio->setChecked(selection.requireAudio);
    const int mode = selection.balancedMin ? 2 : (selection.perClassMax ? 1 : 0);
    m_sampling->button(mode)->setChecked(true);
    if (mode)
        m_count->setValue(static_cast<int>(selection.balancedMin ? *selection.balancedMin
                                                                 : *selection.perClassMax));
    m_seed->setValue(static_cast<int>(selection.seed));
    schedulePreview();
}

ExportOptions ExportDialog::exportOptions() const {
    ExportOptions options;
    const ExportFormat formats[] = {ExportFormat::Csv, ExportFormat::TfRecord,
                                    ExportFormat::JsonLines, ExportFormat::Npy};
    for (int i = 0; i < 4; ++i)
        if (m_formats[i]->isChecked()) options.formats.push_back(formats[i]);
    options.outDir = m_output->text().trimmed().toStdString();
    options.force = m_force->isChecked();
    options.tfrecordShards = m_shards->value();
    options.indexPath = m_indexPath.toStdString();
    options.audioFiles = static_cast<ExportOptions::AudioFiles>(m_audioFiles->currentIndex());
    return options;
}

void ExportDialog::setOutputFolder(const QString &folder) {
    m_output->setText(folder);
}
QString ExportDialog::summaryText() const {
    return m_summary->text();
}

void ExportDialog::schedulePreview() {
    m_previewing = true;
    m_summary->setText(tr("Counting…"));
    m_previewDelay->start();
}

void ExportDialog::runPreview() {
    const quint64 generation = ++*m_generation;
    const SubsetSelection current = selection();
    struct Preview {
        SubsetPlan plan;
        Outcome outcome;
    };
    m_catalog->run<Preview>(
        this,
        [current, generation, latest = m_generation](Catalog &catalog) {
            Preview preview;
            preview.outcome = planSubset(catalog, current, preview.plan, [&](const Progress &) {
                return latest->load() == generation; // a newer preview was asked for
            });
            return preview;
        },
        [this, generation](Preview preview) {
            if (generation != *m_generation || preview.outcome.isCancelled()) return;
            m_previewing = false;
            if (preview.outcome.isFailed()) {
                m_preview->clear();
                m_summary->setText(QString::fromStdString(preview.outcome.message));
                Q_EMIT previewUpdated();
                return;
            }
            const SubsetPlan &plan = preview.plan;
            const QString text = SubsetPreviewModel::summaryOf(plan);
            m_summary->setText(text);
            m_preview->setPlan(plan);
            Q_EMIT previewUpdated();
        });
}

void ExportDialog::refreshSaved() {
    m_saved->clear();
    m_saved->addItems(m_store->names());
}

void ExportDialog::startExport() {
    const SubsetSelection chosen = selection();
    ExportOptions options = exportOptions();
    options.toolVersion = QCoreApplication::applicationVersion().toStdString();
    if (options.formats.empty()) {
        QMessageBox::warning(this, tr("Export"), tr("Choose at least one format."));
        return;
    }
    const QString folder = QString::fromStdString(options.outDir);
    if (!options.force && QFileInfo::exists(folder)) {
        const auto answer = QMessageBox::question(
            this, tr("Replace the folder?"),
            tr("%1 already exists. Replace it with the new subset? Its contents are removed "
               "only once the new subset is complete.")
                .arg(folder.toHtmlEscaped()),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes) return;
        options.force = true;
    }
    const std::string indexPath = m_indexPath.toStdString();
    auto *job = new JobDialog(
        tr("Exporting the subset"),
        [chosen, options, indexPath](const ProgressCallback &progress) {
            std::string error;
            auto catalog =
                Catalog::open(indexPath, error); // its own connection, on the job's thread
            if (!catalog) return Outcome::failed(error);
            SubsetPlan plan;
            if (Outcome planned = planSubset(*catalog, chosen, plan, progress); !planned.isOk())
                return planned;
            return exportSubset(*catalog, chosen, plan, options, progress).outcome;
        },
        this);
    connect(job, &JobDialog::finished, this, [this, job](const Outcome &outcome) {
        job->deleteLater();
        const QString message = QString::fromStdString(outcome.message);
        if (outcome.isFailed())
            QMessageBox::warning(this, tr("The export did not work"), message);
        else if (outcome.isOk())
            m_summary->setText(message.toHtmlEscaped());
        Q_EMIT exportFinished(outcome.isOk(), message);
    });
    job->start();
}

} // namespace audioset::ui
