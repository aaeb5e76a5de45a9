import Foundation
import Testing

@testable import DixaSandbox

@Suite("SandboxJSON.parse reads exactly what JSONDecoder reads")
struct SandboxJSONParseTests {
    static let texts: [String] = [
        ImportExamples.genericAPIMessagingText(requesterId: UUID().uuidString.lowercased()),
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"},"f":-0.5e-3,"g":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}"#,
        "  {\"a\" : [ 1 , 2 ] }\n", "[]", "{}", "[[]]", "\"text\"", "0", "-0", "1.5", "1e3", "1E+3", "1e-3", "true", "null",
        "12345678901234567890", "1e308", "1e999", "-1e999", "1e-400", "[1e-324]", "-1e-400", "0e-400", "0.000e-999", "4.9e-324",
        "2e-324", "3e-324",
        "{\"a\":0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001}",
        "01", "-01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "NaN",
        "Infinity", "tru", "nul", "True", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\"}", "{\"a\":}", "{a:1}", "{'a':1}", "[1 2]", "[1,,]", "[1 , ]",
        "{\"a\":1 , }", "{,}", "[,]", "{\"a\":1,,}",
        "{\"a\":1 \"b\":2}", "{\"a\":1,\"a\":2}", "{\"a\":1,\"a\":01}", "{\"a\":1,\"a\":\"\\q\"}", "{\"a\":1,\"a\":\"\\ud800\"}",
        "{\"a\":1,\"a\":1e999}", "{\"a\":1,\"a\":\"\u{01}\"}", "\"unterminated", "\"bad \\x escape\"", "\"tab\tinside\"", "\"nul\u{0}inside\"",
        #""\u0000""#, #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\ud800x""#, #""\u12""#, #""\u12g4""#, #""\uD83D\uDE00""#,
        "", " ", "[1] x", "[1]]", "{}{}", "\u{FEFF}[1]", "\u{FEFF}", "\u{FEFF}\u{FEFF}1", " \u{FEFF}1", "[\"é\"]", "[\"\u{1F600}\"]", "\u{0B}[1]",
        "[1]\u{0C}",
        String(repeating: "[", count: 511) + String(repeating: "]", count: 511),
        String(repeating: "[", count: 512) + String(repeating: "]", count: 512),
        String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
    ]

    static let bytes: [[UInt8]] = [
        [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x5B, 0x31, 0x5D, 0x00], [0xEF, 0xBB, 0xBF, 0x31],
        // UTF-16 and UTF-32, with and without a byte-order mark, and a duplicate member whose second value is not UTF-8.
        [0xFF, 0xFE, 0x5B, 0x00, 0x31, 0x00, 0x5D, 0x00], [0x5B, 0x00, 0x31, 0x00, 0x5D, 0x00], [0xFE, 0xFF, 0x00, 0x5B, 0x00, 0x31, 0x00, 0x5D],
        [0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x31], Array(#"{"a":1,"a":""#.utf8) + [0xFF, 0x22, 0x7D],
    ]

    @Test("the same value, or nil from both", arguments: texts.map { Array($0.utf8) } + bytes)
    func agrees(bytes: [UInt8]) {
        let data = Data(bytes)
        let decoded = try? JSONDecoder().decode(SandboxJSON.self, from: data)
        #expect(SandboxJSON.parse(data) == decoded, "\(String(decoding: bytes.prefix(80), as: UTF8.self))")
    }

    @Test("the same on 20,000 short texts made of JSON's own characters (a fixed pseudo-random sequence)")
    func agreesOnGeneratedTexts() {
        let alphabet = Array(#"[]{}",:019-.eE+ \tnulfasr\u"#.utf8) + [0x00, 0xC3, 0xA9, 0xEF, 0xBB, 0xBF, 0xFE, 0xFF]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var disagreements: [String] = []
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 60) + 1
            var bytes: [UInt8] = []
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            let data = Data(bytes)
            if SandboxJSON.parse(data) != (try? JSONDecoder().decode(SandboxJSON.self, from: data)) {
                disagreements.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }

    @Test("values come out as the types they were written as")
    func types() throws {
        let json = try #require(SandboxJSON.parse(Data(#"{"s":"1","n":1,"b":true,"z":null,"a":["x"]}"#.utf8)))
        #expect(json["s"] == .string("1"))
        #expect(json["n"] == .number(1))
        #expect(json["b"] == .bool(true))
        #expect(json["z"] == .null)
        #expect(json["a"] == .array([.string("x")]))
    }
}
