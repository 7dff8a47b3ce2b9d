#pragma once

#include <QImage>
#include <QString>
#include <QWidget>
#include <utility>
#include <vector>

namespace audioset::ui {

/// What a segment's sound looks like, ready to draw: made off the GUI thread.
struct AudioPictureData {
    QString path;
    double offsetSeconds = 0; // where the segment starts in the file
    double seconds = 0;       // how much of it was decoded (10 s, or less when the file ends)
    double maxHz = 0;         // the spectrogram's top
    QImage spectrogram;       // time left to right, frequency bottom to top
    std::vector<std::pair<float, float>> envelope;
    QString error;
};

/// Decodes 10 s of `path` from `offsetSeconds` and computes its waveform and spectrogram.
AudioPictureData makeAudioPicture(const QString &path, double offsetSeconds);

/// The waveform over the spectrogram over the VGGish frames, all on one time axis of 10 s (so
/// a second of sound sits above its frame), with the playing position as a line. Hovering
/// says the time, and the frequency over the spectrogram.
class AudioPicture : public QWidget {
    Q_OBJECT
public:
    explicit AudioPicture(QWidget *parent = nullptr);

    void setPicture(AudioPictureData picture);
    /// The segment's embedding frames (frames x 128), drawn as columns under the spectrogram.
    void setFrames(std::vector<float> values, int frames);
    void clear();
    /// Seconds into the segment, or a negative value for none.
    void setPosition(double seconds);
    double position() const { return m_position; }
    const AudioPictureData &picture() const { return m_picture; }
    /// What hovering at `point` says (for tests): "3.4 s · 1,250 Hz".
    QString describe(QPoint point) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    QRect waveRect() const;
    QRect spectrogramRect() const;
    QRect framesRect() const;
    double secondsAt(int x) const;

    AudioPictureData m_picture;
    QImage m_frames;
    double m_position = -1;
};

} // namespace audioset::ui
