#include "audiosetrecord.h"
#include "littleendian.h"

#include "release/proto/sequenceexample.pb.h"
#include "sequenceexamplewire.h"
#include "youtubeid.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace audioset {

namespace {

std::optional<std::string> checkSeconds(const char *field, float seconds) {
    if (isValidRecordSeconds(seconds)) return std::nullopt;
    char value[32];
    std::snprintf(value, sizeof value, "%g", static_cast<double>(seconds));
    return std::string(field) + " is " + value +
           "; expected a finite number of seconds from 0 to 1e9";
}

// Every frame a single 128-byte string, or what is wrong; only then appended to `frames`, with
// their offsets where `recordStart` locates them in the record (null when they point elsewhere).
std::optional<std::string> checkFrames(const WireSequenceExample &parsed, const char *recordStart,
                                       AudioSetRecord &out, std::string &frames) {
    using Kind = WireFeature::Kind;
    out.frameOffsets.clear();
    for (size_t i = 0; i < parsed.frames.size(); ++i) {
        const WireFeature &frame = parsed.frames[i];
        if (frame.kind != Kind::Bytes || frame.bytesCount != 1)
            return "frame " + std::to_string(i) + " is not a single byte string";
        if (frame.lastBytes.size() != kEmbeddingDims)
            return "frame " + std::to_string(i) + " is " + std::to_string(frame.lastBytes.size()) +
                   " bytes, expected 128";
    }
    for (const WireFeature &frame : parsed.frames) {
        frames.append(frame.lastBytes.data(), kEmbeddingDims);
        if (recordStart)
            out.frameOffsets.push_back(static_cast<uint32_t>(frame.lastBytes.data() - recordStart));
    }
    return std::nullopt;
}

// Checks what either parser found and fills `out`, appending the frames to `frames`.
std::optional<std::string> recordFromParsed(const WireSequenceExample &parsed,
                                            const char *recordStart, AudioSetRecord &out,
                                            std::string &frames) {
    using Kind = WireFeature::Kind;
    const WireFeature &videoId = parsed.videoId;
    if (!parsed.hasVideoId || videoId.kind != Kind::Bytes || videoId.bytesCount != 1)
        return std::string("no video_id in the record's context");
    out.ytid.assign(videoId.lastBytes.data(), videoId.lastBytes.size());
    if (!isValidYoutubeId(out.ytid))
        return "video_id '" + out.ytid.substr(0, 40) + "' is not a YouTube id";
    auto firstFloat = [](bool has, const WireFeature &feature) {
        return has && feature.kind == Kind::Floats ? feature.firstFloat : std::nullopt;
    };
    const auto start = firstFloat(parsed.hasStart, parsed.start);
    const auto end = firstFloat(parsed.hasEnd, parsed.end);
    if (!start || !end)
        return std::string("no start_time_seconds / end_time_seconds in the record's context");
    if (auto problem = checkSeconds("start_time_seconds", *start)) return problem;
    if (auto problem = checkSeconds("end_time_seconds", *end)) return problem;
    out.startSeconds = *start;
    out.endSeconds = *end;
    if (!parsed.hasLabels || parsed.labels.kind != Kind::Int64s) out.labels.clear();

    if (!parsed.hasEmbedding) return std::string("no audio_embedding feature list");
    out.frames.clear();
    return checkFrames(parsed, recordStart, out, frames);
}

} // namespace

bool isValidRecordSeconds(float seconds) {
    constexpr float kMaxSeconds = 1e9f;
    return std::isfinite(seconds) && seconds >= 0 && seconds <= kMaxSeconds;
}

std::optional<std::string> AudioSetRecordDecoder::decode(std::string_view bytes,
                                                         AudioSetRecord &out) {
    return decode(bytes, out, out.frames);
}

std::optional<std::string> AudioSetRecordDecoder::decode(std::string_view bytes,
                                                         AudioSetRecord &out, std::string &frames) {
    if (!parseSequenceExampleWire(bytes, m_parsed, out.labels)) {
        out.labels.clear();
        return std::string("not a SequenceExample (the protobuf does not parse)");
    }
    return recordFromParsed(m_parsed, bytes.data(), out, frames);
}

namespace {

WireFeature::Kind kindOf(const tf::Feature &feature) {
    if (feature.has_bytes_list()) return WireFeature::Kind::Bytes;
    if (feature.has_float_list()) return WireFeature::Kind::Floats;
    if (feature.has_int64_list()) return WireFeature::Kind::Int64s;
    return WireFeature::Kind::None;
}

WireFeature summarize(const tf::Feature &feature) {
    WireFeature out;
    out.kind = kindOf(feature);
    out.bytesCount = static_cast<size_t>(feature.bytes_list().value_size());
    if (out.bytesCount) out.lastBytes = std::string_view(*feature.bytes_list().value().rbegin());
    if (feature.float_list().value_size() > 0) out.firstFloat = feature.float_list().value(0);
    return out;
}

} // namespace

// Messages live on an arena that is reset per record: no malloc per field.
struct ProtobufRecordDecoder::Impl {
    Impl()
        : arena(options()) {}
    static google::protobuf::ArenaOptions options() {
        google::protobuf::ArenaOptions options;
        options.start_block_size = 64 * 1024;
        options.max_block_size = 1024 * 1024;
        return options;
    }
    google::protobuf::Arena arena;
};

ProtobufRecordDecoder::ProtobufRecordDecoder()
    : m_impl(std::make_unique<Impl>()) {}

ProtobufRecordDecoder::~ProtobufRecordDecoder() = default;

std::optional<std::string> ProtobufRecordDecoder::decode(std::string_view bytes,
                                                         AudioSetRecord &out) {
    m_impl->arena.Reset();
    tf::SequenceExample &example =
        *google::protobuf::Arena::CreateMessage<tf::SequenceExample>(&m_impl->arena);
    out.labels.clear();
    if (!example.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return std::string("not a SequenceExample (the protobuf does not parse)");
    WireSequenceExample parsed;
    for (const tf::FeatureEntry &entry : example.context().feature()) {
        auto take = [&](const char *key, bool &has, WireFeature &feature) {
            if (has || entry.key() != key) return false;
            has = true;
            feature = summarize(entry.value());
            return true;
        };
        take("video_id", parsed.hasVideoId, parsed.videoId);
        take("start_time_seconds", parsed.hasStart, parsed.start);
        take("end_time_seconds", parsed.hasEnd, parsed.end);
        if (take("labels", parsed.hasLabels, parsed.labels))
            out.labels.assign(entry.value().int64_list().value().begin(),
                              entry.value().int64_list().value().end());
    }
    for (const tf::FeatureListEntry &entry : example.feature_lists().feature_list()) {
        if (parsed.hasEmbedding || entry.key() != "audio_embedding") continue;
        parsed.hasEmbedding = true;
        for (const tf::Feature &feature : entry.value().feature())
            parsed.frames.push_back(summarize(feature));
    }
    return recordFromParsed(parsed, nullptr, out, out.frames);
}

// Up to 257 frames add up in 16 bits (257 x 255 < 65,536): twice the lanes per instruction of
// adding in 32; AVX2, where the CPU has it, doubles them again.
__attribute__((target_clones("avx2", "default"))) FrameSums sumFrames(std::string_view frames) {
    constexpr size_t kFramesPerRun = 257;
    FrameSums sums{};
    const size_t count = frames.size() / kEmbeddingDims;
    const auto *bytes = reinterpret_cast<const unsigned char *>(frames.data());
    for (size_t first = 0; first < count; first += kFramesPerRun) {
        std::array<uint16_t, kEmbeddingDims> run{};
        const size_t end = std::min(count, first + kFramesPerRun);
        for (size_t t = first; t < end; ++t)
            for (size_t d = 0; d < kEmbeddingDims; ++d)
                run[d] = static_cast<uint16_t>(run[d] + bytes[t * kEmbeddingDims + d]);
        for (size_t d = 0; d < kEmbeddingDims; ++d)
            sums[d] += run[d];
    }
    return sums;
}

std::string rebuildRecord(std::string_view skeleton, std::string_view frames,
                          const std::vector<uint32_t> &frameOffsets) {
    std::string record;
    record.reserve(skeleton.size() + frames.size());
    size_t skeletonPos = 0;
    for (size_t i = 0; i < frameOffsets.size(); ++i) {
        const size_t take = frameOffsets[i] - record.size();
        record.append(skeleton.substr(skeletonPos, take));
        skeletonPos += take;
        record.append(frames.substr(i * kEmbeddingDims, kEmbeddingDims));
    }
    record.append(skeleton.substr(std::min(skeletonPos, skeleton.size())));
    return record;
}

void splitOutFrames(std::string_view bytes, const std::vector<uint32_t> &frameOffsets,
                    RecordLayout &layout) {
    layout.frameOffsets.clear();
    layout.skeleton.clear();
    size_t from = 0;
    for (uint32_t offset : frameOffsets) {
        if (offset < from || offset + kEmbeddingDims > bytes.size()) { // not where frames stand
            layout.frameOffsets.clear();
            layout.skeleton.assign(bytes.data(), bytes.size());
            return;
        }
        layout.skeleton.append(bytes.data() + from, offset - from);
        layout.frameOffsets.push_back(offset);
        from = offset + kEmbeddingDims;
    }
    layout.skeleton.append(bytes.data() + from, bytes.size() - from);
}

void appendPackedLayout(std::string &out, const RecordLayout &layout) {
    appendLe(out, layout.frameOffsets.size(), 4);
    for (uint32_t offset : layout.frameOffsets)
        appendLe(out, offset, 4);
    out.append(layout.skeleton.data(), layout.skeleton.size());
}

std::string packLayout(const RecordLayout &layout) {
    std::string blob;
    appendPackedLayout(blob, layout);
    return blob;
}

bool unpackLayout(std::string_view blob, std::vector<uint32_t> &frameOffsets,
                  std::string_view &skeleton) {
    if (blob.size() < 4) return false;
    const uint32_t count = readLe32(blob.data());
    if (count > (blob.size() - 4) / 4) return false;
    frameOffsets.resize(count);
    for (uint32_t i = 0; i < count; ++i)
        frameOffsets[i] = readLe32(blob.data() + 4 + 4 * i);
    skeleton = blob.substr(4 + 4 * static_cast<size_t>(count));
    return true;
}

std::string encodeAudioSetRecord(std::string_view ytid, float startSeconds, float endSeconds,
                                 const std::vector<int64_t> &labels, std::string_view frames) {
    tf::SequenceExample example;
    auto addContext = [&](const char *key) -> tf::Feature * {
        tf::FeatureEntry *entry = example.mutable_context()->add_feature();
        entry->set_key(key);
        return entry->mutable_value();
    };
    addContext("video_id")->mutable_bytes_list()->add_value(std::string(ytid));
    addContext("start_time_seconds")->mutable_float_list()->add_value(startSeconds);
    auto *labelList = addContext("labels")->mutable_int64_list();
    for (int64_t label : labels)
        labelList->add_value(label);
    addContext("end_time_seconds")->mutable_float_list()->add_value(endSeconds);
    tf::FeatureListEntry *list = example.mutable_feature_lists()->add_feature_list();
    list->set_key("audio_embedding");
    for (size_t i = 0; i + kEmbeddingDims <= frames.size(); i += kEmbeddingDims)
        list->mutable_value()->add_feature()->mutable_bytes_list()->add_value(
            std::string(frames.substr(i, kEmbeddingDims)));
    return example.SerializeAsString();
}

} // namespace audioset
