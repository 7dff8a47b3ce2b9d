#include "segmentkeys.h"

#include "littleendian.h"

namespace audioset::segmentkey {

void append(std::string &blob, const Key &key) {
    unsigned char bytes[kBytes];
    writeLe32(bytes, key.segmentId);
    writeLe64(bytes + 4, key.ytid.head);
    bytes[12] = key.ytid.last;
    writeLe64(bytes + 13, static_cast<uint64_t>(key.startMs));
    blob.append(reinterpret_cast<const char *>(bytes), kBytes);
}

Key read(const unsigned char *bytes) {
    Key key;
    key.segmentId = readLe32(bytes);
    key.ytid.head = readLe64(bytes + 4);
    key.ytid.last = bytes[12];
    key.startMs = static_cast<int64_t>(readLe64(bytes + 13));
    return key;
}

} // namespace audioset::segmentkey
