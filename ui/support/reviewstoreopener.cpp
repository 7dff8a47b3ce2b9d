#include "reviewstoreopener.h"

#include "openreviewstore.h"

#include <QFutureWatcher>
#include <QtConcurrent>

namespace audioset::ui {

namespace {
struct OpenedStore {
    std::shared_ptr<ReviewStore> store;
    std::string error;
};
} // namespace

void openReviewStoreInBackground(
    QObject *context, const std::string &storeUrl, const std::string &indexPath,
    const std::string &reviewer,
    const std::function<void(std::shared_ptr<ReviewStore> store, const QString &error)> &done) {
    auto *watcher = new QFutureWatcher<OpenedStore>(context);
    QObject::connect(watcher, &QFutureWatcher<OpenedStore>::finished, context, [watcher, done] {
        OpenedStore opened = watcher->result();
        watcher->deleteLater();
        done(std::move(opened.store), QString::fromStdString(opened.error));
    });
    watcher->setFuture(QtConcurrent::run([storeUrl, indexPath, reviewer] {
        OpenedStore opened;
        opened.store = openReviewStore(storeUrl, indexPath, reviewer, opened.error);
        return opened;
    }));
}

} // namespace audioset::ui
