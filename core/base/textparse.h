#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace audioset {

/// Small allocation-free helpers for the release's text formats.

/// Parses a non-negative decimal of seconds ("420.000", "239.8", "30") into milliseconds.
/// More than three decimals are rounded; signs, exponents and junk are refused.
std::optional<int64_t> parseSecondsToMs(std::string_view text);

/// Parses a non-negative integer that fits in int64 ("0", "527"); refuses anything else.
std::optional<int64_t> parseNonNegativeInt(std::string_view text);

std::string_view trimSpaces(std::string_view text);

/// The text for a message: as is up to 40 characters, else its first 40 and "...".
std::string excerpt(std::string_view text);

/// Splits one line of RFC 4180 CSV (commas, double quotes, "" as an escaped quote).
/// Returns std::nullopt when a quoted field is not closed.
std::optional<std::vector<std::string>> splitCsvLine(std::string_view line);

/// Formats milliseconds as seconds with three decimals, the release's style ("420.000").
std::string formatMsAsSeconds(int64_t ms);
/// The same, appended to `out` without a temporary (for writers of millions of rows).
void appendMsAsSeconds(std::string &out, int64_t ms);

} // namespace audioset
