#include "realrecords.h"

#include "bytestream.h"
#include "clirunner.h"
#include "tfrecord.h"

#include <QDirIterator>

namespace audioset::test {

int forEachRealRecord(
    const std::function<bool(const QString &shard, const std::string &bytes)> &visit) {
    const QString data = realDataDir();
    if (data.isEmpty()) return -1;
    QDirIterator shards(data + QStringLiteral("/audioset_v1_embeddings"),
                        {QStringLiteral("*.tfrecord")}, QDir::Files, QDirIterator::Subdirectories);
    int records = 0;
    std::string bytes, error;
    while (shards.hasNext()) {
        const QString path = shards.next();
        FileStream stream;
        if (!stream.open(path.toStdString())) return -1;
        TfRecordReader reader(stream);
        while (reader.next(bytes, error) == TfRecordReader::Status::Record) {
            ++records;
            if (!visit(path, bytes)) return records;
        }
    }
    return records;
}

} // namespace audioset::test
