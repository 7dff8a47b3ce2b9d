// A gzip stream (or plain bytes) read through FileStream, and its lines through LineReader.
#include "bytestream.h"
#include "fuzzinput.h"
#include "linereader.h"

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string &path = fuzz::inputFile(data, size, "input.gz");
    FileStream stream;
    if (stream.open(path)) {
        char buffer[16384];
        uint64_t total = 0;
        while (const size_t n = stream.read(buffer, sizeof buffer))
            total += n;
        if (total != stream.offset()) __builtin_trap();
    }
    LineReader lines;
    if (lines.open(path)) {
        std::string_view line;
        while (lines.next(line)) {
        }
    }
    return 0;
}
