#include "audiopicture.h"

#include "audiodecode.h"
#include "colormap.h"
#include "spectrogram.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

namespace audioset::ui {

namespace {

constexpr double kSegmentSeconds = 10.0;
constexpr int kLeft = 44, kRight = 16, kWaveHeight = 30, kFramesHeight = 28, kAxis = 16, kGap = 3;
constexpr float kDynamicRangeDb = 80.0f;

QImage spectrogramImage(const Spectrogram &spectrogram) {
    QImage image(spectrogram.frames, spectrogram.bins, QImage::Format_RGB32);
    const float top = *std::max_element(spectrogram.db.begin(), spectrogram.db.end());
    const Colormap &colors = Colormap::viridis();
    for (int bin = 0; bin < spectrogram.bins; ++bin) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(spectrogram.bins - 1 - bin));
        for (int frame = 0; frame < spectrogram.frames; ++frame)
            line[frame] = colors.at(double(spectrogram.at(frame, bin) - (top - kDynamicRangeDb)) /
                                    kDynamicRangeDb);
    }
    return image;
}

} // namespace

AudioPictureData makeAudioPicture(const QString &path, double offsetSeconds) {
    AudioPictureData picture;
    picture.path = path;
    std::string error;
    const auto audio = decodeAudio(path.toStdString(), offsetSeconds, kSegmentSeconds, error);
    if (!audio) {
        picture.error = QString::fromStdString(error);
        return picture;
    }
    picture.offsetSeconds = audio->offsetSeconds;
    picture.seconds = double(audio->samples.size()) / audio->sampleRate;
    picture.maxHz = audio->sampleRate / 2.0;
    picture.envelope = waveformEnvelope(audio->samples, 1000);
    const Spectrogram spectrogram = computeSpectrogram(audio->samples, audio->sampleRate);
    if (spectrogram.frames > 0) picture.spectrogram = spectrogramImage(spectrogram);
    return picture;
}

AudioPicture::AudioPicture(QWidget *parent)
    : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setMaximumHeight(360); // beyond this the frequencies only get coarser to the eye
}

QSize AudioPicture::sizeHint() const {
    return {360, kWaveHeight + 140 + kFramesHeight + kAxis + 3 * kGap};
}

QSize AudioPicture::minimumSizeHint() const {
    return {200, 170}; // below this the spectrogram is unreadable: the inspector scrolls
}

void AudioPicture::setPicture(AudioPictureData picture) {
    m_picture = std::move(picture);
    update();
}

void AudioPicture::setFrames(std::vector<float> values, int frames) {
    m_frames = QImage();
    if (frames <= 0 || values.size() < size_t(frames) * 128) {
        update();
        return;
    }
    m_frames = QImage(frames, 128, QImage::Format_RGB32);
    const Colormap &colors = Colormap::viridis();
    for (int frame = 0; frame < frames; ++frame)
        for (int dim = 0; dim < 128; ++dim)
            m_frames.setPixel(frame, dim, colors.at(int(values[size_t(frame) * 128 + dim])));
    update();
}

void AudioPicture::clear() {
    m_picture = {};
    m_frames = QImage();
    m_position = -1;
    update();
}

void AudioPicture::setPosition(double seconds) {
    m_position = seconds;
    update();
}

QRect AudioPicture::waveRect() const {
    return {kLeft, 0, width() - kLeft - kRight, kWaveHeight};
}

QRect AudioPicture::spectrogramRect() const {
    const int top = kWaveHeight + kGap;
    return {kLeft, top, width() - kLeft - kRight,
            std::max(8, height() - top - kGap - kFramesHeight - kGap - kAxis)};
}

QRect AudioPicture::framesRect() const {
    const QRect spectrogram = spectrogramRect();
    return {kLeft, spectrogram.bottom() + 1 + kGap, spectrogram.width(), kFramesHeight};
}

double AudioPicture::secondsAt(int x) const {
    const QRect wave = waveRect();
    return std::clamp(double(x - wave.left()) / std::max(1, wave.width()) * kSegmentSeconds, 0.0,
                      kSegmentSeconds);
}

QString AudioPicture::describe(QPoint point) const {
    if (point.x() < kLeft || m_picture.seconds <= 0) return {};
    const double seconds = secondsAt(point.x());
    const QString time = QStringLiteral("%1 s").arg(seconds, 0, 'f', 2);
    const QRect spectrogram = spectrogramRect();
    if (spectrogram.contains(point)) {
        const double hz =
            (spectrogram.bottom() - point.y()) / double(spectrogram.height()) * m_picture.maxHz;
        return tr("%1 · %2 Hz").arg(time, QLocale().toString(qRound(hz)));
    }
    if (framesRect().contains(point) && !m_frames.isNull()) {
        const int dim = (point.y() - framesRect().top()) * 128 / framesRect().height();
        return tr("%1 · VGGish frame %2, dimension %3").arg(time).arg(int(seconds)).arg(dim);
    }
    return time;
}

void AudioPicture::mouseMoveEvent(QMouseEvent *event) {
    const QString text = describe(event->position().toPoint());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void AudioPicture::paintEvent(QPaintEvent *) {
    QPainter painter(this);
    const QPalette colors = palette();
    const QRect wave = waveRect(), spectrogram = spectrogramRect(), frames = framesRect();
    const double pixelsPerSecond = wave.width() / kSegmentSeconds;
    painter.fillRect(wave, colors.base());
    if (!m_picture.envelope.empty()) {
        painter.setPen(colors.color(QPalette::Highlight));
        const int drawn = int(m_picture.seconds * pixelsPerSecond);
        const int middle = wave.center().y(), half = wave.height() / 2 - 1;
        for (int x = 0; x < drawn; ++x) {
            const auto &[low, high] =
                m_picture
                    .envelope[size_t(x) * m_picture.envelope.size() / size_t(std::max(1, drawn))];
            painter.drawLine(wave.left() + x, middle - int(high * half), wave.left() + x,
                             middle - int(low * half));
        }
    }
    if (!m_picture.spectrogram.isNull())
        painter.drawImage(QRect(spectrogram.left(), spectrogram.top(),
                                int(m_picture.seconds * pixelsPerSecond), spectrogram.height()),
                          m_picture.spectrogram);
    else
        painter.fillRect(spectrogram, colors.base());
    if (!m_frames.isNull())
        painter.drawImage(QRect(frames.left(), frames.top(),
                                int(m_frames.width() * pixelsPerSecond), frames.height()),
                          m_frames);
    // Labels: kHz on the spectrogram, seconds on the axis.
    painter.setPen(colors.color(QPalette::WindowText));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    if (m_picture.maxHz > 0) {
        painter.drawText(QRect(0, spectrogram.top(), kLeft - 4, 14), Qt::AlignRight,
                         tr("%1 kHz").arg(m_picture.maxHz / 1000, 0, 'f', 0));
        painter.drawText(QRect(0, spectrogram.bottom() - 13, kLeft - 4, 14), Qt::AlignRight,
                         tr("0"));
    }
    painter.drawText(QRect(0, wave.top(), kLeft - 4, wave.height()),
                     Qt::AlignRight | Qt::AlignVCenter, tr("wave"));
    painter.drawText(QRect(0, frames.top(), kLeft - 4, frames.height()),
                     Qt::AlignRight | Qt::AlignVCenter, tr("VGGish"));
    for (int second = 0; second <= 10; second += 2) {
        const int x = wave.left() + int(second * pixelsPerSecond);
        painter.drawLine(x, frames.bottom() + 1, x, frames.bottom() + 4);
        painter.drawText(QRect(x - 20, frames.bottom() + 3, 40, kAxis), Qt::AlignHCenter,
                         tr("%1 s").arg(second));
    }
    if (m_position >= 0) {
        const int x = wave.left() + int(m_position * pixelsPerSecond);
        painter.setPen(QPen(QColor(0xff, 0x40, 0x40), 2));
        painter.drawLine(x, wave.top(), x, frames.bottom());
    }
}

} // namespace audioset::ui
