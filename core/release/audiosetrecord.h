#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sequenceexamplewire.h"

namespace audioset {

inline constexpr size_t kEmbeddingDims = 128;

/// What one AudioSet SequenceExample holds.
struct AudioSetRecord {
    std::string ytid;
    float startSeconds = 0;
    float endSeconds = 0;
    std::vector<int64_t> labels;
    std::string frames;                 // frameCount x 128 quantized values
    std::vector<uint32_t> frameOffsets; // where each frame stood in the record's bytes

    size_t frameCount() const { return frames.size() / kEmbeddingDims; }
};

/// A start or end time a record may hold: a finite number of seconds from 0 to 1e9 (the CSVs'
/// own limit).
bool isValidRecordSeconds(float seconds);

/// How to rebuild a record's exact original bytes from its frames: `skeleton` is the record
/// with every frame's 128 bytes cut out, `frameOffsets` where each frame stood. When the frames
/// cannot be located, the skeleton is the whole record and there are no offsets.
struct RecordLayout {
    std::string skeleton;
    std::vector<uint32_t> frameOffsets;
};

/// Cuts a decoded record's frames (at `frameOffsets`, 128 bytes each) out of its bytes.
void splitOutFrames(std::string_view bytes, const std::vector<uint32_t> &frameOffsets,
                    RecordLayout &layout);

/// Decodes records from their wire form without building protobuf messages (the frames are
/// located, not searched for); reuses its buffers between calls.
class AudioSetRecordDecoder {
public:
    /// Fills `out`, or returns what is wrong with the record.
    std::optional<std::string> decode(std::string_view bytes, AudioSetRecord &out);
    /// The same, but appends the frames to `frames` (a batch's arena) instead of `out.frames`,
    /// which is left empty; on an error `frames` is as it was.
    std::optional<std::string> decode(std::string_view bytes, AudioSetRecord &out,
                                      std::string &frames);

private:
    WireSequenceExample m_parsed;
};

/// The same with protobuf's generated parser: the reference the wire decoder is checked
/// against by the tests and the fuzzer. Gives no frame offsets.
class ProtobufRecordDecoder {
public:
    ProtobufRecordDecoder();
    ~ProtobufRecordDecoder();
    ProtobufRecordDecoder(const ProtobufRecordDecoder &) = delete;
    ProtobufRecordDecoder &operator=(const ProtobufRecordDecoder &) = delete;

    std::optional<std::string> decode(std::string_view bytes, AudioSetRecord &out);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

using FrameSums = std::array<uint32_t, kEmbeddingDims>;

/// Each dimension summed over the frames.
FrameSums sumFrames(std::string_view frames);

/// The original record bytes from a skeleton, the frames and their offsets.
std::string rebuildRecord(std::string_view skeleton, std::string_view frames,
                          const std::vector<uint32_t> &frameOffsets);

/// Serialises a layout into one blob (uint32 count, offsets, skeleton; little-endian).
std::string packLayout(const RecordLayout &layout);
/// The same blob, appended to `out` (a batch's arena: no string per record).
void appendPackedLayout(std::string &out, const RecordLayout &layout);
/// Reverses packLayout; false for a malformed blob.
bool unpackLayout(std::string_view blob, std::vector<uint32_t> &frameOffsets,
                  std::string_view &skeleton);

/// Encodes a record the way the release does (context: video_id, start/end times, labels;
/// feature list audio_embedding), for the demo generator and tests.
std::string encodeAudioSetRecord(std::string_view ytid, float startSeconds, float endSeconds,
                                 const std::vector<int64_t> &labels, std::string_view frames);

} // namespace audioset
