#pragma once

#include "reviewstore.h"

#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <string>

namespace audioset::ui {

/// Opens the review store that `storeUrl` names (the index file's own store when it is empty)
/// on a worker thread, because reaching a PostgreSQL server can take as long as the network
/// lets it, and hands the store, or why it could not be opened, to `done` on `context`'s thread.
/// Nothing is handed over when `context` is destroyed first.
void openReviewStoreInBackground(
    QObject *context, const std::string &storeUrl, const std::string &indexPath,
    const std::string &reviewer,
    const std::function<void(std::shared_ptr<ReviewStore> store, const QString &error)> &done);

} // namespace audioset::ui
