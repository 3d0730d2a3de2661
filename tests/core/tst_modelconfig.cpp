// ModelConfig: JSON round trip, refusal of bad configs with a sentence naming the field, and the
// parameter table (names, shapes, count) that model files are checked against.
#include <QtTest>

#include <nlohmann/json.hpp>

#include "model/ModelConfig.h"

using namespace mozart::model;

class TstModelConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void jsonRoundTrip() {
        ModelConfig c;
        c.vocabSize = 300;
        c.width = 96;
        c.heads = 4;
        c.layers = 3;
        c.feedForward = 200;
        c.maxContext = 77;
        c.dropout = 0.125;
        c.activation = Activation::Relu;
        c.positions = PositionEncoding::Sinusoidal;
        c.scaleEmbedding = true;
        c.conditioningLabels = 12;
        c.conditioning = Conditioning::Prefix;
        c.tieEmbeddings = false;
        c.normEpsilon = 1e-6;
        c.embeddingDropout = false;
        c.feedForwardDropout = 0.375;
        const std::string text = toJsonString(c);
        ModelConfig back;
        std::string error;
        QVERIFY2(parseModelConfig(text, back, &error), error.c_str());
        QVERIFY(back == c);
        QCOMPARE(toJsonString(back), text);
        const auto j = nlohmann::json::parse(text);
        QCOMPARE(j.at("activation").get<std::string>(), std::string("relu"));
        QCOMPARE(j.at("conditioning").get<std::string>(), std::string("prefix"));
        QCOMPARE(j.at("feed_forward").get<int>(), 200);
        QCOMPARE(j.at("feed_forward_dropout").get<double>(), 0.375);
        QCOMPARE(j.at("embedding_dropout").get<bool>(), false);
    }

    // The dropout sites added for the reference's nn.TransformerEncoderLayer are off by default
    // (feed-forward) or as before (embeddings), and a config that keeps them so writes the same
    // JSON as before they existed, so older builds still read it.
    void newDropoutFieldsKeepOldFiles() {
        const ModelConfig c;
        QCOMPARE(c.feedForwardDropout, 0.0);
        QVERIFY(c.embeddingDropout);
        const auto j = nlohmann::json::parse(toJsonString(c));
        QVERIFY(!j.contains("feed_forward_dropout"));
        QVERIFY(!j.contains("embedding_dropout"));
        QCOMPARE(int(j.size()), 14);
        ModelConfig back;
        std::string error;
        QVERIFY2(parseModelConfig(R"({"dropout": 0.2})", back, &error), error.c_str());
        QCOMPARE(back.feedForwardDropout, 0.0);
        QVERIFY(back.embeddingDropout);
        auto other = c;
        other.feedForwardDropout = 0.1;
        QVERIFY(other != c);
        other = c;
        other.embeddingDropout = false;
        QVERIFY(other != c);
    }

    void absentKeysTakeDefaults() {
        ModelConfig c;
        std::string error;
        QVERIFY2(parseModelConfig(R"({"vocab_size": 100})", c, &error), error.c_str());
        ModelConfig expected;
        expected.vocabSize = 100;
        QVERIFY(c == expected);
    }

    void refusesBadConfigs_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("needle");
        QTest::newRow("not json") << "{vocab"
                                  << "model config";
        QTest::newRow("array") << "[1,2]"
                               << "JSON object";
        QTest::newRow("unknown key") << R"({"widht": 64})"
                                     << "widht";
        QTest::newRow("float int") << R"({"width": 64.5})"
                                   << "width";
        QTest::newRow("string int") << R"({"layers": "4"})"
                                    << "layers";
        QTest::newRow("bad enum") << R"({"activation": "swish"})"
                                  << "gelu";
        QTest::newRow("heads") << R"({"width": 100, "heads": 8})"
                               << "multiple of heads";
        QTest::newRow("zero vocab") << R"({"vocab_size": 0})"
                                    << "vocab_size";
        QTest::newRow("negative layers") << R"({"layers": -1})"
                                         << "layers";
        QTest::newRow("huge") << R"({"width": 100000000})"
                              << "width";
        // Each field within its own limit, together more than any machine has (issue 13).
        QTest::newRow("weights") << R"({"vocab_size": 16777216, "width": 65536, "heads": 1})"
                                 << "vocab_size 16777216, width 65536";
        QTest::newRow("kv cache")
            << R"({"max_context": 1048576, "layers": 64, "width": 256, "positions": "sinusoidal"})"
            << "need a KV cache of 128 GiB";
        QTest::newRow("dropout") << R"({"dropout": 1.0})"
                                 << "dropout";
        QTest::newRow("ff dropout 1") << R"({"feed_forward_dropout": 1.0})"
                                      << "feed_forward_dropout must be in [0, 1)";
        QTest::newRow("ff dropout negative") << R"({"feed_forward_dropout": -0.1})"
                                             << "feed_forward_dropout must be in [0, 1)";
        QTest::newRow("ff dropout string") << R"({"feed_forward_dropout": "0.1"})"
                                           << "feed_forward_dropout";
        QTest::newRow("embedding dropout number") << R"({"embedding_dropout": 0.1})"
                                                  << "embedding_dropout";
        QTest::newRow("prefix room")
            << R"({"max_context": 1, "conditioning_labels": 3, "conditioning": "prefix"})"
            << "max_context";
        QTest::newRow("odd sinusoid") << R"({"width": 63, "heads": 1, "positions": "sinusoidal"})"
                                      << "even";
    }
    void refusesBadConfigs() {
        QFETCH(QString, json);
        QFETCH(QString, needle);
        ModelConfig c;
        std::string error;
        QVERIFY(!parseModelConfig(json.toStdString(), c, &error));
        QVERIFY2(QString::fromStdString(error).contains(needle), error.c_str());
    }

    void memoryBoundsAreExact() {
        ModelConfig c;  // the standard shape: weights and cache as the parameter table says
        QCOMPARE(c.weightBytes(), (parameterCount(c)) * 4);
        QCOMPARE(c.kvCacheBytesPerSequence(), std::int64_t(2 * 8 * 512 * 256 * 4));
        c.positions = PositionEncoding::Sinusoidal;  // the computed table counts too
        QCOMPARE(c.weightBytes(), (parameterCount(c) + 512 * 256) * 4);
        c.tieEmbeddings = false;
        c.conditioningLabels = 5;
        QCOMPARE(c.weightBytes(), (parameterCount(c) + 512 * 256) * 4);
    }

    void parameterTable() {
        ModelConfig c;
        c.vocabSize = 50;
        c.width = 16;
        c.heads = 2;
        c.layers = 2;
        c.feedForward = 40;
        c.maxContext = 30;
        auto specs = parameterSpecs(c);
        QCOMPARE(specs.front().name, std::string("tok_embed.weight"));
        QCOMPARE(specs[1].name, std::string("pos_embed.weight"));
        QCOMPARE(specs[4].name, std::string("blocks.0.attn.qkv.weight"));
        QCOMPARE(specs[4].shape, (std::vector<std::int64_t>{48, 16}));
        QCOMPARE(specs.back().name, std::string("head.bias"));
        // Tied: no head.weight. 2 + 12 per block + final norm 2 + head bias.
        QCOMPARE(int(specs.size()), 2 + 12 * 2 + 2 + 1);
        const std::int64_t perBlock =
            4 * 16 + (48 * 16 + 48) + (16 * 16 + 16) + (40 * 16 + 40) + (16 * 40 + 16);
        QCOMPARE(parameterCount(c), 50 * 16 + 30 * 16 + 2 * perBlock + 2 * 16 + 50);

        c.tieEmbeddings = false;
        c.positions = PositionEncoding::Sinusoidal;
        c.conditioningLabels = 5;
        specs = parameterSpecs(c);
        QCOMPARE(specs[1].name, std::string("label_embed.weight"));
        QCOMPARE(specs[1].shape, (std::vector<std::int64_t>{5, 16}));
        QCOMPARE(specs[specs.size() - 2].name, std::string("head.weight"));
    }

    // The prototype's shape: the figure the benchmarks quote.
    void prototypeSize() {
        ModelConfig c;
        c.feedForward = 2048;
        c.positions = PositionEncoding::Sinusoidal;
        c.tieEmbeddings = false;
        // Same tensors, reshuffled, as the Python reference's: it reports 10,810,420.
        QCOMPARE(parameterCount(c), std::int64_t(10810420));
    }
};

QTEST_APPLESS_MAIN(TstModelConfig)
#include "tst_modelconfig.moc"
