// Replays every input the libFuzzer targets of issue 13 ever found (tests/fuzz/regressions/<target>/)
// through the same checks, in the ordinary build: a fixed crash, hang or huge allocation that comes
// back fails here (the targets abort on a broken contract). Each fuzz source is compiled in with its
// entry point renamed, so this test and the fuzzer can never check different things.
#include <QtTest>

#include <QDirIterator>

#define LLVMFuzzerTestOneInput fuzzTokenizerJson
#include "../fuzz/fuzz_tokenizerjson.cpp"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzzTokenCache
#include "../fuzz/fuzz_tokencache.cpp"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzzModelFile
#include "../fuzz/fuzz_modelfile.cpp"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzzTensorFile
#include "../fuzz/fuzz_tensorfile.cpp"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzzTrainerState
#include "../fuzz/fuzz_trainerstate.cpp"
#undef LLVMFuzzerTestOneInput

namespace {

using Target = int (*)(const std::uint8_t*, std::size_t);

int replay(const QString& target, Target run) {
    const QString folder = QStringLiteral(MOZART_SOURCE_DIR "/tests/fuzz/regressions/") + target;
    QDirIterator it(folder, QDir::Files);
    int files = 0;
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly)) return -1;
        const QByteArray bytes = file.readAll();
        run(reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size()));
        ++files;
    }
    return files;
}

// The trainer-state reader's verdict on one regression file: nullopt when accepted.
std::optional<std::string> trainerStateVerdict(const QByteArray& bytes) {
    QFile out(QString::fromStdString(stateFolder() + "/trainer-state.safetensors"));
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(bytes) != bytes.size()) return "unwritable";
    out.close();
    train::AdamW optimizer(tinyNetwork().namedParameters(), {});
    train::TrainerState state;
    return train::loadTrainerState(stateFolder(), optimizer, state, {});
}

}  // namespace

class TstFuzzRegressions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tokenizerJson() { QVERIFY(replay(QStringLiteral("fuzz_tokenizerjson"), &fuzzTokenizerJson) >= 3); }
    void tokenCache() { QVERIFY(replay(QStringLiteral("fuzz_tokencache"), &fuzzTokenCache) >= 1); }
    void modelFile() { QVERIFY(replay(QStringLiteral("fuzz_modelfile"), &fuzzModelFile) >= 2); }
    void tensorFile() { QVERIFY(replay(QStringLiteral("fuzz_tensorfile"), &fuzzTensorFile) >= 2); }
    void trainerState() { QVERIFY(replay(QStringLiteral("fuzz_trainerstate"), &fuzzTrainerState) >= 8); }
    // Some hostile states pass every contract the target can check after the fact (a step of "3abc"
    // read as 3): each must be refused by name, and the seed they were made from accepted.
    void trainerStateVerdicts() {
        const QDir folder(QStringLiteral(MOZART_SOURCE_DIR "/tests/fuzz/regressions/fuzz_trainerstate"));
        int refused = 0;
        for (const QString& name : folder.entryList(QDir::Files)) {
            QFile file(folder.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const auto verdict = trainerStateVerdict(file.readAll());
            if (name.startsWith(QStringLiteral("seed-"))) {
                QVERIFY2(!verdict, verdict ? verdict->c_str() : "");
            } else {
                QVERIFY2(verdict, qPrintable(name));
                ++refused;
            }
        }
        QVERIFY(refused >= 7);
    }
};

QTEST_APPLESS_MAIN(TstFuzzRegressions)
#include "tst_fuzzregressions.moc"
