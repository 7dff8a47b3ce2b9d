#pragma once

#include "audiopicture.h"

#include <QFutureWatcher>
#include <QWidget>

class QAudioOutput;
class QLabel;
class QMediaPlayer;
class QPushButton;

namespace audioset::ui {

/// A segment's local audio: Play / Pause and Play From Start, and the picture (waveform,
/// spectrogram, VGGish frames) with the playing position. Finding the file, decoding and the
/// spectrogram run off the GUI thread; a missing audio device still leaves the pictures.
class AudioView : public QWidget {
    Q_OBJECT
public:
    explicit AudioView(QWidget *parent = nullptr);
    ~AudioView() override;

    /// The index whose audio matches are looked up (empty: none).
    void setIndexPath(const QString &path) { m_indexPath = path; }
    /// Looks the segment's audio up; the view says so when there is none.
    void showSegment(const QString &ytid, qint64 startMs);
    void setFrames(std::vector<float> values, int frames) {
        m_picture->setFrames(std::move(values), frames);
    }
    void clear();
    /// Looks the shown segment's audio up again when it had none (a scan may have found it).
    void lookAgain();
    /// Plays the segment's 10 s from where it was paused, or pauses.
    void togglePlay();
    /// Plays from the segment's start.
    void playFromStart();
    bool hasAudio() const { return !m_path.isEmpty(); }
    bool isPlaying() const;
    QString message() const;
    AudioPicture *picture() const { return m_picture; }
    /// Play by itself when a segment's audio is shown (the review's setting).
    void setAutoPlay(bool autoPlay) { m_autoPlay = autoPlay; }

Q_SIGNALS:
    /// The picture (or the reason there is none) is shown.
    void pictureShown();

private:
    struct Found {
        AudioPictureData picture;
        QString message; // why there is no audio
    };
    void present(const Found &found);
    void startPlayer(double fromSeconds);
    void followPosition(qint64 milliseconds);
    void setPlayerShown(bool shown);

    QString m_indexPath;
    QString m_ytid; // the segment shown
    qint64 m_startMs = 0;
    QString m_path;
    double m_offset = 0; // the segment's start in the file, seconds
    double m_length = 0; // seconds of the segment in the file
    bool m_autoPlay = false;
    quint64 m_generation = 0;
    QPushButton *m_play;
    QPushButton *m_replay;
    QLabel *m_status;
    AudioPicture *m_picture;
    QMediaPlayer *m_player = nullptr; // made at the first play: no device, no cost
    QAudioOutput *m_output = nullptr;
    QFutureWatcher<Found> m_watcher;
};

} // namespace audioset::ui
