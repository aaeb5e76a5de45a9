import Foundation
import Testing

@Suite("Test-side HMAC-SHA256")
struct SignatureVectorTests {
    @Test("the tests' own HMAC-SHA256 matches RFC 4231 (cases 1, 2 and 6), so it can judge the sandbox's signatures")
    func rfc4231() throws {
        #expect(
            HMACSHA256.mac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)).hex
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        )
        #expect(
            HMACSHA256.mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)).hex
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        )
        #expect(
            HMACSHA256.mac(
                key: [UInt8](repeating: 0xaa, count: 131),
                message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
            ).hex == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        )
        #expect(HMACSHA256.sha256([]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("the signature header parser refuses malformed headers")
    func parser() {
        #expect(DixaSignature("t=1,v1=ab")?.timestamp == "1")
        #expect(DixaSignature("t=1") == nil)
        #expect(DixaSignature("v1=ab,t=1,x=2") == nil)
        #expect(DixaSignature(nil) == nil)
    }
}
