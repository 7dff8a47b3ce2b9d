#include "avdecode.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "libav.h"

namespace audioset::avdecode {

namespace {

// FFmpeg, loaded by openInput (every decode's first call) before anything below runs.
const LibAv &av() {
    std::string unused;
    return *loadLibAv(unused);
}

struct CloseInput {
    void operator()(AVFormatContext *context) const { av().avformat_close_input(&context); }
};
struct FreeCodec {
    void operator()(AVCodecContext *context) const { av().avcodec_free_context(&context); }
};
struct FreePacket {
    void operator()(AVPacket *packet) const { av().av_packet_free(&packet); }
};
struct FreeFrame {
    void operator()(AVFrame *frame) const { av().av_frame_free(&frame); }
};

std::string describe(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av().av_strerror(code, text, sizeof text);
    return text;
}

struct Input {
    std::unique_ptr<AVFormatContext, CloseInput> format;
    std::unique_ptr<AVCodecContext, FreeCodec> codec;
    int stream = -1;
};

// Opens the file's best audio stream, checking what it claims before anything is sized by it.
bool openInput(const std::string &path, Input &input, std::string &error) {
    if (!loadLibAv(error)) {
        error = "cannot decode " + path + ": " + error;
        return false;
    }
    AVFormatContext *format = nullptr;
    if (const int code = av().avformat_open_input(&format, path.c_str(), nullptr, nullptr);
        code < 0) {
        error = "cannot decode " + path + ": " + describe(code);
        return false;
    }
    input.format.reset(format);
    if (const int code = av().avformat_find_stream_info(format, nullptr); code < 0) {
        error = "cannot decode " + path + ": " + describe(code);
        return false;
    }
    const AVCodec *decoder = nullptr;
    input.stream = av().av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0);
    if (input.stream < 0 || !decoder) {
        error = "cannot decode " + path + ": it holds no audio stream this build can decode";
        return false;
    }
    input.codec.reset(av().avcodec_alloc_context3(decoder));
    const AVCodecParameters *parameters = format->streams[input.stream]->codecpar;
    if (!input.codec || av().avcodec_parameters_to_context(input.codec.get(), parameters) < 0 ||
        av().avcodec_open2(input.codec.get(), decoder, nullptr) < 0) {
        error = "cannot decode " + path + ": cannot open its " + decoder->name + " decoder";
        return false;
    }
    const int rate = input.codec->sample_rate, channels = input.codec->ch_layout.nb_channels;
    if (rate < 1000 || rate > 768000 || channels < 1 || channels > 64) {
        error = "cannot decode " + path + ": the stream claims " + std::to_string(channels) +
                " channels at " + std::to_string(rate) + " Hz";
        return false;
    }
    return true;
}

// Mixes samples [first, last) of one frame's channels into `samples`, as floats in [-1, 1].
template <typename Sample>
void mixFrame(const AVFrame &frame, bool planar, int first, int last, double scale, double bias,
              std::vector<float> &samples) {
    const int channels = frame.ch_layout.nb_channels;
    const auto *packed = reinterpret_cast<const Sample *>(frame.extended_data[0]);
    for (int index = first; index < last; ++index) {
        double sum = 0;
        for (int channel = 0; channel < channels; ++channel) {
            const Sample value =
                planar ? reinterpret_cast<const Sample *>(frame.extended_data[channel])[index]
                       : packed[index * channels + channel];
            sum += (double(value) - bias) * scale;
        }
        samples.push_back(float(sum / channels));
    }
}

// Appends the frame's samples from `skip` on, channels averaged, up to `wanted` in all. The
// sample format is resolved once per frame, not per sample.
void appendMono(const AVFrame &frame, int skip, size_t wanted, std::vector<float> &samples) {
    const auto format = static_cast<AVSampleFormat>(frame.format);
    const bool planar = av().av_sample_fmt_is_planar(format);
    const int first = std::max(0, skip);
    const int last = static_cast<int>(std::min<size_t>(
        size_t(frame.nb_samples), size_t(first) + (wanted - std::min(wanted, samples.size()))));
    if (first >= last) return;
    switch (av().av_get_packed_sample_fmt(format)) {
    case AV_SAMPLE_FMT_U8:
        return mixFrame<uint8_t>(frame, planar, first, last, 1 / 128.0, 128, samples);
    case AV_SAMPLE_FMT_S16:
        return mixFrame<int16_t>(frame, planar, first, last, 1 / 32768.0, 0, samples);
    case AV_SAMPLE_FMT_S32:
        return mixFrame<int32_t>(frame, planar, first, last, 1 / 2147483648.0, 0, samples);
    case AV_SAMPLE_FMT_S64:
        return mixFrame<int64_t>(frame, planar, first, last, 1 / 9223372036854775808.0, 0, samples);
    case AV_SAMPLE_FMT_FLT:
        return mixFrame<float>(frame, planar, first, last, 1, 0, samples);
    case AV_SAMPLE_FMT_DBL:
        return mixFrame<double>(frame, planar, first, last, 1, 0, samples);
    default: // no decoder this build has gives another format; silence rather than garbage
        samples.insert(samples.end(), size_t(last - first), 0.0f);
    }
}

// The length the file states (its audio stream's, else the container's); 0 when it states none.
double statedSeconds(const Input &input) {
    const AVStream *stream = input.format->streams[input.stream];
    if (stream->duration > 0) return stream->duration * av_q2d(stream->time_base);
    if (input.format->duration > 0) return input.format->duration / double(AV_TIME_BASE);
    return 0;
}

} // namespace

std::optional<double> duration(const std::string &path, std::string &error) {
    Input input;
    if (!openInput(path, input, error)) return std::nullopt;
    if (const double seconds = statedSeconds(input); seconds > 0) return seconds;
    error = "cannot decode " + path + ": its length is not stated in the file";
    return std::nullopt;
}

std::optional<DecodedAudio> decode(const std::string &path, double offsetSeconds, double seconds,
                                   std::string &error) {
    Input input;
    if (!openInput(path, input, error)) return std::nullopt;
    AVStream *stream = input.format->streams[input.stream];
    const double timeBase = av_q2d(stream->time_base);
    DecodedAudio audio;
    audio.sampleRate = input.codec->sample_rate;
    audio.fileSeconds = statedSeconds(input);
    offsetSeconds = std::max(0.0, offsetSeconds);
    if (offsetSeconds > 0) {
        const auto target = static_cast<int64_t>(offsetSeconds / timeBase);
        if (av().av_seek_frame(input.format.get(), input.stream, target, AVSEEK_FLAG_BACKWARD) <
            0) {
            error = "cannot decode " + path + ": cannot seek to " + std::to_string(offsetSeconds) +
                    " s";
            return std::nullopt;
        }
        av().avcodec_flush_buffers(input.codec.get());
    }
    audio.offsetSeconds = offsetSeconds;
    const auto wanted = static_cast<size_t>(std::max(0.0, seconds) * audio.sampleRate);
    audio.samples.reserve(wanted);
    std::unique_ptr<AVPacket, FreePacket> packet(av().av_packet_alloc());
    std::unique_ptr<AVFrame, FreeFrame> frame(av().av_frame_alloc());
    bool draining = false;
    while (audio.samples.size() < wanted) {
        if (!draining) {
            const int read = av().av_read_frame(input.format.get(), packet.get());
            if (read < 0) {
                draining = true; // the file ends (or is cut short): take what the decoder holds
                av().avcodec_send_packet(input.codec.get(), nullptr);
            } else {
                const bool ours = packet->stream_index == input.stream;
                // A damaged packet is skipped, as a player would; what decodes is kept.
                if (ours) av().avcodec_send_packet(input.codec.get(), packet.get());
                av().av_packet_unref(packet.get());
                if (!ours) continue;
            }
        }
        int received = 0;
        while (audio.samples.size() < wanted &&
               (received = av().avcodec_receive_frame(input.codec.get(), frame.get())) == 0) {
            // Frames before the offset (the seek lands on the packet before it) are cut.
            int skip = 0;
            if (frame->best_effort_timestamp != AV_NOPTS_VALUE && audio.samples.empty()) {
                const double at = frame->best_effort_timestamp * timeBase;
                skip = static_cast<int>(std::lround((offsetSeconds - at) * audio.sampleRate));
            }
            if (skip < frame->nb_samples) appendMono(*frame, skip, wanted, audio.samples);
            av().av_frame_unref(frame.get());
        }
        if (draining && received != 0) break; // drained (or nothing more will come)
    }
    if (audio.samples.empty() && wanted > 0) {
        error = "cannot decode " + path + ": no samples could be read from " +
                std::to_string(offsetSeconds) + " s";
        return std::nullopt;
    }
    return audio;
}

} // namespace audioset::avdecode
