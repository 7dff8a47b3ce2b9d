// Writes a seed corpus for every fuzz target from the real release files:
//   make_seeds DATA_DIR OUT_DIR   (OUT_DIR/<target>/ for each target)
#include "bytestream.h"
#include "subsetselection.h"
#include "tarwriter.h"
#include "tfrecord.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <zlib.h>

namespace fs = std::filesystem;
using namespace audioset;

namespace {

std::string readFile(const fs::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string firstLines(const std::string &text, size_t count) {
    size_t end = 0;
    for (size_t i = 0; i < count && end != std::string::npos; ++i)
        end = text.find('\n', end + 1);
    return end == std::string::npos ? text : text.substr(0, end + 1);
}

std::string gzip(const std::string &data) {
    uLongf size = compressBound(static_cast<uLong>(data.size())) + 32;
    std::string out(size, '\0');
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

class Corpus {
public:
    explicit Corpus(fs::path root)
        : m_root(std::move(root)) {}
    void add(const std::string &target, const std::string &bytes) {
        const fs::path dir = m_root / target;
        fs::create_directories(dir);
        std::ofstream(dir / ("seed-" + std::to_string(m_count++)), std::ios::binary) << bytes;
    }

private:
    fs::path m_root;
    int m_count = 0;
};

std::vector<fs::path> someShards(const fs::path &data, size_t count) {
    std::vector<fs::path> shards;
    for (const char *split : {"eval", "bal_train"}) {
        std::vector<fs::path> all;
        for (const auto &entry : fs::directory_iterator(data / "audioset_v1_embeddings" / split))
            all.push_back(entry.path());
        std::sort(all.begin(), all.end());
        for (size_t i = 0; i < all.size() && i < count; ++i)
            shards.push_back(all[i * (all.size() / count)]);
    }
    return shards;
}

} // namespace

int main(int argc, char **argv) {
    if (argc != 3) {
        std::cerr << "usage: make_seeds DATA_DIR OUT_DIR\n";
        return 2;
    }
    const fs::path data = argv[1];
    Corpus corpus(argv[2]);
    const std::string eval = readFile(data / "eval_segments.csv");
    const std::string balanced = readFile(data / "balanced_train_segments.csv");
    if (eval.empty() || balanced.empty()) {
        std::cerr << "make_seeds: no segment CSVs in " << data << "\n";
        return 1;
    }
    std::istringstream lines(eval);
    std::string line;
    for (int i = 0; std::getline(lines, line) && i < 2000; ++i)
        if (i < 3 || i % 40 == 0) corpus.add("segment_line", line);
    corpus.add("segment_csv", firstLines(eval, 60));
    corpus.add("segment_csv", firstLines(balanced, 30));
    corpus.add("segment_csv", gzip(firstLines(eval, 200)));
    corpus.add("ontology", readFile(data / "ontology.json"));
    const std::string labels = readFile(data / "class_labels_indices.csv");
    corpus.add("label_index", labels);
    corpus.add("label_index", firstLines(labels, 20));
    const std::string quality = readFile(data / "qa_true_counts.csv");
    corpus.add("quality", firstLines(quality, 12));
    corpus.add("quality", "label_id,num_rated,num_true\n0,10,9\n3,4,1\n/m/5,0,0\n");
    corpus.add("rerated", firstLines(readFile(data / "rerated_video_ids.txt"), 300));
    corpus.add("gzip", gzip(firstLines(eval, 100)));
    corpus.add("gzip", gzip(firstLines(eval, 10)) + gzip(firstLines(balanced, 10)));

    std::string tar;
    size_t records = 0;
    for (const fs::path &shard : someShards(data, 8)) {
        const std::string bytes = readFile(shard);
        corpus.add("tfrecord", std::string(1, '\1') + bytes);
        corpus.add("gzip", gzip(bytes));
        if (tar.size() < 64 * 1024) {
            const std::string name = "audioset_v1_embeddings/" +
                                     shard.parent_path().filename().string() + "/" +
                                     shard.filename().string();
            tar += TarGzWriter::header(name, bytes.size()) + bytes +
                   std::string((512 - bytes.size() % 512) % 512, '\0');
        }
        MemoryStream stream(bytes);
        TfRecordReader reader(stream);
        std::string record, error;
        while (records < 40 && reader.next(record, error) == TfRecordReader::Status::Record) {
            corpus.add("sequence_example", record);
            ++records;
        }
    }
    corpus.add("tar", tar + std::string(1024, '\0'));

    SubsetSelection selection;
    corpus.add("selection", selection.toJson());
    selection.include = {ClassRule::parse("/m/04rlf+"), ClassRule::parse("/m/09x0r")};
    selection.exclude = {ClassRule::parse("/m/068hy+")};
    selection.splits = {Split::Eval, Split::BalancedTrain};
    selection.rerated = true;
    selection.minQuality = 0.7;
    selection.qualityOnWilsonLowerBound = true;
    selection.requireEmbeddings = true;
    selection.perClassMax = 20;
    selection.seed = 7;
    corpus.add("selection", selection.toJson());
    selection.perClassMax.reset();
    selection.balancedMin = 5;
    corpus.add("selection", selection.toJson());
    return 0;
}
