#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace audioset {

/// The release writes every record the same way: the context features video_id,
/// start_time_seconds, labels and end_time_seconds, then one audio_embedding feature list with a
/// 128-byte bytes feature per frame. Only the context's order varies, and only by rotation (a
/// hash map's iteration order): every real record starts at one of the four. A record written
/// so is rebuilt from the fields the index keeps anyway, so its layout needs one byte, not the
/// ~270 of a skeleton and frame offsets.
struct ReleaseRecordFields {
    std::string_view ytid;
    float startSeconds = 0;
    float endSeconds = 0;
    const int64_t *labels = nullptr;
    size_t labelCount = 0;
    std::string_view frames; // frameCount x 128 bytes
};

/// Builds the release's encoding of records, reusing its buffers between calls.
class ReleaseRecordEncoder {
public:
    static constexpr int kRotations = 4;

    /// The record's bytes with the context rotated left by `rotation` (0: video_id first). The
    /// view is valid until the next call.
    std::string_view encode(const ReleaseRecordFields &fields, int rotation);

    /// The rotation for which encode() gives exactly `bytes`, if there is one.
    std::optional<int> rotationOf(std::string_view bytes, const ReleaseRecordFields &fields);

    /// A record exactly in the release's encoding, with valid fields and times in whole
    /// milliseconds, read without the general parser: fills `out` (but its frameOffsets),
    /// appends the frames to `frames` and gives the rotation. Any other record gives nothing,
    /// `frames` as it was and `out` unspecified: AudioSetRecordDecoder reads it. The fields are
    /// read by position, then every byte is compared with their encoding (rotationOf), so what
    /// it accepts the general parser reads the same.
    std::optional<int> readReleaseRecord(std::string_view bytes, struct AudioSetRecord &out,
                                         std::string &frames);

private:
    void buildContextEntries(const ReleaseRecordFields &fields);

    std::string m_context;                  // the context entries, in rotation-0 order
    std::string_view m_entries[kRotations]; // each entry, framed, within m_context
    std::string m_out;
};

/// Seconds as the index stores them (whole milliseconds), and back to the float a record holds.
/// A record whose times survive the trip is rebuilt exactly; one whose times do not keeps a full
/// layout.
int64_t storedMsOfSeconds(float seconds);
float recordSecondsOfStoredMs(int64_t ms);

/// "0,137" as the index stores a record's labels, and back.
void appendLabelText(std::string &out, const int64_t *labels, size_t count);
std::vector<int64_t> parseLabelText(std::string_view text);

/// The layout blob of a record in the release's encoding: one byte, the rotation. (A full
/// layout, packLayout's, is at least four bytes.)
std::string releaseLayout(int rotation);

/// What the index keeps of a record besides its frames, for rebuildStoredRecord.
struct StoredRecordFields {
    std::string_view ytid;
    int64_t startMs = 0;
    int64_t endMs = 0;
    std::string_view labelText;
};

/// A record's original bytes from its stored frames, layout blob and fields; nullopt for a
/// malformed layout. `encoder` is reused across records.
std::optional<std::string> rebuildStoredRecord(std::string_view layout, std::string_view frames,
                                               const StoredRecordFields &fields,
                                               ReleaseRecordEncoder &encoder);

} // namespace audioset
