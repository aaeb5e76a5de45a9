import Crypto
import Foundation

/// Dixa's webhook signature: `X-DIXA-SIGNATURE: t=<unix ms>,v1=<hex HMAC-SHA256>`, keyed with the
/// hex-decoded `secretKey`, over `"<t>." + raw body`.
enum WebhookSignature {
    /// A fresh signing key: 32 random bytes as 64 lower-case hex characters.
    static func newSecretKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The header value for `body` sent at `milliseconds` since the epoch.
    static func header(secretKey: String, milliseconds: Int64, body: Data) -> String {
        let key = SymmetricKey(data: decodeHex(secretKey) ?? Array(secretKey.utf8))
        var message = Data("\(milliseconds).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return "t=\(milliseconds),v1=\(hex(Array(mac)))"
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Bytes of an even-length hex string, or `nil`.
    static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
