#pragma once

#include "catalog.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace audioset::ui {

/// A Catalog on its own thread: jobs run there in order, and each result is delivered on the GUI
/// thread to a context object (dropped if the context is gone). Widgets never wait on SQLite.
class AsyncCatalog : public QObject {
    Q_OBJECT
public:
    /// Opens `path`; nullptr and `error` set when it is not a usable index.
    static std::unique_ptr<AsyncCatalog> open(const QString &path, QString &error);
    ~AsyncCatalog() override;

    QString path() const { return m_path; }
    bool isIdle() const { return m_pending.load() == 0; }

    /// Runs `job` on the catalog's thread and `done` with its result on `context`'s thread.
    template <typename Result>
    void run(QObject *context, std::function<Result(Catalog &)> job,
             std::function<void(Result)> done) {
        ++m_pending;
        Catalog *catalog = m_catalog.get();
        QPointer<QObject> target(context);
        // The result travels back through this object (it lives on the GUI thread and outlives
        // the worker), which checks that the context still exists before calling `done`.
        QMetaObject::invokeMethod(
            m_worker,
            [this, catalog, target, job = std::move(job), done = std::move(done)]() mutable {
                std::optional<Result> result;
                QString failure;
                try {
                    result = job(*catalog);
                } catch (const std::exception &error) {
                    failure = QString::fromStdString(error.what());
                }
                QMetaObject::invokeMethod(
                    this,
                    [this, target, result = std::move(result), failure,
                     done = std::move(done)]() mutable {
                        if (result && target) done(std::move(*result));
                        finishJob(failure);
                    },
                    Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
    }

Q_SIGNALS:
    /// A job failed (a database error); the message says why.
    void failed(const QString &message);
    /// The last pending job has delivered its result.
    void idle();

private:
    AsyncCatalog(const QString &path, std::unique_ptr<Catalog> catalog);
    void finishJob(const QString &failure);

    QString m_path;
    std::unique_ptr<Catalog> m_catalog;
    QThread m_thread;
    QObject *m_worker = nullptr;
    std::atomic<int> m_pending{0};
};

} // namespace audioset::ui
