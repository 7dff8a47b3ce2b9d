#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace audioset {

/// One tf.train.Feature as the decoder needs it. Several occurrences of a Feature merge as
/// protobuf merges them: the oneof case seen last wins, and values of the same case add up.
struct WireFeature {
    enum class Kind { None, Bytes, Floats, Int64s };
    Kind kind = Kind::None;
    size_t bytesCount = 0;                  // values in the bytes list
    std::string_view lastBytes;             // its last value (a view into the record)
    std::optional<float> firstFloat;        // the float list's first value
    std::vector<int64_t> *int64s = nullptr; // where int64 values go, when the caller wants them
};

/// What the record's context and its audio_embedding feature list hold. For each key the first
/// entry counts, as a lookup in protobuf's repeated entries finds it.
struct WireSequenceExample {
    bool hasVideoId = false, hasStart = false, hasEnd = false, hasLabels = false,
         hasEmbedding = false;
    WireFeature videoId, start, end, labels;
    std::vector<WireFeature> frames; // the audio_embedding list's features, in order
};

/// Parses a SequenceExample in its wire form, checking all of it the way protobuf's generated
/// parser does (every nested message, packed list and unknown field, recursion limit 100), but
/// without building messages: values are views into `bytes`. False when it does not parse.
/// `labels` receives the labels entry's int64 values.
bool parseSequenceExampleWire(std::string_view bytes, WireSequenceExample &out,
                              std::vector<int64_t> &labels);

} // namespace audioset
