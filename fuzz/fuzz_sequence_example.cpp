// One SequenceExample: the wire decoder must agree with protobuf's generated parser (the same
// record or the same error), and an AudioSet record must rebuild byte for byte from its frames
// and layout (what exports rely on): the full layout always, the one-byte release layout
// whenever the encoder claims the record. The positional reader of the release's encoding must
// give what the decoder gives, and take every record the encoder claims.
#include "audiosetrecord.h"
#include "fuzzinput.h"
#include "releaseencoding.h"

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static AudioSetRecordDecoder decoder;
    static ProtobufRecordDecoder reference;
    AudioSetRecord record, expected;
    const std::string_view bytes = fuzz::text(data, size);
    const auto error = decoder.decode(bytes, record);
    const auto expectedError = reference.decode(bytes, expected);
    if (error != expectedError) __builtin_trap();
    static ReleaseRecordEncoder positional;
    AudioSetRecord read;
    std::string readFrames = "kept";
    const auto readRotation = positional.readReleaseRecord(bytes, read, readFrames);
    if (!readRotation && readFrames != "kept") __builtin_trap();
    if (readRotation &&
        (error || read.ytid != record.ytid || read.labels != record.labels ||
         readFrames != "kept" + record.frames || read.startSeconds != record.startSeconds ||
         read.endSeconds != record.endSeconds))
        __builtin_trap();
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

    static ReleaseRecordEncoder encoder;
    const int64_t startMs = storedMsOfSeconds(record.startSeconds);
    const int64_t endMs = storedMsOfSeconds(record.endSeconds);
    ReleaseRecordFields fields;
    fields.ytid = record.ytid;
    fields.startSeconds = recordSecondsOfStoredMs(startMs);
    fields.endSeconds = recordSecondsOfStoredMs(endMs);
    fields.labels = record.labels.data();
    fields.labelCount = record.labels.size();
    fields.frames = record.frames;
    const auto rotation = encoder.rotationOf(bytes, fields);
    if (rotation != readRotation) __builtin_trap();
    if (rotation) {
        std::string labelText;
        appendLabelText(labelText, record.labels.data(), record.labels.size());
        const auto rebuilt = rebuildStoredRecord(releaseLayout(*rotation), record.frames,
                                                 {record.ytid, startMs, endMs, labelText}, encoder);
        if (!rebuilt || *rebuilt != bytes) __builtin_trap();
    }
    return 0;
}
