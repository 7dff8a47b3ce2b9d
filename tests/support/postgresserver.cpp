#include "postgresserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QUrl>
#include <pwd.h>
#include <unistd.h>

namespace audioset::test {

namespace {
constexpr const char *kBinDir = "/usr/lib/postgresql/15/bin";
}

PostgresServer::PostgresServer() {
    static int next = 0;
    m_port = 25432 + (::getpid() % 2000) * 4 + next++ % 4;
}

PostgresServer::~PostgresServer() {
    if (m_running) stop();
}

QString PostgresServer::binary(const QString &name) const {
    return QStringLiteral("%1/%2").arg(QLatin1String(kBinDir), name);
}

// Runs a server program, as the postgres user when this process is root.
bool PostgresServer::run(const QString &program, const QStringList &arguments, QString *output) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (::getuid() == 0) {
        QStringList all{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
                        program};
        all += arguments;
        process.start(QStringLiteral("runuser"), all);
    } else {
        process.start(program, arguments);
    }
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        m_error =
            QStringLiteral("%1 failed: %2")
                .arg(QFileInfo(program).fileName(), QString::fromLocal8Bit(process.readAll()));
        return false;
    }
    if (output) *output = QString::fromLocal8Bit(process.readAll());
    return true;
}

bool PostgresServer::start(const QStringList &roles, bool durable) {
    m_durable = durable;
    if (!QFileInfo::exists(binary(QStringLiteral("initdb")))) {
        m_error = QStringLiteral("PostgreSQL 15 is not installed (%1)")
                      .arg(binary(QStringLiteral("initdb")));
        return false;
    }
    const QString root = m_dir.path();
    m_data = root + QStringLiteral("/data");
    m_socket = root + QStringLiteral("/socket");
    QDir().mkpath(m_socket);
    QDir().mkpath(m_data);
    QFile::setPermissions(root, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                    QFile::ReadOther | QFile::ExeOther);
    const QString passwordFile = root + QStringLiteral("/superuser-password");
    {
        QFile file(passwordFile);
        if (!file.open(QIODevice::WriteOnly)) return false;
        file.write("postgres\n");
    }
    if (::getuid() == 0) {
        const passwd *postgres = ::getpwnam("postgres");
        if (!postgres) {
            m_error = QStringLiteral("there is no postgres user to run the server as");
            return false;
        }
        for (const QString &path : {m_socket, m_data, passwordFile})
            if (::chown(path.toLocal8Bit().constData(), postgres->pw_uid, postgres->pw_gid) != 0)
                return false;
        QFile::setPermissions(m_socket, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                            QFile::ReadOther | QFile::WriteOther | QFile::ExeOther);
    }
    if (!run(binary(QStringLiteral("initdb")),
             {QStringLiteral("-D"), m_data, QStringLiteral("-U"), QStringLiteral("postgres"),
              QStringLiteral("--pwfile=") + passwordFile, QStringLiteral("--auth=scram-sha-256"),
              QStringLiteral("--no-sync"), QStringLiteral("--no-instructions")}))
        return false;
    // Every role's password is its name; libpq finds them in this pgpass file.
    const QString pgpass = root + QStringLiteral("/pgpass");
    {
        QFile file(pgpass);
        if (!file.open(QIODevice::WriteOnly)) return false;
        file.write("*:*:*:postgres:postgres\n");
        for (const QString &role : roles)
            file.write(QStringLiteral("*:*:*:%1:%1\n").arg(role).toUtf8());
    }
    QFile::setPermissions(pgpass, QFile::ReadOwner | QFile::WriteOwner);
    qputenv("PGPASSFILE", pgpass.toLocal8Bit());
    if (!restart()) return false;
    if (sql(QStringLiteral("CREATE DATABASE review")).isNull()) return false;
    for (const QString &role : roles)
        if (sql(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%1'").arg(role)).isNull())
            return false;
    return true;
}

bool PostgresServer::restart() {
    if (m_running && !stop()) return false;
    const QString options = QStringLiteral("-c listen_addresses='' -k %1 -p %2 -c fsync=%3")
                                .arg(m_socket)
                                .arg(m_port)
                                .arg(m_durable ? QStringLiteral("on") : QStringLiteral("off"));
    if (!run(binary(QStringLiteral("pg_ctl")),
             {QStringLiteral("-D"), m_data, QStringLiteral("-o"), options, QStringLiteral("-w"),
              QStringLiteral("-l"), m_data + QStringLiteral("/server.log"),
              QStringLiteral("start")}))
        return false;
    m_running = true;
    return true;
}

bool PostgresServer::stop() {
    if (!m_running) return true;
    const bool stopped =
        run(binary(QStringLiteral("pg_ctl")),
            {QStringLiteral("-D"), m_data, QStringLiteral("-m"), QStringLiteral("fast"),
             QStringLiteral("-w"), QStringLiteral("stop")});
    m_running = !stopped;
    return stopped;
}

QString PostgresServer::url(const QString &role) const {
    // Concatenated, not arg(): the encoded path is full of '%'.
    return QStringLiteral("postgresql://") + role + QLatin1Char('@') +
           QString::fromLatin1(QUrl::toPercentEncoding(m_socket)) + QLatin1Char(':') +
           QString::number(m_port) + QStringLiteral("/review");
}

QString PostgresServer::sql(const QString &statement) {
    return psqlAt(url(QStringLiteral("postgres"))
                      .replace(QStringLiteral("/review"), QStringLiteral("/postgres")),
                  statement);
}

QString PostgresServer::sqlAs(const QString &role, const QString &statement) {
    return psqlAt(url(role), statement);
}

QString PostgresServer::psqlAt(const QString &target, const QString &statement) {
    QProcess psql;
    psql.setProcessChannelMode(QProcess::MergedChannels);
    psql.start(QStringLiteral("psql"),
               {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-t"),
                QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-d"),
                target, QStringLiteral("-c"), statement});
    if (!psql.waitForFinished(30000) || psql.exitCode() != 0) {
        m_error = QStringLiteral("psql: ") + QString::fromLocal8Bit(psql.readAll());
        return QString();
    }
    const QString output = QString::fromLocal8Bit(psql.readAll()).trimmed();
    return output.isNull() ? QStringLiteral("") : output;
}

} // namespace audioset::test
