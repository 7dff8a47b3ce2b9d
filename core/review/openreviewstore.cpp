#include "openreviewstore.h"

#include "localreviewstore.h"
#include "postgresreviewstore.h"

namespace audioset {

std::unique_ptr<ReviewStore> openReviewStore(const std::string &storeUrl,
                                             const std::string &indexPath,
                                             const std::string &reviewer, std::string &error) {
    if (!storeUrl.empty())
        return PostgresReviewStore::open(storeUrl, defaultQueuePath(storeUrl), error);
    return LocalReviewStore::open(indexPath, reviewer, error);
}

} // namespace audioset
