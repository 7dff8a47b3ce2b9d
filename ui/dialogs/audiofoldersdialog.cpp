#include "audiofoldersdialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace audioset::ui {

AudioFoldersDialog::AudioFoldersDialog(QWidget *parent)
    : QDialog(parent)
    , m_list(new QListWidget(this)) {
    setWindowTitle(tr("Audio Folders"));
    auto *intro = new QLabel(
        tr("Folders with your own copies of the clips. Files named Y<id>.wav (as the PANNs "
           "code names them), <id>.flac or <id>_<start>[_<end>].mp3 (start in seconds or "
           "milliseconds), in one folder or one per split, are matched to their segments; the "
           "match is kept in the index and only what changed is read again."),
        this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    auto *add = new QPushButton(tr("Add…"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    remove->setToolTip(tr("Take the selected folders off the list (Delete); what they matched "
                          "is forgotten"));
    m_list->installEventFilter(this); // Delete in the list (the list keeps the key otherwise)
    connect(add, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("An audio folder"));
        if (!dir.isEmpty() && m_list->findItems(dir, Qt::MatchExactly).isEmpty())
            m_list->addItem(dir);
    });
    connect(remove, &QPushButton::clicked, this, [this] { qDeleteAll(m_list->selectedItems()); });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *scan = buttons->addButton(tr("Scan Now"), QDialogButtonBox::AcceptRole);
    scan->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *row = new QHBoxLayout;
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addLayout(row);
    layout->addWidget(buttons);
    setFolders(remembered());
    resize(520, 360);
}

bool AudioFoldersDialog::eventFilter(QObject *watched, QEvent *event) {
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Delete) || key->key() == Qt::Key_Backspace) {
            qDeleteAll(m_list->selectedItems());
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

QStringList AudioFoldersDialog::folders() const {
    QStringList folders;
    for (int row = 0; row < m_list->count(); ++row)
        folders << m_list->item(row)->text();
    return folders;
}

void AudioFoldersDialog::setFolders(const QStringList &folders) {
    m_list->clear();
    m_list->addItems(folders);
}

QStringList AudioFoldersDialog::remembered() {
    return QSettings().value(QStringLiteral("audio/folders")).toStringList();
}

void AudioFoldersDialog::remember(const QStringList &folders) {
    QSettings().setValue(QStringLiteral("audio/folders"), folders);
}

} // namespace audioset::ui
