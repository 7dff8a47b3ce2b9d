#include "audioview.h"

#include "audiolibrary.h"
#include "flowlayout.h"

#include <QAudioDevice>
#include <QAudioOutput>
#include <QFileInfo>
#include <QLabel>
#include <QMediaDevices>
#include <QMediaPlayer>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace audioset::ui {

AudioView::AudioView(QWidget *parent)
    : QWidget(parent)
    , m_play(new QPushButton(tr("Play"), this))
    , m_replay(new QPushButton(tr("From Start"), this))
    , m_status(new QLabel(this))
    , m_picture(new AudioPicture(this)) {
    m_play->setToolTip(tr("Play or pause the segment's 10 seconds (Space)"));
    m_replay->setToolTip(tr("Play the segment again from its start (R)"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_play, &QPushButton::clicked, this, &AudioView::togglePlay);
    connect(m_replay, &QPushButton::clicked, this, &AudioView::playFromStart);
    auto *buttons = new FlowLayout;
    buttons->addWidget(m_play);
    buttons->addWidget(m_replay);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_picture, 1);
    connect(&m_watcher, &QFutureWatcher<Found>::finished, this,
            [this] { present(m_watcher.result()); });
    clear();
}

AudioView::~AudioView() {
    m_watcher.waitForFinished();
}

void AudioView::clear() {
    ++m_generation;
    m_ytid.clear();
    m_path.clear();
    if (m_player) m_player->stop();
    m_picture->clear();
    m_play->setEnabled(false);
    m_replay->setEnabled(false);
    setPlayerShown(false);
    m_status->setText(tr("No local audio (File ▸ Audio Folders… to add yours)."));
}

void AudioView::lookAgain() {
    if (!m_ytid.isEmpty() && !hasAudio()) showSegment(m_ytid, m_startMs);
}

void AudioView::showSegment(const QString &ytid, qint64 startMs) {
    clear();
    if (m_indexPath.isEmpty()) return;
    m_ytid = ytid;
    m_startMs = startMs;
    m_status->setText(tr("Looking for its audio…"));
    const quint64 generation = m_generation;
    const QString db = m_indexPath;
    m_watcher.setFuture(QtConcurrent::run([db, ytid, startMs] {
        Found found;
        std::string error;
        auto library = AudioLibrary::open(db.toStdString(), error, true);
        if (!library) {
            found.message = tr("No local audio (File ▸ Audio Folders… to add yours).");
            return found;
        }
        const auto location = library->find(ytid.toStdString(), startMs, error);
        if (!location) {
            found.message = QString::fromStdString(error);
            return found;
        }
        found.picture =
            makeAudioPicture(QString::fromStdString(location->path), location->offsetSeconds);
        return found;
    }));
    m_watcher.setProperty("generation", generation);
}

void AudioView::present(const Found &found) {
    if (m_watcher.property("generation").toULongLong() != m_generation) return;
    if (!found.message.isEmpty() || !found.picture.error.isEmpty()) {
        m_status->setText(found.message.isEmpty() ? found.picture.error : found.message);
        Q_EMIT pictureShown();
        return;
    }
    m_path = found.picture.path;
    m_offset = found.picture.offsetSeconds;
    m_length = found.picture.seconds;
    m_picture->setPicture(found.picture);
    setPlayerShown(true);
    const bool device = !QMediaDevices::audioOutputs().isEmpty();
    m_play->setEnabled(device);
    m_replay->setEnabled(device);
    QString where = QFileInfo(m_path).fileName();
    if (m_offset > 0) where += tr(" from %1 s").arg(m_offset);
    m_status->setText(
        device ? where : tr("%1 · no audio output device: the pictures still show").arg(where));
    Q_EMIT pictureShown();
    if (m_autoPlay && device) playFromStart();
}

// Without audio the view is one line, so the inspector keeps its room for the rest.
void AudioView::setPlayerShown(bool shown) {
    for (QWidget *part : std::initializer_list<QWidget *>{m_play, m_replay, m_picture})
        part->setVisible(shown);
}

bool AudioView::isPlaying() const {
    return m_player && m_player->playbackState() == QMediaPlayer::PlayingState;
}

QString AudioView::message() const {
    return m_status->text();
}

void AudioView::togglePlay() {
    if (!hasAudio() || !m_play->isEnabled()) return;
    if (isPlaying()) {
        m_player->pause();
        m_play->setText(tr("Play"));
        return;
    }
    const double at = m_player && m_player->source() == QUrl::fromLocalFile(m_path)
                          ? m_player->position() / 1000.0
                          : m_offset;
    startPlayer(at >= m_offset + m_length - 0.05 ? m_offset : at);
}

void AudioView::playFromStart() {
    if (hasAudio() && m_play->isEnabled()) startPlayer(m_offset);
}

void AudioView::startPlayer(double fromSeconds) {
    if (!m_player) {
        m_player = new QMediaPlayer(this);
        m_output = new QAudioOutput(this);
        m_player->setAudioOutput(m_output);
        connect(m_player, &QMediaPlayer::positionChanged, this, &AudioView::followPosition);
        connect(m_player, &QMediaPlayer::errorOccurred, this,
                [this](QMediaPlayer::Error, const QString &text) {
                    m_status->setText(tr("Cannot play %1: %2").arg(m_path, text));
                });
    }
    const QUrl source = QUrl::fromLocalFile(m_path);
    if (m_player->source() != source) m_player->setSource(source);
    m_player->setPosition(qint64(fromSeconds * 1000));
    m_player->play();
    m_play->setText(tr("Pause"));
}

// The line follows the sound; the segment's end stops it (a whole video plays on otherwise).
void AudioView::followPosition(qint64 milliseconds) {
    const double seconds = milliseconds / 1000.0 - m_offset;
    m_picture->setPosition(seconds);
    if (seconds >= m_length && isPlaying()) {
        m_player->pause();
        m_play->setText(tr("Play"));
    }
}

} // namespace audioset::ui
