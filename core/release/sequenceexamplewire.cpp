#include "sequenceexamplewire.h"

#include "littleendian.h"
#include "wirevarint.h"

namespace audioset {

namespace {

// TensorFlow's field numbers (tensorflow/core/example/feature.proto, example.proto).
constexpr uint32_t kContext = 1, kFeatureLists = 2;
constexpr uint32_t kEntries = 1, kEntryKey = 1, kEntryValue = 2;
constexpr uint32_t kBytesList = 1, kFloatList = 2, kInt64List = 3, kListValue = 1;
constexpr uint32_t kFeature = 1;
constexpr int kRecursionLimit = 100; // protobuf's default

enum WireType { Varint = 0, Fixed64 = 1, Len = 2, StartGroup = 3, EndGroup = 4, Fixed32 = 5 };

class Cursor {
public:
    explicit Cursor(std::string_view bytes)
        : m_at(reinterpret_cast<const uint8_t *>(bytes.data()))
        , m_end(m_at + bytes.size()) {}

    bool atEnd() const { return m_at == m_end; }

    bool varint(uint64_t &value, int maxBytes = 10) {
        return readWireVarint(m_at, m_end, value, maxBytes);
    }

    bool tag(uint32_t &field, int &type) {
        uint64_t value = 0;
        if (!varint(value, 5)) return false;
        value &= UINT32_MAX; // protobuf drops the fifth byte's bits beyond 32
        field = static_cast<uint32_t>(value >> 3);
        type = static_cast<int>(value & 7);
        return field != 0 && type <= Fixed32;
    }

    bool delimited(std::string_view &out) {
        uint64_t size = 0;
        if (!varint(size, 5) || size > INT32_MAX || size > static_cast<uint64_t>(m_end - m_at))
            return false;
        out = std::string_view(reinterpret_cast<const char *>(m_at), static_cast<size_t>(size));
        m_at += size;
        return true;
    }

    // The next `count` bytes (a fixed-width value).
    bool fixed(size_t count, std::string_view &out) {
        if (static_cast<size_t>(m_end - m_at) < count) return false;
        out = std::string_view(reinterpret_cast<const char *>(m_at), count);
        m_at += count;
        return true;
    }

    // Skips a field the schema does not know (or knows with another wire type, which protobuf
    // also treats as unknown).
    bool skip(uint32_t field, int type, int depth) {
        uint64_t ignored = 0;
        std::string_view bytes;
        switch (type) {
        case Varint:
            return varint(ignored);
        case Fixed64:
            return fixed(8, bytes);
        case Len:
            return delimited(bytes);
        case Fixed32:
            return fixed(4, bytes);
        case StartGroup:
            return skipGroup(field, depth + 1);
        default:
            return false; // an end-group tag with no group open
        }
    }

private:
    bool skipGroup(uint32_t field, int depth) {
        if (depth > kRecursionLimit) return false;
        uint32_t inner = 0;
        int type = 0;
        while (tag(inner, type)) {
            if (type == EndGroup) return inner == field;
            if (!skip(inner, type, depth)) return false;
        }
        return false;
    }

    const uint8_t *m_at;
    const uint8_t *m_end;
};

// Walks a message's fields: `onField` takes the known ones (returning false for a parse error,
// or true without reading them to leave them to skip()); everything else is skipped.
template <typename OnField> bool forEachField(std::string_view body, int depth, OnField onField) {
    if (depth > kRecursionLimit) return false;
    Cursor cursor(body);
    while (!cursor.atEnd()) {
        uint32_t field = 0;
        int type = 0;
        if (!cursor.tag(field, type)) return false;
        bool handled = false;
        if (!onField(cursor, field, type, handled)) return false;
        if (!handled && !cursor.skip(field, type, depth)) return false;
    }
    return true;
}

bool parseBytesList(std::string_view body, int depth, WireFeature &feature) {
    return forEachField(body, depth, [&](Cursor &in, uint32_t field, int type, bool &handled) {
        if (field != kListValue || type != Len) return true;
        handled = true;
        std::string_view value;
        if (!in.delimited(value)) return false;
        ++feature.bytesCount;
        feature.lastBytes = value;
        return true;
    });
}

bool parseFloatList(std::string_view body, int depth, WireFeature &feature) {
    return forEachField(body, depth, [&](Cursor &in, uint32_t field, int type, bool &handled) {
        if (field != kListValue || (type != Fixed32 && type != Len)) return true;
        handled = true;
        std::string_view values; // one float, or a packed run of them
        const bool read =
            type == Fixed32 ? in.fixed(4, values) : in.delimited(values) && values.size() % 4 == 0;
        if (!read) return false;
        if (!values.empty() && !feature.firstFloat) feature.firstFloat = readLeFloat(values.data());
        return true;
    });
}

bool parseInt64List(std::string_view body, int depth, WireFeature &feature) {
    return forEachField(body, depth, [&](Cursor &in, uint32_t field, int type, bool &handled) {
        if (field != kListValue || (type != Varint && type != Len)) return true;
        handled = true;
        uint64_t value = 0;
        if (type == Varint) {
            if (!in.varint(value)) return false;
            if (feature.int64s) feature.int64s->push_back(static_cast<int64_t>(value));
            return true;
        }
        std::string_view packed;
        if (!in.delimited(packed)) return false;
        Cursor values(packed);
        while (!values.atEnd()) {
            if (!values.varint(value)) return false;
            if (feature.int64s) feature.int64s->push_back(static_cast<int64_t>(value));
        }
        return true;
    });
}

// A oneof member that is not the current case replaces it, starting empty.
void switchKind(WireFeature &feature, WireFeature::Kind kind) {
    if (feature.kind == kind) return;
    feature.kind = kind;
    feature.bytesCount = 0;
    feature.lastBytes = {};
    feature.firstFloat.reset();
    if (feature.int64s) feature.int64s->clear();
}

// A VGGish frame as the release writes it: bytes_list (field 1, 131 bytes) holding one value
// (field 1, 128 bytes). Ten of these are most of a record; taking them whole reads them as the
// field-by-field walk would (same kind, count and view), at a fraction of its cost.
constexpr std::string_view kFrameHeader("\x0a\x83\x01\x0a\x80\x01", 6);
constexpr size_t kFrameBytes = 128;

bool parseFeature(std::string_view body, int depth, WireFeature &feature) {
    if (body.size() == kFrameHeader.size() + kFrameBytes && depth + 1 <= kRecursionLimit &&
        body.substr(0, kFrameHeader.size()) == kFrameHeader) {
        switchKind(feature, WireFeature::Kind::Bytes);
        ++feature.bytesCount;
        feature.lastBytes = body.substr(kFrameHeader.size());
        return true;
    }
    return forEachField(body, depth, [&](Cursor &in, uint32_t field, int type, bool &handled) {
        if (type != Len || field < kBytesList || field > kInt64List) return true;
        handled = true;
        std::string_view list;
        if (!in.delimited(list)) return false;
        if (field == kBytesList) {
            switchKind(feature, WireFeature::Kind::Bytes);
            return parseBytesList(list, depth + 1, feature);
        }
        if (field == kFloatList) {
            switchKind(feature, WireFeature::Kind::Floats);
            return parseFloatList(list, depth + 1, feature);
        }
        switchKind(feature, WireFeature::Kind::Int64s);
        return parseInt64List(list, depth + 1, feature);
    });
}

bool parseFeatureList(std::string_view body, int depth, std::vector<WireFeature> *features) {
    WireFeature scratch;
    return forEachField(body, depth, [&](Cursor &in, uint32_t field, int type, bool &handled) {
        if (field != kFeature || type != Len) return true;
        handled = true;
        std::string_view feature;
        if (!in.delimited(feature)) return false;
        WireFeature *into = &scratch;
        if (features)
            into = &features->emplace_back();
        else
            scratch = WireFeature();
        return parseFeature(feature, depth + 1, *into);
    });
}

// An entry's key may come after its value, and both may repeat (the last key counts, values
// merge): the first pass walks the entry's fields and finds its key, the second reads each
// value into the target when `wanted` says the key is one to keep, and only checks it
// otherwise. Either way every value is parsed once, with the same checks.
template <typename CheckValue, typename Wanted, typename ReadValue>
bool parseEntry(std::string_view body, int depth, CheckValue checkValue, Wanted wanted,
                ReadValue readValue) {
    std::string_view key;
    const bool framed =
        forEachField(body, depth, [&](Cursor &in, uint32_t field, int type, bool &handled) {
            if (type != Len || field != kEntryKey) return true;
            handled = true;
            return in.delimited(key);
        });
    if (!framed) return false;
    // `wanted` may claim the key before its values are parsed: a value that does not parse
    // fails the whole record, so such a claim is never seen.
    const bool keep = wanted(key);
    return forEachField(body, depth, [&](Cursor &in, uint32_t field, int type, bool &handled) {
        if (type != Len || field != kEntryValue) return true;
        handled = true;
        std::string_view bytes;
        if (!in.delimited(bytes)) return false;
        return keep ? readValue(bytes, depth + 1) : checkValue(bytes, depth + 1);
    });
}

bool parseContext(std::string_view body, int depth, WireSequenceExample &out,
                  std::vector<int64_t> &labels) {
    WireFeature *target = nullptr;
    auto checkValue = [](std::string_view value, int valueDepth) {
        WireFeature scratch;
        return parseFeature(value, valueDepth, scratch);
    };
    auto wanted = [&](std::string_view key) {
        auto claim = [&](bool &has, WireFeature &feature) {
            if (has) return false;
            has = true;
            target = &feature;
            return true;
        };
        if (key == "video_id") return claim(out.hasVideoId, out.videoId);
        if (key == "start_time_seconds") return claim(out.hasStart, out.start);
        if (key == "end_time_seconds") return claim(out.hasEnd, out.end);
        if (key == "labels" && claim(out.hasLabels, out.labels)) {
            labels.clear();
            out.labels.int64s = &labels;
            return true;
        }
        return false;
    };
    auto readValue = [&](std::string_view value, int valueDepth) {
        return parseFeature(value, valueDepth, *target);
    };
    return forEachField(body, depth, [&](Cursor &in, uint32_t field, int type, bool &handled) {
        if (field != kEntries || type != Len) return true;
        handled = true;
        std::string_view entry;
        return in.delimited(entry) && parseEntry(entry, depth + 1, checkValue, wanted, readValue);
    });
}

bool parseFeatureLists(std::string_view body, int depth, WireSequenceExample &out) {
    auto checkValue = [](std::string_view value, int valueDepth) {
        return parseFeatureList(value, valueDepth, nullptr);
    };
    auto wanted = [&](std::string_view key) {
        if (key != "audio_embedding" || out.hasEmbedding) return false;
        out.hasEmbedding = true;
        return true;
    };
    auto readValue = [&](std::string_view value, int valueDepth) {
        return parseFeatureList(value, valueDepth, &out.frames);
    };
    return forEachField(body, depth, [&](Cursor &in, uint32_t field, int type, bool &handled) {
        if (field != kEntries || type != Len) return true;
        handled = true;
        std::string_view entry;
        return in.delimited(entry) && parseEntry(entry, depth + 1, checkValue, wanted, readValue);
    });
}

} // namespace

bool parseSequenceExampleWire(std::string_view bytes, WireSequenceExample &out,
                              std::vector<int64_t> &labels) {
    std::vector<WireFeature> frames = std::move(out.frames);
    frames.clear();
    out = WireSequenceExample();
    out.frames = std::move(frames);
    labels.clear();
    return forEachField(bytes, 0, [&](Cursor &in, uint32_t field, int type, bool &handled) {
        if (type != Len || (field != kContext && field != kFeatureLists)) return true;
        handled = true;
        std::string_view body;
        if (!in.delimited(body)) return false;
        return field == kContext ? parseContext(body, 1, out, labels)
                                 : parseFeatureLists(body, 1, out);
    });
}

} // namespace audioset
