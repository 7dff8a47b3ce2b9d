#include "postgresreviewstore.h"

#include "outputfiles.h"
#include "verdictqueue.h"

#include <cstdio>
#include <cstdlib>

#include <libpq-fe.h>
#include <memory>

namespace audioset {

namespace {

// Version 1 of the store: made or brought up to date by initStore, idempotently.
const char *const kSchema = R"sql(
CREATE SCHEMA IF NOT EXISTS audioset_review;
CREATE TABLE IF NOT EXISTS audioset_review.meta(key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS audioset_review.verdicts(
  id bigserial PRIMARY KEY,
  client_id text NOT NULL UNIQUE,
  split smallint NOT NULL CHECK (split BETWEEN 0 AND 2),
  ytid text NOT NULL,
  start_ms bigint NOT NULL,
  class_mid text NOT NULL,
  verdict text NOT NULL CHECK (verdict IN ('present', 'absent', 'unsure', 'cleared')),
  reviewer name NOT NULL DEFAULT current_user,
  given_at_ms bigint NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now(),
  note text NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS verdicts_by_class ON audioset_review.verdicts(class_mid, split);
GRANT USAGE ON SCHEMA audioset_review TO PUBLIC;
GRANT SELECT ON audioset_review.meta TO PUBLIC;
GRANT SELECT, INSERT ON audioset_review.verdicts TO PUBLIC;
GRANT USAGE ON SEQUENCE audioset_review.verdicts_id_seq TO PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audioset_review.verdicts FROM PUBLIC;
ALTER TABLE audioset_review.verdicts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS everyone_reads ON audioset_review.verdicts;
CREATE POLICY everyone_reads ON audioset_review.verdicts FOR SELECT USING (true);
DROP POLICY IF EXISTS own_verdicts_only ON audioset_review.verdicts;
CREATE POLICY own_verdicts_only ON audioset_review.verdicts FOR INSERT
  WITH CHECK (reviewer = current_user);
INSERT INTO audioset_review.meta VALUES ('schema_version', '1')
  ON CONFLICT (key) DO UPDATE SET value = excluded.value;
)sql";

const char *const kColumns = "SELECT split, ytid, start_ms, class_mid, verdict, reviewer, "
                             "given_at_ms, note FROM audioset_review.verdicts ";

struct ResultDeleter {
    void operator()(PGresult *result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string errorOf(PGconn *connection) {
    std::string message = PQerrorMessage(connection);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    return message;
}

int64_t number(const PGresult *result, int row, int column) {
    return std::strtoll(PQgetvalue(result, row, column), nullptr, 10);
}

} // namespace

std::string defaultQueuePath(const std::string &url) {
    const char *data = std::getenv("XDG_DATA_HOME");
    const char *home = std::getenv("HOME");
    std::string dir = data && *data ? data : std::string(home ? home : "/tmp") + "/.local/share";
    dir += "/audioset-browser/review-queues";
    makeDirectories(dir);
    uint64_t hash = 1469598103934665603ull; // FNV-1a
    for (unsigned char c : url)
        hash = (hash ^ c) * 1099511628211ull;
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.tsv", static_cast<unsigned long long>(hash));
    return dir + '/' + name;
}

std::optional<std::string> PostgresReviewStore::urlProblem(const std::string &url) {
    if (url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0)
        return "expected postgresql://[USER@]HOST[:PORT]/DBNAME, got '" + url + "'";
    const size_t authority = url.find("://") + 3;
    const size_t at = url.find('@', authority);
    const size_t slash = url.find('/', authority);
    if (at != std::string::npos && (slash == std::string::npos || at < slash) &&
        url.substr(authority, at - authority).find(':') != std::string::npos)
        return std::string("the URL holds a password; put it in ~/.pgpass or PGPASSWORD instead");
    if (url.find("password=") != std::string::npos)
        return std::string("the URL holds a password; put it in ~/.pgpass or PGPASSWORD instead");
    return std::nullopt;
}

Outcome PostgresReviewStore::initStore(const std::string &url) {
    if (auto problem = urlProblem(url)) return Outcome::failed(*problem);
    PGconn *connection = PQconnectdb(url.c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
        const std::string error = errorOf(connection);
        PQfinish(connection);
        return Outcome::failed("cannot connect to " + url + ": " + error);
    }
    PQsetNoticeProcessor(
        connection, [](void *, const char *) {}, nullptr); // "does not exist, skipping"
    Result result(PQexec(connection, (std::string("BEGIN;") + kSchema + "COMMIT;").c_str()));
    const bool ok = PQresultStatus(result.get()) == PGRES_COMMAND_OK;
    const std::string error = ok ? std::string() : errorOf(connection);
    PQfinish(connection);
    if (!ok) return Outcome::failed("cannot make the review store at " + url + ": " + error);
    return Outcome::ok("the review store at " + url + " is ready (schema " +
                       std::to_string(kSchemaVersion) + ")");
}

std::unique_ptr<PostgresReviewStore> PostgresReviewStore::open(const std::string &url,
                                                               const std::string &queuePath,
                                                               std::string &error) {
    if (auto problem = urlProblem(url)) {
        error = *problem;
        return nullptr;
    }
    PGconn *connection = PQconnectdb(url.c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
        error = "cannot connect to " + url + ": " + errorOf(connection);
        PQfinish(connection);
        return nullptr;
    }
    Result version(PQexec(connection, "SELECT value, current_user FROM audioset_review.meta "
                                      "WHERE key = 'schema_version'"));
    if (PQresultStatus(version.get()) != PGRES_TUPLES_OK || PQntuples(version.get()) != 1) {
        error = url +
                " holds no review store yet (make it once with: audioset review init-store "
                "--review-store " +
                url + ")";
        PQfinish(connection);
        return nullptr;
    }
    if (std::atoi(PQgetvalue(version.get(), 0, 0)) > kSchemaVersion) {
        error = url + " was made by a newer AudioSet Browser; update this one";
        PQfinish(connection);
        return nullptr;
    }
    const std::string reviewer = PQgetvalue(version.get(), 0, 1);
    auto store = std::unique_ptr<PostgresReviewStore>(
        new PostgresReviewStore(connection, url, queuePath, reviewer));
    store->flushQueue();
    return store;
}

PostgresReviewStore::PostgresReviewStore(PGconn *connection, std::string url, std::string queuePath,
                                         std::string reviewer)
    : m_connection(connection)
    , m_url(std::move(url))
    , m_queuePath(std::move(queuePath))
    , m_reviewer(std::move(reviewer)) {}

PostgresReviewStore::~PostgresReviewStore() {
    PQfinish(m_connection);
}

// True when the connection is usable, reconnecting once libpq has seen it drop. A drop is only
// seen by the next statement, so callers try once more after a failure that left it bad.
bool PostgresReviewStore::connected() {
    if (PQstatus(m_connection) == CONNECTION_OK) return true;
    PQreset(m_connection);
    return PQstatus(m_connection) == CONNECTION_OK;
}

Outcome PostgresReviewStore::insert(const VerdictRecord &record, const std::string &clientId) {
    const std::string split = std::to_string(splitIndex(record.label.split));
    const std::string start = std::to_string(record.label.startMs);
    const std::string at = std::to_string(record.givenAtMs);
    const char *values[] = {clientId.c_str(),
                            split.c_str(),
                            record.label.ytid.c_str(),
                            start.c_str(),
                            record.label.classMid.c_str(),
                            verdictName(record.verdict).data(),
                            at.c_str(),
                            record.note.c_str()};
    // The reviewer is left to the server (current_user); a verdict sent twice is stored once.
    Result result(PQexecParams(m_connection,
                               "INSERT INTO audioset_review.verdicts(client_id, split, ytid, "
                               "start_ms, class_mid, verdict, given_at_ms, note) "
                               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                               "ON CONFLICT (client_id) DO NOTHING",
                               8, nullptr, values, nullptr, nullptr, 0));
    if (PQresultStatus(result.get()) == PGRES_COMMAND_OK) return Outcome::ok();
    return Outcome::failed(errorOf(m_connection));
}

Outcome PostgresReviewStore::add(const VerdictRecord &record) {
    const std::string clientId = newClientId();
    for (int attempt = 0; attempt < 2 && connected(); ++attempt) {
        if (!flushQueue().isOk()) continue;
        const Outcome inserted = insert(record, clientId);
        // Stored, or refused by the server itself (a policy, a constraint): not for the queue.
        if (PQstatus(m_connection) == CONNECTION_OK) return inserted;
    }
    // The server is away: keep the verdict, send it when it is back.
    if (const std::string error = VerdictQueue(m_queuePath).append(clientId, record);
        !error.empty())
        return Outcome::failed("the server is away and " + error);
    return Outcome::ok("the server is away; the verdict is kept here and sent when it is back");
}

size_t PostgresReviewStore::queued() const {
    return VerdictQueue(m_queuePath).read().size();
}

Outcome PostgresReviewStore::flushQueue() {
    VerdictQueue queue(m_queuePath);
    const auto entries = queue.read();
    if (entries.empty()) return Outcome::ok();
    if (!connected()) return Outcome::failed("the server is away");
    Result begin(PQexec(m_connection, "BEGIN"));
    for (const auto &[clientId, record] : entries) {
        if (Outcome inserted = insert(record, clientId); !inserted.isOk()) {
            Result rollback(PQexec(m_connection, "ROLLBACK"));
            return inserted;
        }
    }
    Result commit(PQexec(m_connection, "COMMIT"));
    if (PQresultStatus(commit.get()) != PGRES_COMMAND_OK)
        return Outcome::failed(errorOf(m_connection));
    queue.clear(); // a crash before this sends them again, and the client ids keep them single
    return Outcome::ok();
}

std::vector<VerdictRecord> PostgresReviewStore::select(const std::string &where,
                                                       const std::optional<std::string> &classMid) {
    std::vector<VerdictRecord> records;
    const char *values[] = {classMid ? classMid->c_str() : ""};
    const std::string sql = std::string(kColumns) + where;
    Result result;
    for (int attempt = 0; attempt < 2 && connected(); ++attempt) {
        result.reset(
            PQexecParams(m_connection, sql.c_str(), 1, nullptr, values, nullptr, nullptr, 0));
        if (PQresultStatus(result.get()) == PGRES_TUPLES_OK) break;
    }
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) return records;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        VerdictRecord record;
        record.label.split = static_cast<Split>(number(result.get(), row, 0) % kSplitCount);
        record.label.ytid = PQgetvalue(result.get(), row, 1);
        record.label.startMs = number(result.get(), row, 2);
        record.label.classMid = PQgetvalue(result.get(), row, 3);
        record.verdict =
            verdictFromName(PQgetvalue(result.get(), row, 4)).value_or(Verdict::Unsure);
        record.reviewer = PQgetvalue(result.get(), row, 5);
        record.givenAtMs = number(result.get(), row, 6);
        record.note = PQgetvalue(result.get(), row, 7);
        records.push_back(std::move(record));
    }
    return records;
}

std::vector<VerdictRecord> PostgresReviewStore::latest(const std::optional<std::string> &classMid) {
    flushQueue();
    std::vector<VerdictRecord> records =
        select("WHERE id IN (SELECT max(id) FROM audioset_review.verdicts WHERE ($1 = '' OR "
               "class_mid = $1) GROUP BY reviewer, split, ytid, start_ms, class_mid) ORDER BY id",
               classMid);
    std::vector<VerdictRecord> current;
    for (VerdictRecord &record : records)
        if (record.verdict != Verdict::Cleared) current.push_back(std::move(record));
    return current;
}

std::vector<VerdictRecord>
PostgresReviewStore::history(const std::optional<std::string> &classMid) {
    flushQueue();
    return select("WHERE ($1 = '' OR class_mid = $1) ORDER BY id", classMid);
}

} // namespace audioset
