// A tar stream (ustar, GNU long names, pax), every entry read to its end.
#include "bytestream.h"
#include "fuzzinput.h"
#include "tarreader.h"

#include <string>

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    MemoryStream stream(std::string(fuzz::text(data, size)), false);
    TarReader reader(stream, [](uint64_t, const std::string &) {});
    TarEntry entry;
    char buffer[4096];
    uint64_t consumed = 0;
    while (reader.next(entry)) {
        while (const size_t n = reader.entryData().read(buffer, sizeof buffer))
            consumed += n;
        if (consumed > size) __builtin_trap(); // entries never hand out more than the input
    }
    return 0;
}
