#include "textparse.h"

#include <limits>

namespace audioset {

namespace {
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
constexpr int64_t kMaxSeconds = 1'000'000'000; // far beyond any video, well inside int64 ms
} // namespace

std::optional<int64_t> parseSecondsToMs(std::string_view text) {
    size_t i = 0;
    int64_t whole = 0;
    size_t wholeDigits = 0;
    while (i < text.size() && isDigit(text[i])) {
        whole = whole * 10 + (text[i] - '0');
        if (whole > kMaxSeconds) return std::nullopt;
        ++i;
        ++wholeDigits;
    }
    int64_t fraction = 0; // in ms
    size_t fractionDigits = 0;
    bool roundUp = false;
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && isDigit(text[i])) {
            if (fractionDigits < 3)
                fraction = fraction * 10 + (text[i] - '0');
            else if (fractionDigits == 3)
                roundUp = text[i] >= '5';
            ++fractionDigits;
            ++i;
        }
        if (fractionDigits == 0 && wholeDigits == 0) return std::nullopt;
    }
    if (i != text.size() || (wholeDigits == 0 && fractionDigits == 0)) return std::nullopt;
    for (size_t d = fractionDigits; d < 3; ++d)
        fraction *= 10;
    return whole * 1000 + fraction + (roundUp ? 1 : 0);
}

std::optional<int64_t> parseNonNegativeInt(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    int64_t value = 0;
    for (char c : text) {
        if (!isDigit(c)) return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

std::string_view trimSpaces(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

std::string excerpt(std::string_view text) {
    constexpr size_t kMax = 40;
    return text.size() <= kMax ? std::string(text) : std::string(text.substr(0, kMax)) + "...";
}

std::optional<std::vector<std::string>> splitCsvLine(std::string_view line) {
    std::vector<std::string> fields;
    std::string field;
    size_t i = 0;
    for (;;) {
        field.clear();
        if (i < line.size() && line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                field += line[i++];
            }
            if (!closed) return std::nullopt;
            // Anything between the closing quote and the next comma is kept verbatim.
            while (i < line.size() && line[i] != ',')
                field += line[i++];
        } else {
            while (i < line.size() && line[i] != ',')
                field += line[i++];
        }
        fields.push_back(field);
        if (i >= line.size()) break;
        ++i; // the comma
    }
    return fields;
}

std::string formatMsAsSeconds(int64_t ms) {
    const bool negative = ms < 0;
    const uint64_t magnitude = negative ? static_cast<uint64_t>(-(ms + 1)) + 1 : ms;
    std::string fraction = std::to_string(magnitude % 1000);
    fraction.insert(0, 3 - fraction.size(), '0');
    return (negative ? "-" : "") + std::to_string(magnitude / 1000) + '.' + fraction;
}

void appendMsAsSeconds(std::string &out, int64_t ms) {
    if (ms < 0) {
        out += formatMsAsSeconds(ms);
        return;
    }
    char digits[24];
    int length = 0;
    uint64_t whole = static_cast<uint64_t>(ms) / 1000;
    do {
        digits[length++] = static_cast<char>('0' + whole % 10);
        whole /= 10;
    } while (whole);
    while (length)
        out += digits[--length];
    const int fraction = static_cast<int>(ms % 1000);
    out += '.';
    out += static_cast<char>('0' + fraction / 100);
    out += static_cast<char>('0' + fraction / 10 % 10);
    out += static_cast<char>('0' + fraction % 10);
}

} // namespace audioset
