// mozart-studio: the studio window. `mozart-studio [FILE.mid | FOLDER]` opens a piece in the piano
// roll or a folder in the dataset browser; `mozart-studio --bench` measures the piano roll and the
// event loop instead (see docs/studio.md).
#include <QApplication>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <QCommandLineParser>
#include <QIcon>
#include <QLineEdit>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include "BuildInfo.h"
#include "generate/GenerateForm.h"
#include "generate/GeneratePanel.h"
#include "generate/ModelPicker.h"
#include "mainwindow/MainWindow.h"
#include "mainwindow/SettingsCheck.h"
#include "model/CpuRuntime.h"
#include "studio/StudioBenchmark.h"

int main(int argc, char** argv) {
    // Answered before QApplication exists, so that it works without a display (package tests, ssh).
    if (std::any_of(argv + 1, argv + argc, [](const char* a) { return std::strcmp(a, "--version") == 0 || std::strcmp(a, "-v") == 0; })) {
        std::printf("mozart-studio %s\n", mozart::app::versionLine());
        return 0;
    }
    // Before any thread exists: idle training and generation threads must sleep, not spin on the
    // core the GUI thread needs (see model/CpuRuntime.h).
    mozart::model::ensurePassiveThreadWaiting(argv);
    // A training step frees and allocates hundreds of MB: kept in the heap instead of unmapped and
    // faulted in again every step, which also holds the address-space lock the GUI thread's own
    // allocations and page faults wait for (the CLI does the same).
    mozart::model::keepFreedMemory();
    const bool benchMode = std::any_of(argv + 1, argv + argc, [](const char* a) { return std::strcmp(a, "--bench") == 0; });
    const std::unique_ptr<QApplication> application =
        benchMode ? mozart::studio::makeBenchApplication(argc, argv) : std::make_unique<QApplication>(argc, argv);
    QApplication& app = *application;
    QApplication::setOrganizationName(QStringLiteral("Mozart Studio"));
    QApplication::setApplicationName(QStringLiteral("mozart-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Mozart Studio"));
    QApplication::setApplicationVersion(QString::fromUtf8(mozart::app::versionLine()));
    // The installed .desktop file (its name is the AppStream id): Wayland and task bars match the window to it.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.mozartstudio.MozartStudio"));
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/mozart-studio-%1.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(icon);
    // Before any widget reads or writes them: a damaged or newer settings file must not stop the studio
    // (the window says what was reset).
    mozart::ui::checkSettings();

    // Qt's own strings and ours, in the user's language when we have it.
    QTranslator qtTranslator, studioTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    if (studioTranslator.load(QLocale(), QStringLiteral("mozart_studio"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&studioTranslator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Mozart Studio: browse, hear, edit and export MIDI"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("path"),
                                 QApplication::translate("main", "A MIDI file to open, or a folder of MIDI files"),
                                 QStringLiteral("[FILE.mid | FOLDER]..."));
    QCommandLineOption bench(QStringLiteral("bench"),
                             QApplication::translate("main", "Measure piano-roll repaint time and event-loop blocking, then exit"));
    QCommandLineOption benchCorpus(QStringLiteral("corpus"),
                                   QApplication::translate("main", "Folder of MIDI files for --bench"),
                                   QStringLiteral("folder"));
    QCommandLineOption benchQuick(QStringLiteral("bench-quick"),
                                  QApplication::translate("main", "With --bench: one short round of each measurement (a smoke test)"));
    parser.addOption(bench);
    parser.addOption(benchCorpus);
    parser.addOption(benchQuick);
    QCommandLineOption generateText(QStringLiteral("generate"),
                                    QApplication::translate("main", "Start generating a new piece described in words, e.g. \"Bach, 16 bars, C major\""),
                                    QStringLiteral("text"));
    QCommandLineOption generateModel(QStringLiteral("model"),
                                     QApplication::translate("main", "Model for the Generate panel: a file, checkpoint folder or run folder"),
                                     QStringLiteral("model"));
    parser.addOption(generateText);
    parser.addOption(generateModel);
    parser.process(app);

    if (parser.isSet(bench)) {
        mozart::studio::BenchOptions options;
        options.corpus = parser.value(benchCorpus);
        options.model = parser.value(generateModel);  // --model: the generation figures' model
        options.quick = parser.isSet(benchQuick);
        return mozart::studio::runStudioBenchmark(options);
    }

    mozart::ui::MainWindow window;
    window.show();
    // Several paths may be given: a folder and a piece open side by side.
    for (const QString& path : parser.positionalArguments()) window.openPath(path);
    if (parser.isSet(generateModel)) window.generatePanel()->modelPicker()->selectModel(parser.value(generateModel));
    if (parser.isSet(generateText)) {
        window.generatePanel()->form()->promptLine()->setText(parser.value(generateText));
        window.generatePanel()->form()->applyPromptLine();
        window.generatePanel()->generate(mozart::ui::GeneratePanel::Mode::NewPiece);
    }
    return app.exec();
}
