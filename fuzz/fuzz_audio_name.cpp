// Local audio file names and split folder names: any bytes, no crash, and every reading names a
// valid YouTube id, with a milliseconds reading only for an integer start.
#include "audiofilename.h"
#include "youtubeid.h"

#include <string_view>

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string_view name(reinterpret_cast<const char *>(data), size);
    for (const AudioFileName &reading : parseAudioFileName(name)) {
        if (!isValidYoutubeId(reading.ytid)) __builtin_trap();
        if (reading.startIfMs && !reading.startIfSeconds) __builtin_trap();
        if (reading.startIfSeconds && *reading.startIfSeconds < 0) __builtin_trap();
    }
    (void)splitOfFolderName(name);
    return 0;
}
