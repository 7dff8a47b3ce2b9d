#pragma once

#include "reviewstore.h"

#include <memory>
#include <string>

typedef struct pg_conn PGconn;

namespace audioset {

/// Where verdicts for `url` wait while its server is away:
/// $XDG_DATA_HOME/audioset-browser/review-queues/<hash of the URL>.tsv (the folder is made).
std::string defaultQueuePath(const std::string &url);

/// Verdicts shared by a team in PostgreSQL (schema audioset_review, made by initStore). Each
/// reviewer connects as their own role; the server stores current_user as the reviewer and
/// row-level security lets a role add verdicts only as itself. While the server cannot be
/// reached, verdicts go to a local queue file (synced), and are sent, once each, when it is
/// back: every verdict carries a client id the server keeps unique.
class PostgresReviewStore : public ReviewStore {
public:
    /// The store schema's version; initStore upgrades an older one in place.
    static constexpr int kSchemaVersion = 1;

    /// Connects to `url` (postgresql://[USER@]HOST[:PORT]/DBNAME, as libpq reads it; the
    /// password from ~/.pgpass or PGPASSWORD). `queuePath` keeps verdicts while the server is
    /// away. nullptr with `error` when the store cannot be used.
    static std::unique_ptr<PostgresReviewStore>
    open(const std::string &url, const std::string &queuePath, std::string &error);
    /// Creates or upgrades the schema, grants and policies; run once by a role that may create
    /// tables.
    static Outcome initStore(const std::string &url);
    /// A URL with a password in it is refused: passwords come from libpq's usual places.
    static std::optional<std::string> urlProblem(const std::string &url);

    ~PostgresReviewStore() override;

    Outcome add(const VerdictRecord &record) override;
    std::vector<VerdictRecord> latest(const std::optional<std::string> &classMid) override;
    std::vector<VerdictRecord> history(const std::optional<std::string> &classMid) override;
    const std::string &reviewer() const override { return m_reviewer; }

    /// Verdicts waiting in the local queue.
    size_t queued() const;
    /// Sends what the queue holds; ok when it is empty afterwards.
    Outcome flushQueue();

private:
    PostgresReviewStore(PGconn *connection, std::string url, std::string queuePath,
                        std::string reviewer);
    bool connected();
    Outcome insert(const VerdictRecord &record, const std::string &clientId);
    std::vector<VerdictRecord> select(const std::string &where,
                                      const std::optional<std::string> &classMid);

    PGconn *m_connection;
    std::string m_url;
    std::string m_queuePath;
    std::string m_reviewer;
};

} // namespace audioset
