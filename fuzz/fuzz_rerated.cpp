// rerated_video_ids.txt.
#include "diagnostics.h"
#include "fuzzinput.h"
#include "reratedids.h"
#include "reratedset.h"

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ReratedSet rerated;
    Diagnostics diagnostics;
    loadReratedIds(fuzz::inputFile(data, size, "rerated_video_ids.txt"), rerated, diagnostics);
    return 0;
}
