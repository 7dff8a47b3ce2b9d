#include "asynccatalog.h"

namespace audioset::ui {

std::unique_ptr<AsyncCatalog> AsyncCatalog::open(const QString &path, QString &error) {
    std::string message;
    auto catalog = Catalog::open(path.toStdString(), message);
    if (!catalog) {
        error = QString::fromStdString(message);
        return nullptr;
    }
    return std::unique_ptr<AsyncCatalog>(new AsyncCatalog(path, std::move(catalog)));
}

AsyncCatalog::AsyncCatalog(const QString &path, std::unique_ptr<Catalog> catalog)
    : m_path(path)
    , m_catalog(std::move(catalog))
    , m_worker(new QObject) {
    m_thread.setObjectName(QStringLiteral("catalog"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

AsyncCatalog::~AsyncCatalog() {
    // Jobs still queued run to completion; their results go nowhere once contexts are gone.
    m_thread.quit();
    m_thread.wait();
}

void AsyncCatalog::finishJob(const QString &failure) {
    if (!failure.isEmpty()) Q_EMIT failed(failure);
    if (--m_pending == 0) Q_EMIT idle();
}

} // namespace audioset::ui
