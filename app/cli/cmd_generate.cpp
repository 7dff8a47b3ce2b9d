#include "clioptions.h"
#include "commands.h"
#include "terminalprogress.h"

#include "demogenerator.h"

namespace audioset::cli {

int runGenerateDemo(const QStringList &args) {
    CliOptions options(QStringLiteral("generate-demo"),
                       QStringLiteral("Writes a SYNTHETIC dataset in the release's formats."));
    options.parser().addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Output folder."));
    options.parser().addOption({QStringLiteral("segments"),
                                QStringLiteral("unbalanced_train segments (default 200000); the "
                                               "other splits scale as in the release."),
                                QStringLiteral("N")});
    options.parser().addOption(
        {QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("N")});
    options.parser().addOption(
        {QStringLiteral("no-features"), QStringLiteral("Skip features.tar.gz (the embeddings).")});
    options.parser().addOption(
        {QStringLiteral("force"), QStringLiteral("Replace DIR if it exists and is not empty.")});
    options.parser().addOption(
        {QStringLiteral("shuffle"), QStringLiteral("Write the segment CSVs' rows in a random order "
                                                   "(the release sorts them by YouTube id).")});
    if (auto exit = options.parse(args)) return *exit;
    const QStringList positional = options.parser().positionalArguments();
    if (positional.size() != 1)
        return options.usageError(QStringLiteral("expected one output DIR"));
    const auto segments = options.integer(QStringLiteral("segments"), 200'000);
    const auto seed = options.integer(QStringLiteral("seed"), 1);
    if (!segments || !seed) return Usage;
    if (*segments < 1 || *segments > 100'000'000)
        return options.usageError(QStringLiteral("--segments must be between 1 and 100000000"));

    DemoOptions demo;
    demo.dir = positional.first().toStdString();
    demo.unbalancedSegments = *segments;
    demo.seed = static_cast<uint64_t>(*seed);
    demo.features = !options.parser().isSet(QStringLiteral("no-features"));
    demo.replace = options.parser().isSet(QStringLiteral("force"));
    demo.shuffleRows = options.parser().isSet(QStringLiteral("shuffle"));
    TerminalProgress progress("generating");
    TerminalProgress::catchInterrupts();
    const Outcome outcome = generateDemo(demo, progress.callback());
    progress.finish();
    const QString message = QString::fromStdString(outcome.message);
    if (!outcome.isOk()) {
        printErr(QStringLiteral("audioset generate-demo: %1\n").arg(message));
        return outcome.isCancelled() ? Interrupted : Failure;
    }
    printErr(message + QLatin1Char('\n'));
    return Ok;
}

} // namespace audioset::cli
