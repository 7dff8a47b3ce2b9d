#include "localreviewstore.h"

#include "schema.h"
#include "sqlitedb.h"

#include <pwd.h>
#include <unistd.h>

namespace audioset {

namespace {

const char *const kColumns =
    "SELECT split, ytid, start_ms, class_mid, verdict, reviewer, given_at_ms, note "
    "FROM review_verdicts ";

VerdictRecord readRecord(const Statement &row) {
    VerdictRecord record;
    record.label.split = static_cast<Split>(row.columnInt(0) % kSplitCount);
    record.label.ytid = row.columnString(1);
    record.label.startMs = row.columnInt(2);
    record.label.classMid = row.columnString(3);
    record.verdict = verdictFromName(row.columnText(4)).value_or(Verdict::Unsure);
    record.reviewer = row.columnString(5);
    record.givenAtMs = row.columnInt(6);
    record.note = row.columnString(7);
    return record;
}

} // namespace

std::string defaultReviewerName() {
    if (const passwd *entry = ::getpwuid(::getuid()); entry && entry->pw_name)
        return entry->pw_name;
    if (const char *user = ::getenv("USER")) return user;
    return "reviewer";
}

LocalReviewStore::LocalReviewStore(std::unique_ptr<Database> db, std::string reviewer)
    : m_db(std::move(db))
    , m_reviewer(std::move(reviewer)) {}

LocalReviewStore::~LocalReviewStore() = default;

std::unique_ptr<LocalReviewStore>
LocalReviewStore::open(const std::string &path, const std::string &reviewer, std::string &error) {
    if (reviewer.empty()) {
        error = "a reviewer name is needed";
        return nullptr;
    }
    if (::access(path.c_str(), W_OK) != 0) {
        error = path + ": cannot write verdicts there (no such index, or read-only)";
        return nullptr;
    }
    try {
        auto db = std::make_unique<Database>(path, Database::Mode::ReadWrite);
        if (auto problem = schemaProblem(*db)) {
            error = path + " is not a usable AudioSet index: " + *problem;
            return nullptr;
        }
        if (!db->tableExists("segments")) {
            error = path + " holds no index yet";
            return nullptr;
        }
        db->exec("PRAGMA busy_timeout = 5000"); // an indexing run may hold the write lock
        db->exec("PRAGMA synchronous = FULL");
        db->exec(R"sql(
CREATE TABLE IF NOT EXISTS review_verdicts(
  id INTEGER PRIMARY KEY,
  split INTEGER NOT NULL,
  ytid TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  class_mid TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK(verdict IN ('present', 'absent', 'unsure', 'cleared')),
  reviewer TEXT NOT NULL,
  given_at_ms INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS review_verdicts_by_class ON review_verdicts(class_mid, split);
)sql");
        return std::unique_ptr<LocalReviewStore>(new LocalReviewStore(std::move(db), reviewer));
    } catch (const SqliteError &e) {
        error = path + " is not a usable AudioSet index: " + e.what();
        return nullptr;
    }
}

Outcome LocalReviewStore::add(const VerdictRecord &record) {
    try {
        Statement insert = m_db->prepare(
            "INSERT INTO review_verdicts(split, ytid, start_ms, class_mid, verdict, reviewer, "
            "given_at_ms, note) VALUES(?,?,?,?,?,?,?,?)");
        insert.bind(1, splitIndex(record.label.split))
            .bind(2, record.label.ytid)
            .bind(3, record.label.startMs)
            .bind(4, record.label.classMid)
            .bind(5, verdictName(record.verdict))
            .bind(6, m_reviewer)
            .bind(7, record.givenAtMs)
            .bind(8, record.note);
        insert.run(); // autocommit with synchronous=FULL: durable when this returns
        return Outcome::ok();
    } catch (const SqliteError &e) {
        return Outcome::failed(std::string("the verdict was not saved: ") + e.what());
    }
}

std::vector<VerdictRecord> LocalReviewStore::query(const std::string &sql,
                                                   const std::optional<std::string> &classMid) {
    Statement rows = m_db->prepare(sql);
    rows.bind(1, classMid ? std::string_view(*classMid) : std::string_view());
    rows.bind(2, classMid ? 1 : 0);
    std::vector<VerdictRecord> records;
    while (rows.step())
        records.push_back(readRecord(rows));
    return records;
}

std::vector<VerdictRecord> LocalReviewStore::latest(const std::optional<std::string> &classMid) {
    // The highest id per reviewer and label is the latest verdict.
    std::vector<VerdictRecord> records = query(
        std::string(kColumns) +
            "WHERE id IN (SELECT max(id) FROM review_verdicts WHERE (?2 = 0 OR class_mid = ?1) "
            "GROUP BY reviewer, split, ytid, start_ms, class_mid) ORDER BY id",
        classMid);
    std::vector<VerdictRecord> current;
    for (VerdictRecord &record : records)
        if (record.verdict != Verdict::Cleared) current.push_back(std::move(record));
    return current;
}

std::vector<VerdictRecord> LocalReviewStore::history(const std::optional<std::string> &classMid) {
    return query(std::string(kColumns) + "WHERE (?2 = 0 OR class_mid = ?1) ORDER BY id", classMid);
}

} // namespace audioset
