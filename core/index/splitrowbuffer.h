#pragma once

#include "packedytid.h"
#include "prefetch.h"
#include "segmentcsv.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace audioset {

class ClassGraph;

/// The valid rows of a segment CSV held in memory, so that they can be indexed in (ytid, start)
/// order whatever order the file has them in. Keeps 40 bytes a row plus its labels: as class ids
/// (two bytes each) where the text can be given back exactly from them, else as text.
class SplitRowBuffer {
public:
    /// Labels are kept as text only (the graph is not read).
    SplitRowBuffer() = default;
    /// Labels are looked up in `graph`, which must not change while rows are added (reading
    /// threads share it).
    explicit SplitRowBuffer(const ClassGraph &graph)
        : m_graph(&graph) {}

    /// The order rows are indexed in: by ytid (byte order), then start.
    static bool segmentBefore(const PackedYtid &a, int64_t aStartMs, const PackedYtid &b,
                              int64_t bStartMs) {
        return a != b ? a < b : aStartMs < bStartMs;
    }

    struct Row {
        uint64_t ytidHead = 0; // PackedYtid
        int64_t startMs = 0;
        int64_t endMs = 0;
        uint32_t line = 0;
        uint32_t labelsBegin = 0;
        uint32_t labelsSize = 0; // bytes
        uint8_t ytidLast = 0;
        uint8_t classCount = 0; // > 0: the labels are kept as this many class ids

        PackedYtid ytid() const { return {ytidHead, ytidLast}; }
    };

    /// Reserves room for the rows of a file of this many bytes: only what is filled becomes
    /// resident, and the buffers never grow by copying (which would double their peak).
    void reserveForFile(uint64_t fileBytes);
    /// Said of the row add() refused, and of the rest of the file.
    static constexpr const char *kTooManyRows =
        "more than 4 GiB of labels or 4 G lines in one file, too many to sort; this row and "
        "the rest are skipped";
    /// False when the file is beyond what 32-bit offsets address (4 GiB of labels or 4 G lines).
    bool add(const PackedYtid &ytid, int64_t startMs, int64_t endMs, uint64_t line,
             std::string_view labels);
    /// Adds a parsed row until the buffer is full, then drops the rest; false only for the
    /// first row dropped, which the caller reports (with kTooManyRows) once.
    bool keep(const SegmentLine &row, uint64_t line) {
        if (m_full) return true;
        m_full = !add(PackedYtid::pack(row.ytid), row.startMs, row.endMs, line, row.labels);
        return !m_full;
    }
    /// Orders the rows by (ytid, start), rows of one segment in file order.
    void sort();
    size_t size() const { return m_rows.size(); }
    const Row &at(size_t i) const { return m_rows[i]; }
    /// The labels of a row kept as text (classCount == 0).
    std::string_view labels(const Row &row) const {
        return {m_text.data() + row.labelsBegin, row.labelsSize};
    }
    /// The class ids of a row kept as ids (classCount > 0), in the text's order.
    void classIds(const Row &row, std::vector<int> &out) const {
        out.resize(row.classCount);
        for (size_t i = 0; i < row.classCount; ++i) {
            uint16_t id;
            std::memcpy(&id, m_text.data() + row.labelsBegin + 2 * i, sizeof id);
            out[i] = id;
        }
    }
    /// Asks for row i's labels to be brought into cache: sorted rows read them in random order.
    void prefetchLabels(size_t i) const {
        if (i >= m_rows.size()) return;
        const char *labels = m_text.data() + m_rows[i].labelsBegin;
        prefetchForRead(labels);
        prefetchForRead(labels + m_rows[i].labelsSize); // it may end on the next line
    }

private:
    // The ids of `labels` when each names a class of the ontology or the label index and none
    // comes twice: then joining their mids gives the text back. 0 when not.
    size_t findClassIds(std::string_view labels, uint16_t *ids, size_t capacity) const;

    const ClassGraph *m_graph = nullptr;
    std::vector<Row> m_rows;
    bool m_full = false;
    std::string m_text;
};

} // namespace audioset
