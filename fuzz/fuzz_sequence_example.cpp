// One SequenceExample: the wire decoder must agree with protobuf's generated parser (the same
// record or the same error), and an AudioSet record must rebuild byte for byte from its frames
// and layout (what exports rely on).
#include "audiosetrecord.h"
#include "fuzzinput.h"

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static AudioSetRecordDecoder decoder;
    static ProtobufRecordDecoder reference;
    AudioSetRecord record, expected;
    const std::string_view bytes = fuzz::text(data, size);
    const auto error = decoder.decode(bytes, record);
    const auto expectedError = reference.decode(bytes, expected);
    if (error != expectedError) __builtin_trap();
    if (error) return 0;
    if (record.ytid != expected.ytid || record.labels != expected.labels ||
        record.frames != expected.frames || record.startSeconds != expected.startSeconds ||
        record.endSeconds != expected.endSeconds)
        __builtin_trap();
    RecordLayout layout;
    splitOutFrames(bytes, record.frameOffsets, layout);
    std::vector<uint32_t> offsets;
    std::string_view skeleton;
    const std::string packed = packLayout(layout);
    if (!unpackLayout(packed, offsets, skeleton)) __builtin_trap();
    if (rebuildRecord(skeleton, record.frames, offsets) != bytes) __builtin_trap();
    return 0;
}
