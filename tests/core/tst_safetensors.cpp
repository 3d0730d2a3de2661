// Safetensors layout: our writer emits the very bytes of the reference implementation's own
// unit tests, and the reader refuses every header that breaks the format's rules, saying where.
#include <QtTest>

#include "model/Safetensors.h"

using namespace mozart::model::safetensors;

namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string s;
    for (int v : values) s.push_back(char(v));
    return s;
}

std::string floatsLe(std::initializer_list<float> values) {
    std::string s;
    for (float f : values) s.append(reinterpret_cast<const char*>(&f), 4);
    return s;
}

// A whole file: prefix for `json` (as given, unpadded), then `dataLength` zero bytes.
std::string fileWith(const std::string& json, std::size_t dataLength) {
    std::string out(8, '\0');
    const std::uint64_t n = json.size();
    for (int i = 0; i < 8; ++i) out[i] = char((n >> (8 * i)) & 0xff);
    return out + json + std::string(dataLength, '\0');
}

// Runs both reader stages over a complete file image.
std::optional<FormatError> check(const std::string& file, Header* header = nullptr) {
    std::uint64_t n = 0;
    unsigned char prefix[8] = {};
    std::memcpy(prefix, file.data(), std::min<std::size_t>(8, file.size()));
    if (auto e = readHeaderLength(prefix, file.size(), n)) return e;
    Header h;
    auto e = parseHeader(std::string_view(file).substr(8, n), n, file.size(), h);
    if (header) *header = h;
    return e;
}

}  // namespace

class TstSafetensors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Fixtures copied from huggingface/safetensors, safetensors/src/tensor.rs, test_serialization,
    // test_serialization_forced_alignement and test_empty.
    void writerMatchesReferenceBytes() {
        const std::string data = floatsLe({0, 1, 2, 3, 4, 5});
        std::string out = serializeHeader({{"attn.0", DType::F32, {1, 2, 3}}}, std::nullopt) + data;
        const std::string expected =
            bytes({64, 0,  0,   0,   0,   0,   0,   0,   123, 34,  97,  116, 116, 110, 46,  48,
                   34, 58, 123, 34,  100, 116, 121, 112, 101, 34,  58,  34,  70,  51,  50,  34,
                   44, 34, 115, 104, 97,  112, 101, 34,  58,  91,  49,  44,  50,  44,  51,  93,
                   44, 34, 100, 97,  116, 97,  95,  111, 102, 102, 115, 101, 116, 115, 34,  58,
                   91, 48, 44,  50,  52,  93,  125, 125, 0,   0,   0,   0,   0,   0,   128, 63,
                   0,  0,  0,   64,  0,   0,   64,  64,  0,   0,   128, 64,  0,   0,   160, 64});
        QCOMPARE(out, expected);

        out = serializeHeader({{"attn0", DType::F32, {1, 1, 2, 3}}}, std::nullopt) + data;
        const std::string aligned = bytes(
            {72,  0,   0,   0,   0,   0,   0,   0,   123, 34, 97, 116, 116, 110, 48,  34,  58,  123,
             34,  100, 116, 121, 112, 101, 34,  58,  34,  70, 51, 50,  34,  44,  34,  115, 104, 97,
             112, 101, 34,  58,  91,  49,  44,  49,  44,  50, 44, 51,  93,  44,  34,  100, 97,  116,
             97,  95,  111, 102, 102, 115, 101, 116, 115, 34, 58, 91,  48,  44,  50,  52,  93,  125,
             125, 32,  32,  32,  32,  32,  32,  32,  0,   0,  0,  0,   0,   0,   128, 63,  0,   0,
             0,   64,  0,   0,   64,  64,  0,   0,   128, 64, 0,  0,   160, 64});
        QCOMPARE(out, aligned);

        out = serializeHeader({}, std::map<std::string, std::string>{{"framework", "pt"}});
        const std::string empty =
            bytes({40,  0,   0,   0,  0,  0,  0,   0,   123, 34,  95,  95,  109, 101, 116, 97,
                   100, 97,  116, 97, 95, 95, 34,  58,  123, 34,  102, 114, 97,  109, 101, 119,
                   111, 114, 107, 34, 58, 34, 112, 116, 34,  125, 125, 32,  32,  32,  32,  32});
        QCOMPARE(out, empty);
        QCOMPARE(serializeHeader({}, std::nullopt),
                 bytes({8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32}));
    }

    void readerAcceptsWhatWriterWrites() {
        std::vector<std::uint64_t> offsets;
        const std::string head = serializeHeader(
            {{"b", DType::BF16, {3}}, {"a", DType::F32, {2, 2}}, {"empty", DType::F32, {0, 4}}},
            std::map<std::string, std::string>{{"k", "v"}}, &offsets);
        QCOMPARE(offsets, (std::vector<std::uint64_t>{0, 6, 22}));
        QCOMPARE(head.size() % 8, std::size_t(0));
        Header h;
        const auto e = check(head + std::string(22, '\x01'), &h);
        QVERIFY2(!e, e ? e->message.c_str() : "");
        QCOMPARE(int(h.tensors.size()), 3);
        QCOMPARE(h.tensors[0].name, std::string("b"));  // sorted by offset, not by name
        QCOMPARE(h.tensors[1].shape, (std::vector<std::uint64_t>{2, 2}));
        QCOMPARE(h.dataStart(), std::uint64_t(head.size()));
        QCOMPARE(h.dataLength(), std::uint64_t(22));
        QCOMPARE(h.metadata->at("k"), std::string("v"));
    }

    void refusesBrokenFiles_data() {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("needle");
        auto add = [](const char* name, const std::string& file, FormatError::Kind kind,
                      const char* needle) {
            QTest::newRow(name) << QByteArray(file.data(), int(file.size())) << int(kind)
                                << QString(needle);
        };
        using K = FormatError::Kind;
        const std::string ok = R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        add("empty file", "", K::Malformed, "empty");
        add("seven bytes", "1234567", K::Malformed, "too short");
        add("midi file", std::string("MThd\0\0\0\6\0\1\0\2\1\xe0", 14), K::Malformed, "more than");
        add("length past end", fileWith(ok, 8).substr(0, 30), K::Truncated, "truncated");
        add("length too small", fileWith("{", 0), K::Malformed, "too few");
        add("not json", fileWith("{\"t\": nope}", 0), K::Malformed, "not valid JSON");
        add("bad utf8", fileWith("{\"\xff\":1}", 0), K::Malformed, "not valid JSON");
        add("json array", fileWith("[1, 2]", 0), K::Malformed, "not a JSON object");
        add("duplicate name",
            fileWith(
                R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"t":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                8),
            K::Malformed, "twice");
        add("duplicate field",
            fileWith(R"({"t":{"dtype":"F32","dtype":"F16","shape":[2],"data_offsets":[0,8]}})", 8),
            K::Malformed, "twice");
        add("metadata not strings", fileWith(R"({"__metadata__":{"a":1}})", 0), K::Malformed,
            "not a string");
        add("unknown dtype",
            fileWith(R"({"t":{"dtype":"F31","shape":[2],"data_offsets":[0,8]}})", 8), K::Malformed,
            "unknown dtype");
        add("extra field",
            fileWith(R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}})", 8),
            K::Malformed, "unexpected field");
        add("missing field", fileWith(R"({"t":{"dtype":"F32","shape":[2]}})", 8), K::Malformed,
            "needs");
        add("negative dim",
            fileWith(R"({"t":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8), K::Malformed,
            "non-negative");
        add("float dim", fileWith(R"({"t":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}})", 8),
            K::Malformed, "non-negative");
        add("three offsets",
            fileWith(R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8,9]}})", 8),
            K::Malformed, "two non-negative");
        add("end before begin",
            fileWith(R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", 8), K::Malformed,
            "before it begins");
        add("span vs shape",
            fileWith(R"({"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8), K::Malformed,
            "takes 12 bytes");
        add("overflowing shape",
            fileWith(
                R"({"t":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})", 8),
            K::Malformed, "overflow");
        // Issue 13: zero bytes (a zero in the shape) must not smuggle a dimension of 2^63 into
        // a reader that turns shapes into int64 sizes.
        add("2^63 dim, zero bytes",
            fileWith(R"({"t":{"dtype":"F32","shape":[0,9223372036854775808],"data_offsets":[0,0]}})", 0),
            K::Malformed, "too large");
        add("2^41 dim, zero bytes",
            fileWith(R"({"t":{"dtype":"U8","shape":[2199023255552,0],"data_offsets":[0,0]}})", 0),
            K::Malformed, "too large");
        add("rank 9", fileWith(R"({"t":{"dtype":"U8","shape":[1,1,1,1,1,1,1,1,1],"data_offsets":[0,1]}})", 1),
            K::Malformed, "9 dimensions");
        add("gap",
            fileWith(
                R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                12),
            K::Malformed, "(gap)");
        add("overlap",
            fileWith(
                R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                8),
            K::Malformed, "(overlap)");
        add("not from zero",
            fileWith(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8), K::Malformed,
            "(gap)");
        add("data truncated", fileWith(ok, 7), K::Truncated, "only 7");
        add("offsets past end",
            fileWith(R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 4), K::Truncated,
            "truncated");
        add("trailing bytes", fileWith(ok, 9), K::Trailing, "1 unexpected bytes");
    }
    void refusesBrokenFiles() {
        QFETCH(QByteArray, file);
        QFETCH(int, kind);
        QFETCH(QString, needle);
        const auto e = check(file.toStdString());
        QVERIFY(e.has_value());
        QVERIFY2(QString::fromStdString(e->message).contains(needle), e->message.c_str());
        QCOMPARE(int(e->kind), kind);
    }

    void jsonErrorsPointAtTheByte() {
        const auto e = check(fileWith(R"({"t": nope})", 0));
        QVERIFY(e);
        // Somewhere in "nope", which starts at byte 8 + 6.
        QVERIFY2(e->offset >= 8 + 6 && e->offset <= 8 + 9, std::to_string(e->offset).c_str());
    }

    void dtypeTable() {
        QCOMPARE(dtypeSize(DType::BF16), std::size_t(2));
        QCOMPARE(dtypeSize(DType::F64), std::size_t(8));
        QCOMPARE(*dtypeFromName("F8_E4M3"), DType::F8_E4M3);
        QVERIFY(!dtypeFromName("f32"));
    }
};

QTEST_APPLESS_MAIN(TstSafetensors)
#include "tst_safetensors.moc"
