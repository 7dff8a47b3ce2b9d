#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace audioset {

/// A linear-frequency power spectrogram in dB: `frames` columns in time, each `bins` values
/// from 0 Hz up to half the sample rate.
struct Spectrogram {
    int frames = 0;
    int bins = 0;
    double hopSeconds = 0; // time from one frame to the next
    double binHz = 0;      // frequency from one bin to the next
    std::vector<float> db; // frame-major: db[frame * bins + bin]
    float at(int frame, int bin) const { return db[static_cast<size_t>(frame) * bins + bin]; }
};

/// Hann-windowed short-time Fourier transform (FFTW), `fftSize` samples a frame (a power of
/// two), frames `hop` samples apart.
Spectrogram computeSpectrogram(const std::vector<float> &samples, int sampleRate,
                               int fftSize = 1024, int hop = 256);

/// The lowest and highest sample in each of `columns` equal stretches: a waveform to draw.
std::vector<std::pair<float, float>> waveformEnvelope(const std::vector<float> &samples,
                                                      int columns);

} // namespace audioset
