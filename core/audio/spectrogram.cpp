#include "spectrogram.h"

#include <algorithm>
#include <cmath>
#include <fftw3.h>
#include <map>
#include <memory>
#include <mutex>

namespace audioset {

namespace {

// FFTW's planner is not thread-safe; executing a plan on new arrays is. One plan per size,
// made once under a lock, then shared by every thread.
fftwf_plan planFor(int size) {
    static std::mutex mutex;
    static std::map<int, fftwf_plan> plans;
    std::lock_guard<std::mutex> lock(mutex);
    if (const auto it = plans.find(size); it != plans.end()) return it->second;
    float *in = fftwf_alloc_real(static_cast<size_t>(size));
    fftwf_complex *out = fftwf_alloc_complex(static_cast<size_t>(size / 2 + 1));
    const fftwf_plan plan = fftwf_plan_dft_r2c_1d(size, in, out, FFTW_ESTIMATE);
    fftwf_free(in);
    fftwf_free(out);
    return plans.emplace(size, plan).first->second;
}

struct FftwFree {
    void operator()(void *memory) const { fftwf_free(memory); }
};

} // namespace

Spectrogram computeSpectrogram(const std::vector<float> &samples, int sampleRate, int fftSize,
                               int hop) {
    Spectrogram result;
    if (sampleRate <= 0 || fftSize < 16 || (fftSize & (fftSize - 1)) != 0 || hop <= 0 ||
        samples.size() < static_cast<size_t>(fftSize))
        return result;
    result.bins = fftSize / 2 + 1;
    result.frames = static_cast<int>((samples.size() - static_cast<size_t>(fftSize)) /
                                     static_cast<size_t>(hop)) +
                    1;
    result.hopSeconds = double(hop) / sampleRate;
    result.binHz = double(sampleRate) / fftSize;
    result.db.resize(static_cast<size_t>(result.frames) * result.bins);
    std::vector<float> window(static_cast<size_t>(fftSize));
    for (int i = 0; i < fftSize; ++i)
        window[static_cast<size_t>(i)] =
            0.5f - 0.5f * std::cos(2.0f * float(M_PI) * float(i) / float(fftSize - 1));
    const fftwf_plan plan = planFor(fftSize);
    std::unique_ptr<float, FftwFree> in(fftwf_alloc_real(static_cast<size_t>(fftSize)));
    std::unique_ptr<fftwf_complex, FftwFree> out(
        fftwf_alloc_complex(static_cast<size_t>(result.bins)));
    const float scale = 1.0f / (float(fftSize) * float(fftSize));
    for (int frame = 0; frame < result.frames; ++frame) {
        const float *from = samples.data() + static_cast<size_t>(frame) * hop;
        for (int i = 0; i < fftSize; ++i)
            in.get()[i] = from[i] * window[static_cast<size_t>(i)];
        fftwf_execute_dft_r2c(plan, in.get(), out.get());
        float *row = result.db.data() + static_cast<size_t>(frame) * result.bins;
        for (int bin = 0; bin < result.bins; ++bin) {
            const float re = out.get()[bin][0], im = out.get()[bin][1];
            row[bin] = 10.0f * std::log10(std::max((re * re + im * im) * scale, 1e-12f));
        }
    }
    return result;
}

std::vector<std::pair<float, float>> waveformEnvelope(const std::vector<float> &samples,
                                                      int columns) {
    std::vector<std::pair<float, float>> envelope;
    if (columns <= 0 || samples.empty()) return envelope;
    envelope.reserve(static_cast<size_t>(columns));
    for (int column = 0; column < columns; ++column) {
        const size_t from = samples.size() * static_cast<size_t>(column) / columns;
        const size_t to =
            std::max(from + 1, samples.size() * static_cast<size_t>(column + 1) / columns);
        const auto [low, high] =
            std::minmax_element(samples.begin() + static_cast<long>(from),
                                samples.begin() + static_cast<long>(std::min(to, samples.size())));
        envelope.emplace_back(*low, *high);
    }
    return envelope;
}

} // namespace audioset
