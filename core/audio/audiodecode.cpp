#include "audiodecode.h"
#include "avdecode.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <sndfile.h>

namespace audioset {

namespace {

struct CloseFile {
    void operator()(SNDFILE *file) const { sf_close(file); }
};
using File = std::unique_ptr<SNDFILE, CloseFile>;

// Opens and checks what the header claims, so a corrupt header cannot size a buffer.
File openChecked(const std::string &path, SF_INFO &info, std::string &error) {
    info = {};
    File file(sf_open(path.c_str(), SFM_READ, &info));
    if (!file) {
        error = "cannot decode " + path + ": " + sf_strerror(nullptr);
        return nullptr;
    }
    if (info.samplerate < 1000 || info.samplerate > 768000 || info.channels < 1 ||
        info.channels > 64 || info.frames < 0) {
        error = "cannot decode " + path + ": the header claims " + std::to_string(info.channels) +
                " channels at " + std::to_string(info.samplerate) + " Hz";
        return nullptr;
    }
    return file;
}

// What libsndfile reads; the rest (m4a, webm) goes to FFmpeg's decoders.
bool forLibsndfile(const std::string &path) {
    const size_t dot = path.rfind('.');
    std::string extension = dot == path.npos ? "" : path.substr(dot + 1);
    for (char &c : extension)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char *known : {"wav", "flac", "ogg", "oga", "opus", "mp3"})
        if (extension == known) return true;
    return false;
}

} // namespace

std::optional<double> audioDuration(const std::string &path, std::string &error) {
    if (!forLibsndfile(path)) return avdecode::duration(path, error);
    SF_INFO info;
    const File file = openChecked(path, info, error);
    if (!file) return std::nullopt;
    return double(info.frames) / info.samplerate;
}

std::optional<DecodedAudio> decodeAudio(const std::string &path, double offsetSeconds,
                                        double seconds, std::string &error) {
    if (!forLibsndfile(path)) return avdecode::decode(path, offsetSeconds, seconds, error);
    SF_INFO info;
    const File file = openChecked(path, info, error);
    if (!file) return std::nullopt;
    DecodedAudio audio;
    audio.sampleRate = info.samplerate;
    audio.fileSeconds = double(info.frames) / info.samplerate;
    const sf_count_t first = std::clamp<sf_count_t>(
        static_cast<sf_count_t>(offsetSeconds * info.samplerate), 0, info.frames);
    if (first > 0 && sf_seek(file.get(), first, SEEK_SET) < 0) {
        error = "cannot decode " + path + ": cannot seek to " + std::to_string(offsetSeconds) +
                " s: " + sf_strerror(file.get());
        return std::nullopt;
    }
    audio.offsetSeconds = double(first) / info.samplerate;
    const sf_count_t wanted = std::min<sf_count_t>(
        static_cast<sf_count_t>(seconds * info.samplerate), info.frames - first);
    audio.samples.reserve(static_cast<size_t>(std::max<sf_count_t>(0, wanted)));
    std::vector<float> block(static_cast<size_t>(4096 * info.channels));
    for (sf_count_t done = 0; done < wanted;) {
        const sf_count_t read =
            sf_readf_float(file.get(), block.data(), std::min<sf_count_t>(4096, wanted - done));
        if (read <= 0) break; // the file ends early: keep what there is
        for (sf_count_t frame = 0; frame < read; ++frame) {
            float sum = 0;
            for (int channel = 0; channel < info.channels; ++channel)
                sum += block[static_cast<size_t>(frame * info.channels + channel)];
            audio.samples.push_back(sum / float(info.channels));
        }
        done += read;
    }
    if (audio.samples.empty() && wanted > 0) {
        error = "cannot decode " + path + ": no samples could be read (" + sf_strerror(file.get()) +
                ")";
        return std::nullopt;
    }
    return audio;
}

} // namespace audioset
