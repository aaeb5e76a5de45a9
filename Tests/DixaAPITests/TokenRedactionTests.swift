import DixaAPI
import Testing

@Suite("The token prints as <redacted>")
struct TokenRedactionTests {
    static let secret = "tok_live_4f9a8b7c6d5e"

    @Test("the token and a client configuration print as <redacted>, by description, reflection and dump")
    func redacted() {
        let configuration = DixaClientConfiguration(token: DixaToken(Self.secret))
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in [
            "\(configuration)", String(reflecting: configuration), "\(configuration.token)", String(reflecting: configuration.token), dumped,
        ] {
            #expect(!text.contains("tok_live"))
        }
        #expect("\(DixaToken(Self.secret))" == "<redacted>")
    }

    @Test("the budget key is a hash of the token, never the token")
    func budgetKey() {
        let key = DixaToken(Self.secret).budgetKey
        #expect(!key.contains("tok_live") && !key.isEmpty)
        #expect(key == DixaToken(Self.secret).budgetKey)
        #expect(key != DixaToken(Self.secret + "x").budgetKey)
    }
}
