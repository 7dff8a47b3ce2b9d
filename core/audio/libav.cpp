#include "libav.h"

#include <dlfcn.h>
#include <mutex>

namespace audioset {

namespace {

struct Loaded {
    LibAv functions;
    std::string error; // empty when every function was found
};

// The libraries whose major versions the headers were built against.
void *openLibrary(const std::string &name, int major, std::string &error) {
    const std::string soname = name + ".so." + std::to_string(major);
    void *handle = ::dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle && error.empty()) error = "cannot load " + soname + " (FFmpeg): " + ::dlerror();
    return handle;
}

template <typename Function>
void find(void *library, const char *name, Function &into, std::string &error) {
    if (library) into = reinterpret_cast<Function>(::dlsym(library, name));
    if (library && !into && error.empty()) error = std::string("FFmpeg lacks ") + name;
}

Loaded load() {
    Loaded loaded;
    std::string &error = loaded.error;
    LibAv &f = loaded.functions;
    void *util = openLibrary("libavutil", LIBAVUTIL_VERSION_MAJOR, error);
    void *codec = openLibrary("libavcodec", LIBAVCODEC_VERSION_MAJOR, error);
    void *format = openLibrary("libavformat", LIBAVFORMAT_VERSION_MAJOR, error);
    find(format, "avformat_open_input", f.avformat_open_input, error);
    find(format, "avformat_find_stream_info", f.avformat_find_stream_info, error);
    find(format, "avformat_close_input", f.avformat_close_input, error);
    find(format, "av_find_best_stream", f.av_find_best_stream, error);
    find(format, "av_read_frame", f.av_read_frame, error);
    find(format, "av_seek_frame", f.av_seek_frame, error);
    find(codec, "avcodec_alloc_context3", f.avcodec_alloc_context3, error);
    find(codec, "avcodec_free_context", f.avcodec_free_context, error);
    find(codec, "avcodec_parameters_to_context", f.avcodec_parameters_to_context, error);
    find(codec, "avcodec_open2", f.avcodec_open2, error);
    find(codec, "avcodec_flush_buffers", f.avcodec_flush_buffers, error);
    find(codec, "avcodec_send_packet", f.avcodec_send_packet, error);
    find(codec, "avcodec_receive_frame", f.avcodec_receive_frame, error);
    find(codec, "av_packet_alloc", f.av_packet_alloc, error);
    find(codec, "av_packet_free", f.av_packet_free, error);
    find(codec, "av_packet_unref", f.av_packet_unref, error);
    find(util, "av_frame_alloc", f.av_frame_alloc, error);
    find(util, "av_frame_free", f.av_frame_free, error);
    find(util, "av_frame_unref", f.av_frame_unref, error);
    find(util, "av_strerror", f.av_strerror, error);
    find(util, "av_log_set_level", f.av_log_set_level, error);
    find(util, "av_sample_fmt_is_planar", f.av_sample_fmt_is_planar, error);
    find(util, "av_get_packed_sample_fmt", f.av_get_packed_sample_fmt, error);
    if (error.empty()) f.av_log_set_level(AV_LOG_QUIET);
    return loaded; // the libraries stay loaded for the process's life
}

} // namespace

const LibAv *loadLibAv(std::string &error) {
    static std::once_flag once;
    static Loaded loaded;
    std::call_once(once, [] { loaded = load(); });
    if (!loaded.error.empty()) {
        error = loaded.error;
        return nullptr;
    }
    return &loaded.functions;
}

} // namespace audioset
