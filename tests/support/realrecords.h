#pragma once

#include <QString>

#include <functional>
#include <string>

namespace audioset::test {

/// Calls `visit` with each record of every real shard under ../shared (the shard's path, the
/// record's bytes) until it returns false. Gives the number of records visited, or -1 when the
/// real files are missing or a shard cannot be read.
int forEachRealRecord(
    const std::function<bool(const QString &shard, const std::string &bytes)> &visit);

} // namespace audioset::test
