#include "audiofilename.h"

#include "youtubeid.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

namespace audioset {

const char *audioLayoutName(AudioLayout layout) {
    switch (layout) {
    case AudioLayout::PrefixedY:
        return "Y<ytid>.<ext>";
    case AudioLayout::BareYtid:
        return "<ytid>.<ext>";
    case AudioLayout::StartSeconds:
        return "<ytid>_<start seconds>[_<end>].<ext>";
    case AudioLayout::StartMilliseconds:
        return "<ytid>_<start ms>[_<end>].<ext>";
    }
    return "?";
}

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// "30", "30.5", "30.000": a non-negative decimal, at most 9 digits before the point.
bool parseNumber(std::string_view text, double &value, bool &integer) {
    if (text.empty() || text.size() > 16) return false;
    size_t digitsBefore = 0, point = text.npos;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '.' && point == text.npos && i > 0) {
            point = i;
        } else if (std::isdigit(static_cast<unsigned char>(text[i]))) {
            if (point == text.npos) ++digitsBefore;
        } else {
            return false;
        }
    }
    if (digitsBefore == 0 || digitsBefore > 9 || point == text.size() - 1) return false;
    value = std::stod(std::string(text));
    integer = point == text.npos;
    return true;
}

// `rest` is what follows the id: "" or "_<start>[_<end>]".
bool readStart(std::string_view rest, AudioFileName &name) {
    if (rest.empty()) return true;
    if (rest.front() != '_') return false;
    rest.remove_prefix(1);
    const size_t underscore = rest.find('_');
    const std::string_view start = rest.substr(0, underscore);
    double value = 0, end = 0;
    bool integer = false, endInteger = false;
    if (!parseNumber(start, value, integer)) return false;
    if (underscore != rest.npos && !parseNumber(rest.substr(underscore + 1), end, endInteger))
        return false;
    name.startIfSeconds = static_cast<int64_t>(std::llround(value * 1000));
    if (integer) name.startIfMs = static_cast<int64_t>(value);
    return true;
}

} // namespace

bool isAudioExtension(std::string_view extension) {
    static const char *const kKnown[] = {"wav", "flac", "ogg", "oga", "opus", "mp3", "m4a", "webm"};
    const std::string ext = lower(extension);
    return std::any_of(std::begin(kKnown), std::end(kKnown),
                       [&](const char *known) { return ext == known; });
}

std::vector<AudioFileName> parseAudioFileName(std::string_view fileName) {
    std::vector<AudioFileName> readings;
    const size_t dot = fileName.rfind('.');
    if (dot == fileName.npos || !isAudioExtension(fileName.substr(dot + 1))) return readings;
    const std::string_view stem = fileName.substr(0, dot);
    for (const bool prefixed : {false, true}) {
        if (prefixed && (stem.empty() || stem.front() != 'Y')) continue;
        const std::string_view body = prefixed ? stem.substr(1) : stem;
        if (body.size() < 11) continue;
        AudioFileName name;
        name.ytid = std::string(body.substr(0, 11));
        name.prefixedY = prefixed;
        if (!isValidYoutubeId(name.ytid) || !readStart(body.substr(11), name)) continue;
        readings.push_back(std::move(name));
    }
    return readings;
}

std::optional<Split> splitOfFolderName(std::string_view folder) {
    std::string name = lower(folder);
    for (const char *suffix : {"_segments", "_audio", "_wav", "_flac", "_mp3"})
        if (name.size() > std::char_traits<char>::length(suffix) &&
            name.compare(name.size() - std::char_traits<char>::length(suffix), std::string::npos,
                         suffix) == 0)
            name.erase(name.size() - std::char_traits<char>::length(suffix));
    if (name == "eval" || name == "evaluation" || name == "test") return Split::Eval;
    if (name == "balanced_train" || name == "bal_train" || name == "balanced")
        return Split::BalancedTrain;
    if (name == "unbalanced_train" || name == "unbal_train" || name == "unbalanced")
        return Split::UnbalancedTrain;
    return std::nullopt;
}

} // namespace audioset
