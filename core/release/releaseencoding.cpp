#include "releaseencoding.h"

#include "audiosetrecord.h"
#include "wirevarint.h"
#include "youtubeid.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace audioset {

namespace {

// Protobuf wire tags: (field number << 3) | wire type; 2 is length-delimited.
constexpr char kField1 = 0x0a, kField2 = 0x12, kField3 = 0x1a;
constexpr std::string_view kFeatureListKey = "audio_embedding";

size_t varintSize(uint64_t value) {
    size_t size = 1;
    while (value >= 0x80) {
        value >>= 7;
        ++size;
    }
    return size;
}

template <typename Out> void appendVarint(Out &out, uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

size_t framedSize(size_t size) {
    return 1 + varintSize(size) + size;
}

// The few bytes of tags and lengths between pieces, without an allocation.
struct SmallBytes {
    char data[64];
    size_t size = 0;
    void push_back(char byte) { data[size++] = byte; }
    void append(std::string_view bytes) {
        std::memcpy(data + size, bytes.data(), bytes.size());
        size += bytes.size();
    }
    void clear() { size = 0; }
    std::string_view view() const { return {data, size}; }
};

// Writes into a buffer sized beforehand: the context is built once per record read, and byte
// pushes into strings, each checking capacity, were most of that.
struct Cursor {
    char *p;
    void byte(char value) { *p++ = value; }
    void varint(uint64_t value) {
        while (value >= 0x80) {
            *p++ = static_cast<char>((value & 0x7f) | 0x80);
            value >>= 7;
        }
        *p++ = static_cast<char>(value);
    }
    void bytes(std::string_view value) {
        std::memcpy(p, value.data(), value.size());
        p += value.size();
    }
};

// A context entry, framed as Features.feature: { key, Feature of `featureSize` bytes }.
size_t entrySize(std::string_view key, size_t featureSize) {
    return framedSize(framedSize(key.size()) + framedSize(featureSize));
}

void putEntryHead(Cursor &out, std::string_view key, size_t featureSize) {
    out.byte(kField1);
    out.varint(framedSize(key.size()) + framedSize(featureSize));
    out.byte(kField1);
    out.varint(key.size());
    out.bytes(key);
    out.byte(kField2);
    out.varint(featureSize);
}

// Feature { float_list { value: [v] } }, the value packed.
constexpr size_t kFloatFeatureSize = 8;
void putFloatFeature(Cursor &out, float value) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    out.byte(kField2);
    out.byte(0x06);
    out.byte(kField1);
    out.byte(0x04);
    for (int i = 0; i < 4; ++i)
        out.byte(static_cast<char>((bits >> (8 * i)) & 0xff));
}

// Each frame: FeatureList.feature { bytes_list { value: 128 bytes } }.
constexpr char kFrameHeader[] = {kField1, char(0x86), 0x01,       kField1, char(0x83),
                                 0x01,    kField1,    char(0x80), 0x01};
constexpr size_t kFrameSize = sizeof kFrameHeader + kEmbeddingDims; // 137

// Writes the record to a sink: appended to a string, or compared with bytes already there. One
// path for both, so what is checked is what is rebuilt.
template <typename Sink>
void writeRecord(Sink &sink, const std::string_view (&entries)[ReleaseRecordEncoder::kRotations],
                 std::string_view frames, int rotation) {
    SmallBytes header;
    size_t context = 0;
    for (std::string_view entry : entries)
        context += entry.size();
    header.push_back(kField1);
    appendVarint(header, context);
    sink.put(header.view());
    for (int i = 0; i < ReleaseRecordEncoder::kRotations; ++i)
        sink.put(entries[(rotation + i) % ReleaseRecordEncoder::kRotations]);

    const size_t frameCount = frames.size() / kEmbeddingDims;
    const size_t list = frameCount * kFrameSize;
    // protobuf leaves out an empty feature list's value altogether.
    const size_t listEntry = framedSize(kFeatureListKey.size()) + (list ? framedSize(list) : 0);
    header.clear();
    header.push_back(kField2);
    appendVarint(header, framedSize(listEntry));
    header.push_back(kField1);
    appendVarint(header, listEntry);
    header.push_back(kField1);
    appendVarint(header, kFeatureListKey.size());
    header.append(kFeatureListKey);
    if (list) {
        header.push_back(kField2);
        appendVarint(header, list);
    }
    sink.put(header.view());
    for (size_t i = 0; i < frameCount; ++i) {
        sink.put(std::string_view(kFrameHeader, sizeof kFrameHeader));
        sink.put(frames.substr(i * kEmbeddingDims, kEmbeddingDims));
    }
}

struct AppendSink {
    std::string &out;
    void put(std::string_view piece) { out.append(piece); }
};

struct CompareSink {
    std::string_view bytes;
    size_t position = 0;
    bool same = true;
    void put(std::string_view piece) {
        same = same && bytes.size() - position >= piece.size() &&
               std::memcmp(bytes.data() + position, piece.data(), piece.size()) == 0;
        position += piece.size();
    }
};

} // namespace

void ReleaseRecordEncoder::buildContextEntries(const ReleaseRecordFields &fields) {
    static constexpr std::string_view kKeys[kRotations] = {"video_id", "start_time_seconds",
                                                           "labels", "end_time_seconds"};
    // Feature { bytes_list { value: [ytid] } } and Feature { int64_list { value: [labels] } },
    // the labels packed (and left out when there are none, as protobuf does).
    const size_t ytidFeature = framedSize(framedSize(fields.ytid.size()));
    size_t packed = 0;
    for (size_t i = 0; i < fields.labelCount; ++i)
        packed += varintSize(static_cast<uint64_t>(fields.labels[i]));
    const size_t labelList = packed ? framedSize(packed) : 0;
    const size_t featureSizes[kRotations] = {ytidFeature, kFloatFeatureSize, framedSize(labelList),
                                             kFloatFeatureSize};
    size_t entryEnd[kRotations];
    size_t total = 0;
    for (int i = 0; i < kRotations; ++i)
        entryEnd[i] = total += entrySize(kKeys[i], featureSizes[i]);
    m_context.resize(total);

    Cursor out{m_context.data()};
    putEntryHead(out, kKeys[0], featureSizes[0]);
    out.byte(kField1);
    out.varint(framedSize(fields.ytid.size()));
    out.byte(kField1);
    out.varint(fields.ytid.size());
    out.bytes(fields.ytid);

    putEntryHead(out, kKeys[1], featureSizes[1]);
    putFloatFeature(out, fields.startSeconds);

    putEntryHead(out, kKeys[2], featureSizes[2]);
    out.byte(kField3);
    out.varint(labelList);
    if (packed) {
        out.byte(kField1);
        out.varint(packed);
        for (size_t i = 0; i < fields.labelCount; ++i)
            out.varint(static_cast<uint64_t>(fields.labels[i]));
    }

    putEntryHead(out, kKeys[3], featureSizes[3]);
    putFloatFeature(out, fields.endSeconds);

    for (int i = 0; i < kRotations; ++i) {
        const size_t begin = i == 0 ? 0 : entryEnd[i - 1];
        m_entries[i] = std::string_view(m_context).substr(begin, entryEnd[i] - begin);
    }
}

std::string_view ReleaseRecordEncoder::encode(const ReleaseRecordFields &fields, int rotation) {
    buildContextEntries(fields);
    m_out.clear();
    AppendSink sink{m_out};
    writeRecord(sink, m_entries, fields.frames, rotation % kRotations);
    return m_out;
}

std::optional<int> ReleaseRecordEncoder::rotationOf(std::string_view bytes,
                                                    const ReleaseRecordFields &fields) {
    if (fields.frames.size() % kEmbeddingDims != 0 || bytes.empty() || bytes[0] != kField1)
        return std::nullopt;
    buildContextEntries(fields);
    // The first context entry, after the context's tag and length, tells the rotation.
    const size_t contextStart = 1 + varintSize(m_entries[0].size() + m_entries[1].size() +
                                               m_entries[2].size() + m_entries[3].size());
    for (int rotation = 0; rotation < kRotations; ++rotation) {
        const std::string_view first = m_entries[rotation];
        if (bytes.size() < contextStart + first.size() ||
            bytes.substr(contextStart, first.size()) != first)
            continue;
        CompareSink sink{bytes};
        writeRecord(sink, m_entries, fields.frames, rotation);
        if (sink.same && sink.position == bytes.size()) return rotation;
        return std::nullopt;
    }
    return std::nullopt;
}

namespace {

// Reads by position what the release's encoding holds where it holds it; any byte not as
// expected ends the reading (false). Not a parser: readReleaseRecord confirms what it finds.
struct PositionalReader {
    std::string_view bytes;
    size_t pos = 0;
    bool ok = true;

    bool expect(char tag) {
        ok = ok && pos < bytes.size() && bytes[pos] == tag;
        pos += ok ? 1 : 0;
        return ok;
    }
    uint64_t varint() {
        const auto *begin = reinterpret_cast<const uint8_t *>(bytes.data());
        const uint8_t *at = begin + pos;
        uint64_t value = 0;
        ok = ok && readWireVarint(at, begin + bytes.size(), value);
        pos = static_cast<size_t>(at - begin);
        return ok ? value : 0;
    }
    std::string_view take(uint64_t size) {
        ok = ok && size <= bytes.size() - pos;
        if (!ok) return {};
        const std::string_view piece = bytes.substr(pos, static_cast<size_t>(size));
        pos += static_cast<size_t>(size);
        return piece;
    }
    // A tag and a length, then that many bytes: the piece.
    std::string_view framed(char tag) {
        if (!expect(tag)) return {};
        return take(varint());
    }
    float floatFeature() {
        const std::string_view value = take(8);
        float seconds = 0;
        if (ok && value.substr(0, 4) == std::string_view("\x12\x06\x0a\x04", 4))
            std::memcpy(&seconds, value.data() + 4, 4); // little-endian, as the release
        else
            ok = false;
        return seconds;
    }
};

// The record's fields as the index keeps them (times in whole milliseconds), `frames` its frames.
ReleaseRecordFields storedFieldsOf(const AudioSetRecord &record, std::string_view frames) {
    ReleaseRecordFields fields;
    fields.ytid = record.ytid;
    fields.startSeconds = recordSecondsOfStoredMs(storedMsOfSeconds(record.startSeconds));
    fields.endSeconds = recordSecondsOfStoredMs(storedMsOfSeconds(record.endSeconds));
    fields.labels = record.labels.data();
    fields.labelCount = record.labels.size();
    fields.frames = frames;
    return fields;
}

void readLabels(std::string_view feature, std::vector<int64_t> &labels, bool &ok) {
    PositionalReader list{feature};
    const std::string_view values = list.framed(kField3);
    labels.clear();
    if (!values.empty()) {
        PositionalReader packed{values};
        const std::string_view varints = packed.framed(kField1);
        PositionalReader reader{varints};
        while (reader.ok && reader.pos < varints.size())
            labels.push_back(static_cast<int64_t>(reader.varint()));
        ok = ok && packed.ok && reader.ok;
    }
    ok = ok && list.ok;
}

} // namespace

std::optional<int> ReleaseRecordEncoder::readReleaseRecord(std::string_view bytes,
                                                           AudioSetRecord &out,
                                                           std::string &frames) {
    PositionalReader record{bytes};
    PositionalReader context{record.framed(kField1)};
    bool haveId = false, haveStart = false, haveEnd = false, haveLabels = false;
    for (int i = 0; i < kRotations && context.ok; ++i) {
        PositionalReader entry{context.framed(kField1)};
        const std::string_view key = entry.framed(kField1);
        const std::string_view feature = entry.framed(kField2);
        PositionalReader value{feature};
        if (key == "video_id") {
            PositionalReader list{value.framed(kField1)};
            const std::string_view id = list.framed(kField1);
            out.ytid.assign(id.data(), id.size());
            haveId = value.ok && list.ok;
        } else if (key == "start_time_seconds") {
            out.startSeconds = value.floatFeature();
            haveStart = value.ok;
        } else if (key == "end_time_seconds") {
            out.endSeconds = value.floatFeature();
            haveEnd = value.ok;
        } else if (key == "labels") {
            haveLabels = true;
            readLabels(feature, out.labels, haveLabels);
        }
        context.ok = context.ok && entry.ok;
    }
    PositionalReader lists{record.framed(kField2)};
    PositionalReader list{lists.framed(kField1)};
    const bool listed = list.framed(kField1) == kFeatureListKey;
    const std::string_view frameBytes = list.pos < list.bytes.size() ? list.framed(kField2) : "";
    if (!record.ok || !context.ok || !lists.ok || !list.ok || !listed || !haveId || !haveStart ||
        !haveEnd || !haveLabels || frameBytes.size() % kFrameSize != 0 ||
        !isValidYoutubeId(out.ytid) || !isValidRecordSeconds(out.startSeconds) ||
        !isValidRecordSeconds(out.endSeconds))
        return std::nullopt;

    const size_t framesBegin = frames.size();
    for (size_t at = 0; at < frameBytes.size(); at += kFrameSize)
        frames.append(frameBytes.data() + at + sizeof kFrameHeader, kEmbeddingDims);
    const auto rotation =
        rotationOf(bytes, storedFieldsOf(out, std::string_view(frames).substr(framesBegin)));
    if (!rotation) {
        frames.resize(framesBegin);
        return std::nullopt;
    }
    out.frames.clear();
    out.frameOffsets.clear();
    return rotation;
}

int64_t storedMsOfSeconds(float seconds) {
    return std::llround(static_cast<double>(seconds) * 1000.0);
}

float recordSecondsOfStoredMs(int64_t ms) {
    return static_cast<float>(static_cast<double>(ms) / 1000.0);
}

void appendLabelText(std::string &out, const int64_t *labels, size_t count) {
    // to_chars, not snprintf, which sets up a stream on every call: that was 3% of the CPU
    // time of indexing the release-size features.
    char digits[24];
    for (size_t i = 0; i < count; ++i) {
        if (i) out.push_back(',');
        const auto written = std::to_chars(digits, digits + sizeof digits, labels[i]);
        out.append(digits, written.ptr);
    }
}

std::vector<int64_t> parseLabelText(std::string_view text) {
    std::vector<int64_t> labels;
    size_t start = 0;
    while (start < text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        // from_chars, not strtoll: no string to build per label, on every exported record.
        int64_t label = 0;
        std::from_chars(text.data() + start, text.data() + comma, label);
        labels.push_back(label);
        start = comma + 1;
    }
    return labels;
}

std::string releaseLayout(int rotation) {
    return std::string(1, static_cast<char>(rotation));
}

std::optional<std::string> rebuildStoredRecord(std::string_view layout, std::string_view frames,
                                               const StoredRecordFields &fields,
                                               ReleaseRecordEncoder &encoder) {
    if (layout.size() == 1) {
        const int rotation = static_cast<unsigned char>(layout[0]);
        if (rotation >= ReleaseRecordEncoder::kRotations) return std::nullopt;
        const std::vector<int64_t> labels = parseLabelText(fields.labelText);
        ReleaseRecordFields record;
        record.ytid = fields.ytid;
        record.startSeconds = recordSecondsOfStoredMs(fields.startMs);
        record.endSeconds = recordSecondsOfStoredMs(fields.endMs);
        record.labels = labels.data();
        record.labelCount = labels.size();
        record.frames = frames;
        return std::string(encoder.encode(record, rotation));
    }
    std::vector<uint32_t> offsets;
    std::string_view skeleton;
    if (!unpackLayout(layout, offsets, skeleton)) return std::nullopt;
    return rebuildRecord(skeleton, frames, offsets);
}

} // namespace audioset
