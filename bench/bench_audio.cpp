// Local audio (issue 16): scanning a folder of 200,000 small audio files named after the
// segments of a generated 200,000-segment index (target < 10 s), beside listing the same
// folder with readdir and stat alone; and one segment's picture (decode 10 s of a 16 kHz WAV,
// spectrogram, image: target < 100 ms), beside reading the file's bytes; and the same in the
// window, from a mouse click on a row of the segment table to the picture painted in the
// inspector (finding the file in the index, decoding, the worker's hand-off, the paint).
#include "audiolibrary.h"
#include "audiopicture.h"
#include "audioview.h"
#include "benchsupport.h"
#include "catalog.h"
#include "mainwindow.h"
#include "segmentinspector.h"
#include "segmentpanel.h"
#include "segmenttablemodel.h"

#include <QApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace audioset;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A valid 16 kHz mono 16-bit WAV of `samples` samples of a 1 kHz tone.
std::string wavBytes(size_t samples) {
    std::string data(samples * 2, '\0');
    for (size_t i = 0; i < samples; ++i) {
        const auto value = static_cast<int16_t>(8000 * ((i / 8) % 2 ? 1 : -1));
        data[2 * i] = char(value & 0xff);
        data[2 * i + 1] = char((value >> 8) & 0xff);
    }
    auto le32 = [](uint32_t v) {
        return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
    };
    auto le16 = [](uint16_t v) { return std::string{char(v), char(v >> 8)}; };
    return "RIFF" + le32(uint32_t(36 + data.size())) + "WAVEfmt " + le32(16) + le16(1) + le16(1) +
           le32(16000) + le32(32000) + le16(2) + le16(16) + "data" + le32(uint32_t(data.size())) +
           data;
}

struct ClickFigures {
    int clicks = 0;
    double firstMs = 0, medianMs = 0, worstMs = 0;
};

// Opens the window on the index, selects `mid`, gives its first rows a 10 s clip each, then
// clicks each row and times until the inspector has painted that row's picture.
ClickFigures clickToPicture(const std::string &db, const QString &mid, const std::string &folder,
                            const std::string &clip) {
    ClickFigures figures;
    ui::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QSignalSpy ontology(&window, &ui::MainWindow::ontologyLoaded);
    if (!window.openIndex(QString::fromStdString(db), true) || !ontology.wait(30000))
        return figures;
    window.selectClass(mid);
    if (!QTest::qWaitFor([&] { return window.isSettled(); }, 30000)) return figures;
    ui::SegmentPanel *panel = window.segmentPanel();
    QTableView *table = panel->view();
    ui::AudioView *audio = window.inspector()->audio();
    // The rows whose segment has a file (the table lists every split; the files are for one).
    std::vector<int> rows;
    for (int row = 0; row < window.segmentModel()->rowCount() && rows.size() < 21; ++row)
        if (const SegmentRow *segment = window.segmentModel()->rowAt(row);
            segment && segment->hasAudio) {
            rows.push_back(row);
            std::ofstream(folder + "/Y" + segment->ytid + ".wav", std::ios::binary) << clip;
        }
    if (rows.empty()) std::printf("  (no row of %s has audio)\n", qPrintable(mid));
    QSignalSpy shown(audio, &ui::AudioView::pictureShown);
    std::vector<double> times;
    for (const int row : rows) {
        const QModelIndex index = window.segmentModel()->index(row, 1);
        table->scrollTo(index);
        QApplication::processEvents();
        const QPoint where = table->visualRect(index).center();
        const size_t before = size_t(shown.size());
        const auto start = Clock::now();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, where);
        if (!QTest::qWaitFor([&] { return size_t(shown.size()) > before; }, 10000) ||
            !audio->hasAudio()) {
            std::printf("  (row %d: %s)\n", row, qPrintable(audio->message()));
            return figures;
        }
        audio->picture()->repaint(); // the paint itself, at once
        const double ms = msSince(start);
        if (row == rows.front())
            figures.firstMs = ms; // it also starts the worker threads
        else
            times.push_back(ms);
    }
    std::sort(times.begin(), times.end());
    figures.clicks = int(times.size());
    figures.medianMs = times.empty() ? 0 : times[times.size() / 2];
    figures.worstMs = times.empty() ? 0 : times.back();
    return figures;
}

} // namespace

int main(int argc, char **argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // not the user's remembered folders and layout
    const std::string work = bench::makeTempDir("audioset-bench-audio");
    const std::string data = work + "/release", db = work + "/index.db";
    std::printf("Generating and indexing 200,000 synthetic unbalanced segments ...\n");
    if (bench::runChild(
            {AUDIOSET_CLI_PATH, "generate-demo", data, "--segments", "200000", "--no-features"})
                .exitCode != 0 ||
        bench::runChild({AUDIOSET_CLI_PATH, "index", data, "--db", db}).exitCode != 0)
        return 1;
    std::string error;
    auto catalog = Catalog::open(db, error);
    if (!catalog) return 1;
    SegmentQuery query;
    query.split = Split::UnbalancedTrain;
    query.limit = 200000;
    const SegmentPage page = catalog->segments(query);
    const std::string folder = work + "/audio/unbalanced_train";
    std::filesystem::create_directories(folder);
    const std::string small = wavBytes(160), clip = wavBytes(160000);
    std::printf("Writing %zu small files ...\n", page.rows.size());
    for (const SegmentRow &row : page.rows)
        std::ofstream(folder + "/Y" + row.ytid + ".wav", std::ios::binary) << small;
    const std::string clipPath = work + "/clip.wav";
    std::ofstream(clipPath, std::ios::binary) << clip;

    // Baseline: walk the folder and stat every file, nothing else.
    auto start = Clock::now();
    size_t listed = 0;
    for (const auto &entry : std::filesystem::recursive_directory_iterator(work + "/audio"))
        listed += entry.is_regular_file() && entry.file_size() > 0;
    const double walkMs = msSince(start);
    auto library = AudioLibrary::open(db, error);
    if (!library) return 1;
    start = Clock::now();
    const AudioScanReport first = library->scan({work + "/audio"}, {});
    const double scanMs = msSince(start);
    start = Clock::now();
    const AudioScanReport again = library->scan({work + "/audio"}, {});
    const double rescanMs = msSince(start);

    // Baseline: read the clip's bytes. Then the picture, as the inspector makes it.
    start = Clock::now();
    std::ifstream in(clipPath, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    const double readMs = msSince(start);
    double pictureMs = 1e9;
    for (int round = 0; round < 5; ++round) {
        start = Clock::now();
        const ui::AudioPictureData picture =
            ui::makeAudioPicture(QString::fromStdString(clipPath), 0);
        pictureMs = std::min(pictureMs, msSince(start));
        if (!picture.error.isEmpty() || picture.spectrogram.isNull()) return 1;
    }

    const ClickFigures clicks =
        clickToPicture(db, QString::fromStdString(page.rows.front().labels.front()), folder, clip);

    std::printf("\n%zu files listed and stat-ed in %.0f ms (baseline)\n", listed, walkMs);
    std::printf("  scan: %lld matched of %lld in %.0f ms (%.1fx the walk)  target < 10000 ms  %s\n",
                (long long)first.matchedFiles, (long long)first.audioFiles, scanMs, scanMs / walkMs,
                bench::verdict(scanMs < 10000 && first.matchedFiles == 200000));
    std::printf("  rescan, nothing changed: %.0f ms (%lld unchanged)\n", rescanMs,
                (long long)again.unchanged);
    std::printf("reading the 10 s clip's %zu bytes: %.2f ms (baseline)\n", bytes.size(), readMs);
    std::printf("  decode + spectrogram + image: %.1f ms  target < 100 ms  %s\n", pictureMs,
                bench::verdict(pictureMs < 100));
    std::printf(
        "  in the window, click on a row to its picture painted: median %.1f ms, worst "
        "%.1f ms over %d clicks (the first: %.1f ms)  target < 100 ms  %s\n",
        clicks.medianMs, clicks.worstMs, clicks.clicks, clicks.firstMs,
        bench::verdict(clicks.clicks >= 10 && std::max(clicks.worstMs, clicks.firstMs) < 100));
    removeTree(work);
    return 0;
}
