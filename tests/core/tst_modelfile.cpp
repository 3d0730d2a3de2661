// ModelFile: bit-exact round trip (F32) and bf16 storage; every kind of bad file refused with a
// message naming the file and the problem (not a model, truncated anywhere, foreign or missing
// tensors, wrong shapes or dtypes, a header lying about offsets, a vocabulary that does not fit
// the tokenizer); saving is atomic.
#include <QtTest>

#include <fstream>
#include <iterator>
#include <random>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include "model/ModelFile.h"
#include "model/Safetensors.h"
#include "model/LoraAdapters.h"
#include "model/TensorFile.h"

using namespace mozart::model;

namespace {

ModelConfig small() {
    ModelConfig c;
    c.vocabSize = 37;
    c.width = 16;
    c.heads = 2;
    c.layers = 2;
    c.feedForward = 24;
    c.maxContext = 20;
    return c;
}

const std::string kTokenizer = R"({"config": {"pitch_range": [21, 109]}, "tokenization": "REMI"})";

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void writeAll(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
}

// A model file taken apart: header JSON and data bytes, to be edited and put back together.
struct Parts {
    nlohmann::json header;
    std::string data;

    explicit Parts(const std::string& file) {
        std::uint64_t n = 0;
        for (int i = 7; i >= 0; --i)
            n = (n << 8) | static_cast<unsigned char>(file[std::size_t(i)]);
        header = nlohmann::json::parse(file.substr(8, n));
        data = file.substr(8 + n);
    }
    std::string assemble() const {
        const std::string json = header.dump();
        std::string out(8, '\0');
        for (int i = 0; i < 8; ++i) out[std::size_t(i)] = char((json.size() >> (8 * i)) & 0xff);
        return out + json + data;
    }
    nlohmann::json& meta() { return header["__metadata__"]; }
};

}  // namespace

class TstModelFile : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string good_;  // path of a valid model file of small()
    std::string goodBytes_;

    std::string path(const char* name) const { return (dir_.path() + "/" + name).toStdString(); }

    // Writes `bytes` to a fresh file and loads it; the load must fail with `needle` in the message.
    void expectRefused(const std::string& bytes, const QString& needle,
                       ModelFile::LoadOptions options = {}) {
        const std::string file = path("bad.safetensors");
        writeAll(file, bytes);
        const auto result = ModelFile::load(file, options);
        QVERIFY(!result);
        QVERIFY(!result.model);
        const QString message = QString::fromStdString(result.error->toString());
        QVERIFY2(message.startsWith(QString::fromStdString(file) + ": "), qPrintable(message));
        QVERIFY2(message.contains(needle), qPrintable(message));
    }

private Q_SLOTS:
    void initTestCase() {
        at::set_num_threads(1);
        QVERIFY(dir_.isValid());
        good_ = path("good.safetensors");
        Transformer model(small(), 1);
        const auto error = ModelFile::save(good_, model, kTokenizer);
        QVERIFY2(!error, error ? error->toString().c_str() : "");
        goodBytes_ = readAll(good_);
    }

    void roundTripIsBitExact() {
        auto c = small();
        c.conditioningLabels = 3;
        c.conditioning = Conditioning::Prefix;
        c.tieEmbeddings = false;
        c.dropout = 0.25;
        Transformer model(c, 42);
        const std::string file = path("roundtrip.safetensors");
        QVERIFY(!ModelFile::save(file, model, kTokenizer));
        const auto loaded = ModelFile::load(file);
        QVERIFY2(loaded, loaded.error ? loaded.error->toString().c_str() : "");
        QVERIFY(loaded.info.config == c);
        QCOMPARE(loaded.info.tokenizerConfig, kTokenizer);
        QCOMPARE(loaded.info.formatVersion, ModelFile::kFormatVersion);
        QVERIFY(!loaded.info.bfloat16);
        QVERIFY(!loaded.model->isTraining());
        const auto& a = model.namedParameters();
        const auto& b = loaded.model->namedParameters();
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(b[i].name, a[i].name);
            QVERIFY2(at::equal(a[i].tensor, b[i].tensor), a[i].name.c_str());
            QVERIFY(b[i].tensor.requires_grad());  // ready to be trained further
        }
        // Saving the loaded model again gives the same bytes.
        const std::string again = path("again.safetensors");
        QVERIFY(!ModelFile::save(again, *loaded.model, kTokenizer));
        QCOMPARE(readAll(again), readAll(file));
    }

    // Label names and notes survive a round trip; more names than labels, or labels that are
    // not a list of names, are refused.
    void labelsAndNotes() {
        auto c = small();
        c.conditioningLabels = 3;
        Transformer model(c, 5);
        const std::string file = path("labels.safetensors");
        ModelFile::SaveOptions options;
        options.labels = {"Mozart", "Beethoven", "Tchaikovsky"};
        options.notes = {{"run", "runs/a"}, {"step", "1200"}};
        QVERIFY(!ModelFile::save(file, model, kTokenizer, options));
        const auto loaded = ModelFile::inspect(file, {});
        QVERIFY2(loaded, loaded.error ? loaded.error->toString().c_str() : "");
        QCOMPARE(loaded.info.labels, options.labels);
        QCOMPARE(loaded.info.notes, options.notes);
        options.labels.push_back("Bach");
        const auto tooMany = ModelFile::save(path("toomany.safetensors"), model, kTokenizer, options);
        QVERIFY(tooMany && QString::fromStdString(tooMany->message).contains("3 conditioning labels"));

        Parts raw(readAll(file));
        raw.meta()["labels"] = "[1, 2]";
        expectRefused(raw.assemble(), "other than names");
        raw.meta()["labels"] = "{\"a\": 1}";
        expectRefused(raw.assemble(), "not a list of at most 3 names");
    }

    void bfloat16Storage() {
        Transformer model(small(), 3);
        const std::string file = path("bf16.safetensors");
        QVERIFY(!ModelFile::save(file, model, kTokenizer, [] { ModelFile::SaveOptions o; o.bfloat16 = true; return o; }()));
        QVERIFY(readAll(file).size() < goodBytes_.size() * 6 / 10);
        const auto loaded = ModelFile::load(file);
        QVERIFY2(loaded, loaded.error ? loaded.error->toString().c_str() : "");
        QVERIFY(loaded.info.bfloat16);
        for (std::size_t i = 0; i < model.namedParameters().size(); ++i) {
            const auto& original = model.namedParameters()[i].tensor;
            QVERIFY(at::equal(loaded.model->namedParameters()[i].tensor,
                              original.to(at::kBFloat16).to(at::kFloat)));
        }
    }

    void inspectReadsOnlyTheHeader() {
        const auto info = ModelFile::inspect(good_, {});
        QVERIFY(info);
        QVERIFY(!info.model);
        QVERIFY(info.info.config == small());
        QCOMPARE(info.info.tokenizerConfig, kTokenizer);
        ModelFile::LoadOptions wrongVocab;
        wrongVocab.tokenizerVocabSize = 36;
        QVERIFY(!ModelFile::inspect(good_, wrongVocab));
    }

    void refusesNonModels() {
        expectRefused("", "not a Mozart model file");
        expectRefused("MThd", "not a Mozart model file");
        expectRefused(std::string("MThd\0\0\0\6\0\1\0\2\1\xe0MTrk", 18), "not a Mozart model file");
        expectRefused(std::string(64, 'x'), "not a Mozart model file");
        // A valid safetensors file from elsewhere.
        namespace st = safetensors;
        expectRefused(st::serializeHeader({{"weight", st::DType::F32, {2}}}, std::nullopt) +
                          std::string(8, '\0'),
                      "no \"format\" metadata");
        expectRefused(st::serializeHeader({}, std::map<std::string, std::string>{{"format", "pt"}}),
                      "its format is \"pt\"");
        const auto missing = ModelFile::load(path("does-not-exist.safetensors"));
        QVERIFY(!missing);
        QVERIFY(missing.error->toString().find("cannot open") != std::string::npos);
        const auto folder = ModelFile::load(dir_.path().toStdString());
        QVERIFY(!folder);
        QVERIFY(folder.error->toString().find("not a regular file") != std::string::npos);
    }

    void refusesBadMetadata() {
        Parts p(goodBytes_);
        p.meta()["format_version"] = "2";
        expectRefused(p.assemble(), "newer Mozart Studio");
        p = Parts(goodBytes_);
        p.meta()["format_version"] = "one";
        expectRefused(p.assemble(), "not a number");
        p = Parts(goodBytes_);
        p.meta().erase("tokenizer_config");
        expectRefused(p.assemble(), "lacks the \"tokenizer_config\"");
        p = Parts(goodBytes_);
        p.meta()["tokenizer_config"] = "{not json";
        expectRefused(p.assemble(), "tokenizer configuration is not valid JSON");
        p = Parts(goodBytes_);
        p.meta()["model_config"] = R"({"width": 16, "heads": 3})";
        expectRefused(p.assemble(), "multiple of heads");
    }

    void refusesForeignTensors() {
        Parts p(goodBytes_);
        p.header["norm.beta"] = p.header["norm.bias"];
        p.header.erase("norm.bias");
        expectRefused(p.assemble(), "unknown tensor \"norm.beta\"");

        // An extra tensor appended after the others.
        p = Parts(goodBytes_);
        p.header["blocks.2.norm1.weight"] = {{"dtype", "F32"},
                                             {"shape", {16}},
                                             {"data_offsets", {p.data.size(), p.data.size() + 64}}};
        p.data += std::string(64, '\0');
        expectRefused(p.assemble(), "unknown tensor \"blocks.2.norm1.weight\"");

        // head.bias is stored last: drop it and its bytes.
        p = Parts(goodBytes_);
        p.header.erase("head.bias");
        p.data.resize(p.data.size() - 37 * 4);
        expectRefused(p.assemble(), "missing tensor \"head.bias\"");

        // Same bytes, other dtype: I32 has F32's size, so only the model check can object.
        p = Parts(goodBytes_);
        p.header["norm.bias"]["dtype"] = "I32";
        expectRefused(p.assemble(), "only F32 and BF16");

        // A config that no longer matches the stored shapes.
        p = Parts(goodBytes_);
        auto config = nlohmann::json::parse(p.meta()["model_config"].get<std::string>());
        config["feed_forward"] = 32;
        p.meta()["model_config"] = config.dump();
        expectRefused(
            p.assemble(),
            "\"blocks.0.ffn.up.weight\" has shape [24, 16] but the configuration needs [32, 16]");
    }

    void refusesVocabularyMismatch() {
        ModelFile::LoadOptions options;
        options.tokenizerVocabSize = 36;
        expectRefused(goodBytes_, "trained for a vocabulary of 37 tokens but the tokenizer has 36",
                      options);
        options.tokenizerVocabSize = 37;
        writeAll(path("ok.safetensors"), goodBytes_);
        QVERIFY(ModelFile::load(path("ok.safetensors"), options));
    }

    void refusesNonFiniteWeights() {
        Parts p(goodBytes_);
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const auto begin = p.header["norm.weight"]["data_offsets"][0].get<std::size_t>();
        std::memcpy(&p.data[begin + 4], &nan, 4);
        expectRefused(p.assemble(), "\"norm.weight\" holds NaN");
    }

    void refusesLyingOffsets() {
        Parts p(goodBytes_);
        auto shift = [&](const char* name, std::int64_t by) {
            auto& o = p.header[name]["data_offsets"];
            o = {o[0].get<std::int64_t>() + by, o[1].get<std::int64_t>() + by};
        };
        shift("norm.weight", 4);  // overlaps its successor, leaves a gap before it
        expectRefused(p.assemble(), "not a Mozart model file (or a damaged one)");
        p = Parts(goodBytes_);
        shift("tok_embed.weight", 8);
        expectRefused(p.assemble(), "(gap)");
        p = Parts(goodBytes_);
        p.header["norm.bias"]["data_offsets"] = p.header["norm.weight"]["data_offsets"];
        expectRefused(p.assemble(), "(overlap)");
        p = Parts(goodBytes_);
        p.header["head.bias"]["data_offsets"][1] =
            p.header["head.bias"]["data_offsets"][1].get<std::int64_t>() + 4;
        expectRefused(p.assemble(), "takes 148 bytes");
        p = Parts(goodBytes_);
        shift("head.bias", 1 << 20);
        expectRefused(p.assemble(), "(gap)");

        // The length prefix itself lying, both ways.
        std::string bytes = goodBytes_;
        bytes[0] = char(bytes[0] + 8);
        expectRefused(bytes, "not valid JSON");
        bytes = goodBytes_;
        bytes[0] = char(bytes[0] - 8);
        expectRefused(bytes, "not valid JSON");
        bytes = goodBytes_;
        bytes[5] = 1;
        expectRefused(bytes, "more than the 100000000");
    }

    void refusesTrailingBytes() { expectRefused(goodBytes_ + "x", "1 unexpected bytes follow"); }

    // Cut the file at every byte of the prefix and the start and end of the header, and at ~200
    // places spread over the rest of the header and the data.
    void refusesTruncationAnywhere() {
        const std::size_t size = goodBytes_.size();
        std::uint64_t headerEnd = 0;
        for (int i = 7; i >= 0; --i)
            headerEnd = (headerEnd << 8) | static_cast<unsigned char>(goodBytes_[std::size_t(i)]);
        headerEnd += 8;
        std::vector<std::size_t> cuts;
        for (std::size_t cut = 0; cut <= headerEnd; ++cut)
            if (cut < 64 || cut + 16 > headerEnd || cut % 29 == 0) cuts.push_back(cut);
        for (int i = 1; i <= 64; ++i)
            cuts.push_back(headerEnd + (size - headerEnd) * std::size_t(i) / 65);
        cuts.push_back(size - 1);
        const std::string file = path("cut.safetensors");
        for (std::size_t cut : cuts) {
            writeAll(file, goodBytes_.substr(0, cut));
            const auto result = ModelFile::load(file);
            QVERIFY2(!result, std::to_string(cut).c_str());
            const std::string message = result.error->toString();
            const bool clear =
                message.find("truncated") != std::string::npos ||
                (cut < 8 && message.find("not a Mozart model file") != std::string::npos);
            QVERIFY2(clear, (std::to_string(cut) + ": " + message).c_str());
        }
    }

    // Random bytes changed anywhere in the prefix and header: the load either succeeds (the
    // change was harmless, e.g. inside padding) or refuses with a message; it never crashes or
    // throws.
    void survivesRandomCorruption() {
        std::uint64_t headerEnd = 0;
        for (int i = 7; i >= 0; --i)
            headerEnd = (headerEnd << 8) | static_cast<unsigned char>(goodBytes_[std::size_t(i)]);
        headerEnd += 8;
        std::mt19937_64 rng(1234);
        const std::string file = path("corrupt.safetensors");
        int refused = 0;
        for (int round = 0; round < 300; ++round) {
            std::string bytes = goodBytes_;
            const int changes = 1 + int(rng() % 3);
            for (int c = 0; c < changes; ++c) bytes[rng() % headerEnd] = char(rng() & 0xff);
            writeAll(file, bytes);
            ModelFile::LoadResult result;
            try {
                result = ModelFile::load(file);
            } catch (const std::exception& e) {
                QFAIL((std::string("load threw: ") + e.what()).c_str());
            }
            if (!result) {
                ++refused;
                QVERIFY(!result.error->message.empty());
            } else {
                QVERIFY(result.model.has_value());
            }
        }
        QVERIFY(refused > 200);
    }

    // Issue 13: a stored configuration whose fields multiply into more memory than any machine
    // has is refused from the header, naming the fields, before a tensor is allocated.
    void refusesConfigsBeyondMemory() {
        Parts p(goodBytes_);
        p.meta()["model_config"] = R"({"vocab_size": 16777216, "width": 65536, "heads": 1, "layers": 1024})";
        expectRefused(p.assemble(), "make a model of");
        p = Parts(goodBytes_);
        p.meta()["model_config"] = R"({"max_context": 1048576, "layers": 64, "positions": "sinusoidal"})";
        expectRefused(p.assemble(), "KV cache");
    }

    // LoRA adapter and trainer-state files (TensorFile): a dimension of 2^63 in a tensor of zero
    // bytes is refused by the header check, naming the file, instead of becoming a c10::Error.
    void tensorFilesRefuseHugeShapes() {
        const std::string file = path("hostile-adapters.safetensors");
        const std::string json =
            R"({"__metadata__":{"format":"mozart-lora","format_version":"1","rank":"4","alpha":"8"},)"
            R"("blocks.0.attn.qkv.weight.lora_a":{"dtype":"F32","shape":[0,9223372036854775808],"data_offsets":[0,0]}})";
        std::string bytes(8, '\0');
        for (int i = 0; i < 8; ++i) bytes[std::size_t(i)] = char((json.size() >> (8 * i)) & 0xff);
        writeAll(file, bytes + json);
        const auto contents = readTensorFile(file);
        QVERIFY(!contents);
        QVERIFY2(contents.error->toString().rfind(file + ": ", 0) == 0, contents.error->toString().c_str());
        QVERIFY2(contents.error->message.find("too large") != std::string::npos, contents.error->message.c_str());
        const auto lora = LoraAdapters::load(file, small());
        QVERIFY(!lora);
        QVERIFY2(lora.error->message.find("too large") != std::string::npos, lora.error->message.c_str());
    }

    void saveIsAtomic() {
        QTemporaryDir folder;
        const std::string target = (folder.path() + "/model.safetensors").toStdString();
        Transformer first(small(), 1), second(small(), 2);
        QVERIFY(!ModelFile::save(target, first, kTokenizer));
        QVERIFY(!ModelFile::save(target, second, kTokenizer));  // replaces
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
        const auto loaded = ModelFile::load(target);
        QVERIFY(loaded);
        QVERIFY(at::equal(loaded.model->parameters()[0], second.parameters()[0]));

        // Failing saves leave the old file and no temporary behind.
        auto error = ModelFile::save(target, first, "{broken");
        QVERIFY(error);
        QVERIFY(error->toString().find("not valid JSON") != std::string::npos);
        error = ModelFile::save((folder.path() + "/missing/model.safetensors").toStdString(), first,
                                kTokenizer);
        QVERIFY(error);
        QVERIFY2(error->toString().find("temporary file") != std::string::npos,
                 error->toString().c_str());
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
        QVERIFY(at::equal(ModelFile::load(target).model->parameters()[0], second.parameters()[0]));
    }
};

QTEST_APPLESS_MAIN(TstModelFile)
#include "tst_modelfile.moc"
