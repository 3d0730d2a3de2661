// The samples timeline's core (generate/TimelineSample.h): a sample from a weights snapshot lands
// as the model file, the piece and its recipe in RUN/samples; the recipe regenerates the same
// bytes from that model file; a step that has a sample keeps it; the listing sorts by step and
// ignores what is not a sample; a folder that cannot be written gives a message, not a throw.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "GenerationFixtures.h"
#include "generate/GenerationJob.h"
#include "generate/Recipe.h"
#include "generate/TimelineSample.h"
#include "midi/SmfWriter.h"

using namespace mozart;
namespace fs = std::filesystem;

namespace {

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

model::ModelFile::SaveOptions description() {
    model::ModelFile::SaveOptions o;
    o.labels = {"Haydn", "Mozart"};
    o.notes["run"] = "timeline-test";
    return o;
}

}  // namespace

class TestTimelineSample : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void writesTheSampleAndItsRecipeRegeneratesIt() {
        const std::string run = dir_.filePath("run").toStdString();
        fs::create_directories(run);
        const model::Transformer weights = gentest::tinyModel(3, 2);
        generate::TimelineSampleRequest request;
        request.runFolder = run;
        request.step = 250;
        std::string error;
        const auto sample = generate::writeTimelineSample(weights, gentest::richTokenizer().config().toMidiTokJson(),
                                                          description(), request, &error);
        QVERIFY2(sample, error.c_str());
        QCOMPARE(sample->step, std::int64_t(250));
        QCOMPARE(sample->midiFile, run + "/samples/step-250.mid");
        QCOMPARE(sample->composer, std::string("Haydn"));  // the first label
        QCOMPARE(sample->seed, std::uint64_t(1));
        QCOMPARE(sample->bars, 4);
        const std::string bytes = readAll(sample->midiFile);
        QVERIFY(bytes.size() > 100);
        QVERIFY(bytes.find("mozart-recipe ") != std::string::npos);  // the recipe inside

        // The recipe names the model file beside it, and makes the same bytes again from it.
        const auto recipe = generate::parseRecipe(readAll(run + "/samples/step-250.json"), &error);
        QVERIFY2(recipe, error.c_str());
        QCOMPARE(recipe->checkpointId, generate::fileSha256(sample->modelFile, &error));
        auto model = generate::loadModel(sample->modelFile, &error);
        QVERIFY2(model, error.c_str());
        QCOMPARE(model->info.labels, std::vector<std::string>({"Haydn", "Mozart"}));
        QCOMPARE(model->info.notes.at("step"), std::string("250"));
        auto prepared = generate::prepareGeneration(*model, recipe->settings, &error);
        QVERIFY2(prepared, error.c_str());
        model->net->setDecodeBf16(true);
        generate::Generator generator(*model->net, *model->tokenizer);
        const auto result = generator.run(prepared->request);
        QVERIFY2(result.error.empty(), result.error.c_str());
        const auto again = midi::SmfWriter::encode(generate::pieceOf(*model, *prepared, result.sequences.front(), *recipe));
        QCOMPARE(std::string(again.begin(), again.end()), bytes);

        // The same step again (a resumed run passing it): the sample is kept as it was.
        const auto before = fs::last_write_time(sample->midiFile);
        const auto kept = generate::writeTimelineSample(gentest::tinyModel(4, 2), gentest::richTokenizer().config().toMidiTokJson(),
                                                        description(), request, &error);
        QVERIFY2(kept, error.c_str());
        QCOMPARE(fs::last_write_time(sample->midiFile), before);
        QCOMPARE(readAll(sample->midiFile), bytes);
    }

    void listsSamplesByStepAndIgnoresTheRest() {
        const std::string run = dir_.filePath("listed").toStdString();
        fs::create_directories(run);
        for (std::int64_t step : {30, 4}) {
            generate::TimelineSampleRequest request;
            request.runFolder = run;
            request.step = step;
            request.bars = 2;
            request.seed = 9;
            std::string error;
            QVERIFY2(generate::writeTimelineSample(gentest::tinyModel(1, 2), gentest::richTokenizer().config().toMidiTokJson(),
                                                   description(), request, &error),
                     error.c_str());
        }
        // Not samples: a name that is no step, a recipe without its piece, a damaged recipe.
        for (const char* junk : {"step-abc.json", "step-.json", "notes.json", "step-77.json"}) std::ofstream(run + "/samples/" + junk) << "{}";
        std::ofstream(run + "/samples/step-5.json") << "not json";
        std::ofstream(run + "/samples/step-5.mid") << "MThd";
        const auto listed = generate::listTimelineSamples(run);
        QCOMPARE(int(listed.size()), 2);
        QCOMPARE(listed[0].step, std::int64_t(4));
        QCOMPARE(listed[1].step, std::int64_t(30));
        QCOMPARE(listed[1].bars, 2);
        QCOMPARE(listed[1].seed, std::uint64_t(9));
        QVERIFY(generate::listTimelineSamples(dir_.filePath("no-such-run").toStdString()).empty());
    }

    void unwritableFolderIsAMessage() {
        const std::string run = dir_.filePath("blocked").toStdString();
        std::ofstream(run) << "a file where the run folder should be";
        generate::TimelineSampleRequest request;
        request.runFolder = run;
        request.step = 1;
        std::string error;
        QVERIFY(!generate::writeTimelineSample(gentest::tinyModel(1, 2), gentest::richTokenizer().config().toMidiTokJson(),
                                               description(), request, &error));
        QVERIFY2(QString::fromStdString(error).contains(QString::fromStdString(run)), error.c_str());
    }
};

QTEST_MAIN(TestTimelineSample)
#include "tst_timelinesample.moc"
