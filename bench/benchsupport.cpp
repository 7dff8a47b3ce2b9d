#include "benchsupport.h"

#include "demogenerator.h"

#include <cstdio>

#include <algorithm>
#include <cstdlib>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace audioset::bench {

ChildRun runChild(const std::vector<std::string> &argv, const std::string &stdinFile) {
    std::vector<char *> args;
    for (const std::string &arg : argv)
        args.push_back(const_cast<char *>(arg.c_str()));
    args.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    if (!stdinFile.empty())
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, stdinFile.c_str(), O_RDONLY, 0);

    ChildRun run;
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return run;
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.peakRssKb = usage.ru_maxrss;
    auto seconds = [](const timeval &t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    run.cpuSeconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    posix_spawn_file_actions_destroy(&actions);
    return run;
}

double medianMs(int repeats, const std::function<void()> &work) {
    std::vector<double> samples;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        samples.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

std::string makeTempDir(const std::string &prefix) {
    const char *base = std::getenv("TMPDIR");
    std::string pattern = std::string(base ? base : "/tmp") + "/" + prefix + "-XXXXXX";
    return mkdtemp(pattern.data()) ? pattern : std::string();
}

bool generateDemoData(const std::string &dir, int64_t segments, bool features, bool shuffle) {
    std::printf("Generating %lld synthetic unbalanced_train segments%s%s in %s ...\n",
                static_cast<long long>(segments), features ? " with features" : "",
                shuffle ? ", rows shuffled" : "", dir.c_str());
    std::fflush(stdout);
    DemoOptions demo;
    demo.dir = dir;
    demo.unbalancedSegments = segments;
    demo.features = features;
    demo.shuffleRows = shuffle;
    const Outcome outcome = generateDemo(demo);
    if (outcome.isOk()) return true;
    std::fprintf(stderr, "generate: %s\n", outcome.message.c_str());
    return false;
}

std::string makeDemoIndex(const std::string &work, int64_t segments) {
    const std::string data = work + "/release";
    const std::string db = work + "/index.db";
    if (!generateDemoData(data, segments, true)) return {};
    if (runChild({AUDIOSET_CLI_PATH, "index", data, "--db", db}).exitCode != 0) {
        std::fprintf(stderr, "indexing %s failed\n", data.c_str());
        return {};
    }
    return db;
}

const char *verdict(bool ok) {
    return ok ? "PASS" : "FAIL";
}

} // namespace audioset::bench
