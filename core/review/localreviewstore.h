#pragma once

#include "reviewstore.h"

#include <memory>

namespace audioset {

class Database;

/// Verdicts in the index file itself (table review_verdicts, which re-indexing leaves alone),
/// under the reviewer name given. Each add is its own transaction, synced to disk before it
/// returns: a crash or kill -9 loses no verdict the screen showed as saved.
class LocalReviewStore : public ReviewStore {
public:
    /// Opens the index at `path` for reviewing; nullptr with `error` when it cannot.
    static std::unique_ptr<LocalReviewStore> open(const std::string &path,
                                                  const std::string &reviewer, std::string &error);
    ~LocalReviewStore() override;

    Outcome add(const VerdictRecord &record) override;
    std::vector<VerdictRecord> latest(const std::optional<std::string> &classMid) override;
    std::vector<VerdictRecord> history(const std::optional<std::string> &classMid) override;
    const std::string &reviewer() const override { return m_reviewer; }

private:
    LocalReviewStore(std::unique_ptr<Database> db, std::string reviewer);
    std::vector<VerdictRecord> query(const std::string &sql,
                                     const std::optional<std::string> &classMid);

    std::unique_ptr<Database> m_db;
    std::string m_reviewer;
};

/// The login name, for a local store without --reviewer.
std::string defaultReviewerName();

} // namespace audioset
