#pragma once

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace audioset::test {

/// A real PostgreSQL 15 server for one test: initdb and pg_ctl in a temporary folder, listening
/// on a Unix socket there only (no TCP), password authentication, stopped and removed at the
/// end. As root it runs the server as the postgres user, as initdb requires.
class PostgresServer {
public:
    PostgresServer();
    ~PostgresServer();

    /// Starts a new cluster with a database `review` and the given login roles (password =
    /// role name, written to a pgpass file that PGPASSFILE points to); false with error().
    /// With `durable`, the server syncs its writes (for benchmarks); tests run faster without.
    bool start(const QStringList &roles, bool durable = false);
    bool stop();
    bool restart();
    bool running() const { return m_running; }
    const QString &error() const { return m_error; }

    /// postgresql://ROLE@%2Fsocket%2Fdir:PORT/review
    QString url(const QString &role) const;
    /// Runs SQL as the superuser (in database postgres); the output, or a null string and
    /// error() on failure.
    QString sql(const QString &statement);
    /// Runs SQL as `role` in the review database; the same.
    QString sqlAs(const QString &role, const QString &statement);

private:
    bool run(const QString &program, const QStringList &arguments, QString *output = nullptr);
    QString binary(const QString &name) const;
    QString psqlAt(const QString &target, const QString &statement);

    QTemporaryDir m_dir;
    QString m_data, m_socket;
    int m_port = 0;
    bool m_running = false;
    bool m_durable = false;
    QString m_error;
};

} // namespace audioset::test
