// The export selection file (subset.json, saved selections): parsed, and a selection that
// parses survives a round trip.
#include "fuzzinput.h"
#include "subsetselection.h"

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    SubsetSelection selection;
    if (!SubsetSelection::fromJson(std::string(fuzz::text(data, size)), selection).isOk()) return 0;
    const std::string once = selection.toJson();
    SubsetSelection again;
    if (!SubsetSelection::fromJson(once, again).isOk() || again.toJson() != once) __builtin_trap();
    return 0;
}
