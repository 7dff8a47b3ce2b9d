// TFRecord framing: lengths and both CRCs, from a stream that knows its length or not, with
// records handed out in the stream's memory or copied.
#include "bytestream.h"
#include "fuzzinput.h"
#include "tfrecord.h"

#include <string>

using namespace audioset;

namespace {
// Forwards reads but never hands out bytes in place, so records take the copying path.
class CopyingStream : public ByteStream {
public:
    explicit CopyingStream(ByteStream &in)
        : m_in(in) {}
    size_t read(void *buffer, size_t size) override { return m_in.read(buffer, size); }
    uint64_t offset() const override { return m_in.offset(); }
    std::optional<uint64_t> remaining() const override { return m_in.remaining(); }
    const std::string &error() const override { return m_in.error(); }

private:
    ByteStream &m_in;
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const bool knowsLength = data[0] & 1;
    MemoryStream memory(std::string(fuzz::text(data + 1, size - 1)), knowsLength);
    CopyingStream copying(memory);
    ByteStream &stream = (data[0] & 2) ? static_cast<ByteStream &>(copying) : memory;
    TfRecordReader reader(stream);
    std::string_view record;
    std::string copy, error;
    for (;;) {
        const TfRecordReader::Status status = reader.next(record, copy, error);
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
