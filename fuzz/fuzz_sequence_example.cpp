// One SequenceExample: decoded, and when it is an AudioSet record, rebuilt byte for byte from
// its frames and layout (what exports rely on).
#include "audiosetrecord.h"
#include "fuzzinput.h"

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static AudioSetRecordDecoder decoder;
    AudioSetRecord record;
    const std::string_view bytes = fuzz::text(data, size);
    if (decoder.decode(bytes, record)) return 0;
    RecordLayout layout;
    splitOutFrames(bytes, record.frames, layout);
    std::vector<uint32_t> offsets;
    std::string_view skeleton;
    const std::string packed = packLayout(layout);
    if (!unpackLayout(packed, offsets, skeleton)) __builtin_trap();
    if (rebuildRecord(skeleton, record.frames, offsets) != bytes) __builtin_trap();
    return 0;
}
