#include "segmentpanel.h"

#include "flowlayout.h"
#include "segmenttablemodel.h"
#include "splitnames.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>
#include <utility>

namespace audioset::ui {

namespace {
constexpr int kLabelsRoom = 200; // the least the Labels column gets beside the others
}

SegmentPanel::SegmentPanel(SegmentTableModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_split(new QComboBox(this))
    , m_rollup(new QCheckBox(tr("Include descendants"), this))
    , m_rerated(new QComboBox(this))
    , m_embedding(new QComboBox(this))
    , m_audio(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_view(new QTableView(this)) {
    m_split->addItem(tr("All splits"), -1);
    for (Split split : kAllSplits)
        m_split->addItem(splitMenuName(split), splitIndex(split));
    m_rerated->addItem(tr("Rerated or not"), -1);
    m_rerated->addItem(tr("Rerated only"), 1);
    m_rerated->addItem(tr("Not rerated"), 0);
    m_embedding->addItem(tr("Embedding or not"), -1);
    m_embedding->addItem(tr("With embedding"), 1);
    m_embedding->addItem(tr("Without embedding"), 0);
    m_embedding->setToolTip(tr("Segments whose VGGish frames are indexed, or not"));
    m_embedding->setObjectName(QStringLiteral("embeddingFilter"));
    m_audio->addItem(tr("Audio or not"), -1);
    m_audio->addItem(tr("With local audio"), 1);
    m_audio->addItem(tr("Without local audio"), 0);
    m_audio->setToolTip(tr("Segments a file in your audio folders was matched to, or not"));
    m_audio->setObjectName(QStringLiteral("audioFilter"));
    m_audio->hide();
    m_rollup->setToolTip(tr("Also list segments labelled with a descendant class (each once)"));

    m_view->setModel(model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTabKeyNavigation(false); // Tab moves on to the next control, not cell by cell
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->hide();
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(30);
    header->setSectionResizeMode(SegmentTableModel::LabelsColumn, QHeaderView::Stretch);
    // A header click sorts every matching row (on the catalog's thread); a third click goes
    // back to the index's own order.
    header->setSortIndicator(-1, Qt::AscendingOrder);
    header->setSortIndicatorClearable(true);
    m_view->setSortingEnabled(true);
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this] {
        if (m_model->isLoading()) m_status->setText(tr("Sorting…"));
    });
    m_view->installEventFilter(this);
    m_view->viewport()->installEventFilter(this);

    // The filters wrap onto a second row in a narrow window rather than widen it.
    auto *filters = new FlowLayout;
    filters->addWidget(m_split);
    filters->addWidget(m_rollup);
    filters->addWidget(m_rerated);
    filters->addWidget(m_embedding);
    filters->addWidget(m_audio);
    auto *controls = new QHBoxLayout;
    controls->addLayout(filters, 1);
    controls->addWidget(m_status, 0, Qt::AlignTop | Qt::AlignRight);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_view, 1);

    connect(m_split, &QComboBox::currentIndexChanged, this, [this] { requery(); });
    connect(m_rerated, &QComboBox::currentIndexChanged, this, [this] { requery(); });
    connect(m_embedding, &QComboBox::currentIndexChanged, this, [this] { requery(); });
    connect(m_audio, &QComboBox::currentIndexChanged, this, [this] { requery(); });
    connect(m_rollup, &QCheckBox::toggled, this, [this] { requery(); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SegmentPanel::reportCurrent);
    connect(model, &SegmentTableModel::queryLoaded, this, [this](qint64 total) {
        m_status->setText(total == 1 ? tr("1 segment")
                                     : tr("%1 segments").arg(QLocale().toString(total)));
        if (total == 0) Q_EMIT selectionCleared();
        if (m_keepRow >= 0) selectRow(std::exchange(m_keepRow, -1));
    });
    // A selected row whose page arrives later is reported then.
    connect(model, &SegmentTableModel::dataChanged, this, [this] { reportCurrent(); });
    setClass({});
}

int SegmentPanel::columnWidth(int column, bool compact) const {
    const QFontMetrics cells = m_view->fontMetrics();
    const int title = m_view->horizontalHeader()->fontMetrics().horizontalAdvance(
                          SegmentTableModel::columnTitle(column, compact)) +
                      16;
    switch (column) {
    case SegmentTableModel::YtidColumn:
        return cells.horizontalAdvance(QStringLiteral("MMMMMMMMMMM"));
    case SegmentTableModel::StartColumn:
    case SegmentTableModel::EndColumn:
        return std::max(title, cells.horizontalAdvance(QStringLiteral("0000.000")) + 12);
    case SegmentTableModel::SplitColumn:
        return std::max(title, cells.horizontalAdvance(
                                   compact ? splitAbbreviation(Split::UnbalancedTrain)
                                           : splitDisplayName(Split::UnbalancedTrain, true)) +
                                   12);
    default: // the yes-or-blank columns
        return std::max(title, cells.horizontalAdvance(QStringLiteral("yes")) + 12);
    }
}

void SegmentPanel::restoreColumns(const QByteArray &state) {
    m_view->horizontalHeader()->restoreState(state);
    m_compact.reset();
    fitColumns();
}

// A single split makes the Split column say the same on every row, so it goes; a narrow table
// drops End (always Start + 10 s in the release) and shortens titles, so Labels keeps room.
void SegmentPanel::fitColumns() {
    m_view->setColumnHidden(SegmentTableModel::SplitColumn, split().has_value());
    m_view->setColumnHidden(SegmentTableModel::AudioColumn, !m_audioAvailable);
    int full = kLabelsRoom;
    for (int column = 0; column < SegmentTableModel::ColumnCount; ++column)
        if (column != SegmentTableModel::LabelsColumn && !m_view->isColumnHidden(column))
            full += columnWidth(column, false);
    const bool compact = m_view->viewport()->width() < full;
    m_view->setColumnHidden(SegmentTableModel::EndColumn, compact);
    if (m_compact == compact) return; // keep widths the user dragged
    m_compact = compact;
    m_model->setShortHeaders(compact);
    for (int column = 0; column < SegmentTableModel::ColumnCount; ++column)
        if (column != SegmentTableModel::LabelsColumn)
            m_view->setColumnWidth(column, columnWidth(column, compact));
}

void SegmentPanel::setAudioAvailable(bool available) {
    // Unless the Audio filter is in use, the rows stay the same and only their Audio column
    // changes: the selected one is selected again, so that a scan finishing (one runs at every
    // launch with audio folders) does not empty the inspector.
    const bool sameRows = m_audio->currentData().toInt() < 0 || (!available && !m_audioAvailable);
    m_audioAvailable = available;
    m_audio->setVisible(available);
    m_compact.reset(); // the column comes or goes: fit again
    requery(sameRows ? currentRow() : -1);
}

void SegmentPanel::setClass(const QString &mid) {
    m_mid = mid;
    requery();
}

std::optional<Split> SegmentPanel::split() const {
    const int value = m_split->currentData().toInt();
    return value < 0 ? std::nullopt : std::optional<Split>(static_cast<Split>(value));
}

void SegmentPanel::setSplit(std::optional<Split> split) {
    m_split->setCurrentIndex(m_split->findData(split ? splitIndex(*split) : -1));
}

bool SegmentPanel::rollup() const {
    return m_rollup->isChecked();
}
void SegmentPanel::setRollup(bool rollup) {
    m_rollup->setChecked(rollup);
}

void SegmentPanel::requery(int keepRow) {
    fitColumns();
    m_reportedId = -1;
    m_keepRow = keepRow;
    if (keepRow < 0) Q_EMIT selectionCleared();
    if (m_mid.isEmpty()) {
        m_model->clear();
        m_status->setText(tr("No class selected"));
        return;
    }
    SegmentQuery query;
    query.classMid = m_mid.toStdString();
    query.rollup = m_rollup->isChecked();
    query.split = split();
    if (const int rerated = m_rerated->currentData().toInt(); rerated >= 0)
        query.rerated = rerated == 1;
    if (const int embedding = m_embedding->currentData().toInt(); embedding >= 0)
        query.withEmbedding = embedding == 1;
    if (const int audio = m_audio->currentData().toInt(); m_audioAvailable && audio >= 0)
        query.withAudio = audio == 1;
    m_status->setText(tr("Loading…"));
    m_model->setQuery(query);
    Q_EMIT filtersChanged();
}

int SegmentPanel::currentRow() const {
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.row() : -1;
}

const SegmentRow *SegmentPanel::currentSegment() const {
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? m_model->rowAt(current.row()) : nullptr;
}

void SegmentPanel::reportCurrent() {
    const SegmentRow *row = currentSegment();
    if (!row || row->id == m_reportedId) return;
    m_reportedId = row->id;
    Q_EMIT segmentSelected(*row);
}

void SegmentPanel::selectRow(int row) {
    if (row < 0 || row >= m_model->rowCount()) return;
    const QModelIndex index = m_model->index(row, 0);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

bool SegmentPanel::eventFilter(QObject *watched, QEvent *event) {
    if (watched == m_view->viewport() && event->type() == QEvent::Resize) fitColumns();
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            key->modifiers() == Qt::NoModifier) {
            selectRow(m_view->currentIndex().row() + 1);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace audioset::ui
