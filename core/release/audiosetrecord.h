#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace audioset {

inline constexpr size_t kEmbeddingDims = 128;

/// What one AudioSet SequenceExample holds.
struct AudioSetRecord {
    std::string ytid;
    float startSeconds = 0;
    float endSeconds = 0;
    std::vector<int64_t> labels;
    std::string frames; // frameCount x 128 quantized values

    size_t frameCount() const { return frames.size() / kEmbeddingDims; }
};

/// How to rebuild a record's exact original bytes from its frames: `skeleton` is the record
/// with every frame's 128 bytes cut out, `frameOffsets` where each frame stood. When the frames
/// cannot be located, the skeleton is the whole record and there are no offsets.
struct RecordLayout {
    std::string skeleton;
    std::vector<uint32_t> frameOffsets;
};

/// Finds the frames in the record's bytes, in order, and cuts them out.
void splitOutFrames(std::string_view bytes, std::string_view frames, RecordLayout &layout);

/// Parses records with protobuf (TensorFlow's field numbers); reuses its buffers between calls.
class AudioSetRecordDecoder {
public:
    AudioSetRecordDecoder();
    ~AudioSetRecordDecoder();
    AudioSetRecordDecoder(const AudioSetRecordDecoder &) = delete;
    AudioSetRecordDecoder &operator=(const AudioSetRecordDecoder &) = delete;

    /// Fills `out`, or returns what is wrong with the record.
    std::optional<std::string> decode(std::string_view bytes, AudioSetRecord &out);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

using FrameSums = std::array<uint32_t, kEmbeddingDims>;

/// Each dimension summed over the frames.
FrameSums sumFrames(std::string_view frames);
/// The mean of each dimension over `frameCount` frames, rounded to the quantized scale.
std::array<uint8_t, kEmbeddingDims> meanFrame(const FrameSums &sums, size_t frameCount);

/// The original record bytes from a skeleton, the frames and their offsets.
std::string rebuildRecord(std::string_view skeleton, std::string_view frames,
                          const std::vector<uint32_t> &frameOffsets);

/// Serialises a layout into one blob (uint32 count, offsets, skeleton; little-endian).
std::string packLayout(const RecordLayout &layout);
/// Reverses packLayout; false for a malformed blob.
bool unpackLayout(std::string_view blob, std::vector<uint32_t> &frameOffsets,
                  std::string_view &skeleton);

/// Encodes a record the way the release does (context: video_id, start/end times, labels;
/// feature list audio_embedding), for the demo generator and tests.
std::string encodeAudioSetRecord(std::string_view ytid, float startSeconds, float endSeconds,
                                 const std::vector<int64_t> &labels, std::string_view frames);

} // namespace audioset
