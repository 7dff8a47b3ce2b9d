#include "tfrecord.h"
#include "littleendian.h"

#include "bytestream.h"
#include "crc32c.h"

#include <algorithm>

namespace audioset {

TfRecordReader::TfRecordReader(ByteStream &in)
    : m_in(in) {}

TfRecordReader::Status TfRecordReader::next(std::string_view &data, std::string &buffer,
                                            std::string &error) {
    m_recordOffset = m_in.offset();
    unsigned char header[12];
    const size_t got = m_in.readFully(header, sizeof header);
    if (got == 0 && m_in.error().empty()) return Status::End;
    if (got < sizeof header) {
        error = m_in.error().empty() ? "the file ends inside a record header (" +
                                           std::to_string(got) + " of 12 bytes)"
                                     : m_in.error();
        return Status::Broken;
    }
    const uint64_t length = readLe64(header);
    if (maskCrc(crc32c(header, 8)) != readLe32(header + 8)) {
        error = "the length field's CRC does not match (corrupt record header)";
        return Status::Broken;
    }
    const auto remaining = m_in.remaining();
    if (remaining && length + 4 > *remaining) {
        error = "a record claims " + std::to_string(length) + " bytes but only " +
                std::to_string(*remaining) + " remain";
        return Status::Broken;
    }
    if (length > kMaxRecordBytes) {
        error = "a record claims " + std::to_string(length) + " bytes, more than the " +
                std::to_string(kMaxRecordBytes >> 20) + " MiB a record may have";
        return Status::Broken;
    }
    // Data and footer in one view: a second read could move the stream past the data's bytes.
    if (auto inPlace = m_in.readInPlace(static_cast<size_t>(length) + 4)) {
        data = inPlace->substr(0, static_cast<size_t>(length));
        return checkData(data, reinterpret_cast<const unsigned char *>(inPlace->data()) + length,
                         error);
    }
    // Grows with what actually arrives, doubling from 64 KiB, so a record that claims more than
    // the stream holds costs at most twice what did arrive (a fixed 1 MiB step per attempt let
    // a fuzzer's stream of short claims churn past 512 MB under ASan).
    buffer.clear();
    while (buffer.size() < length) {
        const size_t before = buffer.size();
        const size_t step = std::max<size_t>(size_t(64) << 10, before);
        const size_t chunk = static_cast<size_t>(std::min<uint64_t>(length - before, step));
        buffer.resize(before + chunk);
        const size_t n = m_in.readFully(buffer.data() + before, chunk);
        if (n < chunk) {
            error = m_in.error().empty()
                        ? "the file ends inside a record (" + std::to_string(before + n) + " of " +
                              std::to_string(length) + " bytes)"
                        : m_in.error();
            return Status::Broken;
        }
    }
    unsigned char footer[4];
    if (m_in.readFully(footer, sizeof footer) != sizeof footer) {
        error = m_in.error().empty() ? "the file ends before the record's data CRC" : m_in.error();
        return Status::Broken;
    }
    data = buffer;
    return checkData(data, footer, error);
}

TfRecordReader::Status TfRecordReader::checkData(std::string_view data, const unsigned char *footer,
                                                 std::string &error) {
    if (maskCrc(crc32c(data.data(), data.size())) != readLe32(footer)) {
        error = "the record's data CRC does not match (corrupt data); record skipped";
        return Status::Skipped;
    }
    return Status::Record;
}

TfRecordReader::Status TfRecordReader::next(std::string &data, std::string &error) {
    std::string_view view;
    const Status status = next(view, data, error);
    if (status == Status::Record && view.data() != data.data()) data.assign(view);
    return status;
}

void appendTfRecord(std::string &out, std::string_view data) {
    std::string header;
    appendLe(header, data.size(), 8);
    out += header;
    appendLe(out, maskCrc(crc32c(header.data(), header.size())), 4);
    out.append(data.data(), data.size());
    appendLe(out, maskCrc(crc32c(data.data(), data.size())), 4);
}

} // namespace audioset
