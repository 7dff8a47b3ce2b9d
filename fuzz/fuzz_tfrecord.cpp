// TFRecord framing: lengths and both CRCs, from a stream that knows its length or not.
#include "bytestream.h"
#include "fuzzinput.h"
#include "tfrecord.h"

#include <string>

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const bool knowsLength = data[0] & 1;
    MemoryStream stream(std::string(fuzz::text(data + 1, size - 1)), knowsLength);
    TfRecordReader reader(stream);
    std::string record, error;
    for (;;) {
        const TfRecordReader::Status status = reader.next(record, error);
        if (status == TfRecordReader::Status::End || status == TfRecordReader::Status::Broken)
            break;
        if (status == TfRecordReader::Status::Record) {
            // A record that passed both CRCs frames back to exactly the bytes it came from.
            std::string framed;
            appendTfRecord(framed, record);
            const std::string_view input = fuzz::text(data + 1, size - 1);
            if (input.substr(reader.recordOffset(), framed.size()) != framed) __builtin_trap();
        }
    }
    return 0;
}
