#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace audioset {

class ByteStream;

/// Reads TFRecord framing: uint64 length, masked CRC-32C of the length, data, masked CRC-32C of
/// the data (all little-endian). Both CRCs are checked; a length that runs past the end of the
/// stream is refused before anything is allocated.
class TfRecordReader {
public:
    /// Records larger than this are refused outright (AudioSet records are about 1.5 KB).
    static constexpr uint64_t kMaxRecordBytes = 64u << 20;

    enum class Status {
        Record,  // `data` holds the next record
        End,     // clean end of the stream
        Skipped, // a record whose data CRC failed; framing is intact, reading goes on
        Broken,  // the framing cannot be trusted any more; stop reading this stream
    };

    explicit TfRecordReader(ByteStream &in);

    /// Reads the next record. For Skipped and Broken, `error` says what was wrong and
    /// recordOffset() where the record began.
    Status next(std::string &data, std::string &error);
    /// The same, with `data` left in the stream's own memory where it holds the record in one
    /// piece (else copied into `buffer`): valid until the next call.
    Status next(std::string_view &data, std::string &buffer, std::string &error);
    uint64_t recordOffset() const { return m_recordOffset; }

private:
    Status checkData(std::string_view data, const unsigned char *footer, std::string &error);

    ByteStream &m_in;
    uint64_t m_recordOffset = 0;
};

/// Appends one framed record (with both CRCs of exactly these bytes) to `out`.
void appendTfRecord(std::string &out, std::string_view data);

} // namespace audioset
