#pragma once

#include "reviewstore.h"

#include <memory>
#include <string>

namespace audioset {

/// The store a review writes to: the team's PostgreSQL store at `storeUrl`, or when that is
/// empty, the verdicts kept in the index file at `indexPath` as `reviewer`. nullptr with
/// `error` set when it cannot be opened.
std::unique_ptr<ReviewStore> openReviewStore(const std::string &storeUrl,
                                             const std::string &indexPath,
                                             const std::string &reviewer, std::string &error);

} // namespace audioset
