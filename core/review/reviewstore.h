#pragma once

#include "outcome.h"
#include "verdict.h"

#include <optional>
#include <string>
#include <vector>

namespace audioset {

/// Where verdicts live: the index file (LocalReviewStore) or, for a team, a shared server.
/// Every verdict is stored the moment it is given; nothing is ever overwritten, so the history
/// is kept and the latest verdict of a reviewer for a label is the one that counts.
class ReviewStore {
public:
    virtual ~ReviewStore() = default;

    /// Stores one verdict; ok only once it is durable.
    virtual Outcome add(const VerdictRecord &record) = 0;
    /// Each reviewer's latest verdict per label (Cleared ones left out), optionally of one class.
    virtual std::vector<VerdictRecord> latest(const std::optional<std::string> &classMid) = 0;
    /// Every verdict ever given, oldest first, optionally of one class.
    virtual std::vector<VerdictRecord> history(const std::optional<std::string> &classMid) = 0;
    /// Who writes through this store: the name verdicts are stored under.
    virtual const std::string &reviewer() const = 0;
};

} // namespace audioset
