#include "audiosetrecord.h"
#include "littleendian.h"

#include "release/proto/sequenceexample.pb.h"
#include "youtubeid.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace audioset {

namespace {

const tf::Feature *findContext(const tf::SequenceExample &example, std::string_view key) {
    for (const tf::FeatureEntry &entry : example.context().feature())
        if (entry.key() == key) return &entry.value();
    return nullptr;
}

const tf::FeatureList *findFeatureList(const tf::SequenceExample &example, std::string_view key) {
    for (const tf::FeatureListEntry &entry : example.feature_lists().feature_list())
        if (entry.key() == key) return &entry.value();
    return nullptr;
}

std::optional<float> firstFloat(const tf::Feature *feature) {
    if (!feature || !feature->has_float_list() || feature->float_list().value_size() == 0)
        return std::nullopt;
    return feature->float_list().value(0);
}

// Finds each frame's bytes in the record, in order. A frame sits a few bytes (its field headers)
// after the previous one, so those spots are tried before a general search. Rebuilding from
// the pieces is then exact by construction: every cut-out range held exactly the frame's bytes.
const char *findFrame(std::string_view bytes, size_t from, const char *frame) {
    for (size_t offset = from; offset < from + 16 && offset + kEmbeddingDims <= bytes.size();
         ++offset)
        if (std::memcmp(bytes.data() + offset, frame, kEmbeddingDims) == 0)
            return bytes.data() + offset;
    return static_cast<const char *>(
        memmem(bytes.data() + from, bytes.size() - from, frame, kEmbeddingDims));
}

// A time must be a finite number of seconds inside any video (the CSVs' own limit).
std::optional<std::string> checkSeconds(const char *field, float seconds) {
    constexpr float kMaxSeconds = 1e9f;
    if (std::isfinite(seconds) && seconds >= 0 && seconds <= kMaxSeconds) return std::nullopt;
    char value[32];
    std::snprintf(value, sizeof value, "%g", static_cast<double>(seconds));
    return std::string(field) + " is " + value +
           "; expected a finite number of seconds from 0 to 1e9";
}

} // namespace

// Messages live on an arena that is reset per record: no malloc per field.
struct AudioSetRecordDecoder::Impl {
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

AudioSetRecordDecoder::AudioSetRecordDecoder()
    : m_impl(std::make_unique<Impl>()) {}

AudioSetRecordDecoder::~AudioSetRecordDecoder() = default;

std::optional<std::string> AudioSetRecordDecoder::decode(std::string_view bytes,
                                                         AudioSetRecord &out) {
    m_impl->arena.Reset();
    tf::SequenceExample &example =
        *google::protobuf::Arena::CreateMessage<tf::SequenceExample>(&m_impl->arena);
    if (!example.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return std::string("not a SequenceExample (the protobuf does not parse)");

    const tf::Feature *videoId = findContext(example, "video_id");
    if (!videoId || !videoId->has_bytes_list() || videoId->bytes_list().value_size() != 1)
        return std::string("no video_id in the record's context");
    out.ytid = videoId->bytes_list().value(0);
    if (!isValidYoutubeId(out.ytid))
        return "video_id '" + out.ytid.substr(0, 40) + "' is not a YouTube id";
    const auto start = firstFloat(findContext(example, "start_time_seconds"));
    const auto end = firstFloat(findContext(example, "end_time_seconds"));
    if (!start || !end)
        return std::string("no start_time_seconds / end_time_seconds in the record's context");
    if (auto problem = checkSeconds("start_time_seconds", *start)) return problem;
    if (auto problem = checkSeconds("end_time_seconds", *end)) return problem;
    out.startSeconds = *start;
    out.endSeconds = *end;
    out.labels.clear();
    if (const tf::Feature *labels = findContext(example, "labels");
        labels && labels->has_int64_list())
        out.labels.assign(labels->int64_list().value().begin(), labels->int64_list().value().end());

    const tf::FeatureList *embedding = findFeatureList(example, "audio_embedding");
    if (!embedding) return std::string("no audio_embedding feature list");
    out.frames.clear();
    for (int i = 0; i < embedding->feature_size(); ++i) {
        const tf::Feature &frame = embedding->feature(i);
        if (!frame.has_bytes_list() || frame.bytes_list().value_size() != 1)
            return "frame " + std::to_string(i) + " is not a single byte string";
        const std::string &value = frame.bytes_list().value(0);
        if (value.size() != kEmbeddingDims)
            return "frame " + std::to_string(i) + " is " + std::to_string(value.size()) +
                   " bytes, expected 128";
        out.frames += value;
    }
    return std::nullopt;
}

FrameSums sumFrames(std::string_view frames) {
    FrameSums sums{};
    const size_t count = frames.size() / kEmbeddingDims;
    const auto *bytes = reinterpret_cast<const unsigned char *>(frames.data());
    for (size_t t = 0; t < count; ++t)
        for (size_t d = 0; d < kEmbeddingDims; ++d)
            sums[d] += bytes[t * kEmbeddingDims + d];
    return sums;
}

std::array<uint8_t, kEmbeddingDims> meanFrame(const FrameSums &sums, size_t frameCount) {
    std::array<uint8_t, kEmbeddingDims> mean{};
    if (frameCount == 0) return mean;
    const double scale = 1.0 / static_cast<double>(frameCount); // no division per dimension
    for (size_t d = 0; d < kEmbeddingDims; ++d)
        mean[d] = static_cast<uint8_t>(static_cast<double>(sums[d]) * scale + 0.5);
    return mean;
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

void splitOutFrames(std::string_view bytes, std::string_view frames, RecordLayout &layout) {
    layout.frameOffsets.clear();
    layout.skeleton.clear();
    size_t searchFrom = 0;
    const size_t count = frames.size() / kEmbeddingDims;
    for (size_t i = 0; i < count; ++i) {
        const char *found = findFrame(bytes, searchFrom, frames.data() + i * kEmbeddingDims);
        if (!found) {
            layout.frameOffsets.clear();
            layout.skeleton.assign(bytes.data(), bytes.size());
            return;
        }
        const size_t offset = static_cast<size_t>(found - bytes.data());
        layout.skeleton.append(bytes.data() + searchFrom, offset - searchFrom);
        layout.frameOffsets.push_back(static_cast<uint32_t>(offset));
        searchFrom = offset + kEmbeddingDims;
    }
    layout.skeleton.append(bytes.data() + searchFrom, bytes.size() - searchFrom);
}

std::string packLayout(const RecordLayout &layout) {
    std::string blob;
    appendLe(blob, layout.frameOffsets.size(), 4);
    for (uint32_t offset : layout.frameOffsets)
        appendLe(blob, offset, 4);
    blob.append(layout.skeleton.data(), layout.skeleton.size());
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
