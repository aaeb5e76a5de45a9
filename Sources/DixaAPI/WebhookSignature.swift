import Crypto
import Foundation

/// Dixa's delivery signature: `X-DIXA-SIGNATURE: t=<unix ms>,v1=<hex>`, where the hex is HMAC-SHA256, keyed
/// with the hex-decoded `secretKey`, over `t + "." + raw body`.
public struct WebhookSignature: Sendable, Equatable {
    /// The signing time, in milliseconds since 1970, as sent.
    public let timestamp: String
    public let signatures: [String]

    /// Why a delivery was refused; never includes the secret or the expected digest.
    public enum Failure: String, Error, Sendable {
        case missing = "X-DIXA-SIGNATURE is missing"
        case malformed = "X-DIXA-SIGNATURE is not t=<ms>,v1=<hex>"
        case stale = "the signature timestamp is outside the tolerance window"
        case mismatch = "the signature does not match the body"
        case unusableSecret = "the subscription secret is not hex"
    }

    /// Parses the header value. Several `v1` entries are allowed (a rotated secret); any one may match.
    public init(header: String?) throws(Failure) {
        guard let header, !header.isEmpty else { throw .missing }
        var timestamp: String?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { throw .malformed }
            switch pair[0] {
            case "t": timestamp = pair[1]
            case "v1": signatures.append(pair[1].lowercased())
            default: continue
            }
        }
        guard let timestamp, Int64(timestamp) != nil, !signatures.isEmpty else { throw .malformed }
        self.timestamp = timestamp
        self.signatures = signatures
    }

    /// Checks the signature over `body` with `secretKey`, and that it was made within `tolerance` of `now`.
    public func verify(body: some DataProtocol, secretKey: String, now: Date = Date(), tolerance: Duration) throws(Failure) {
        let signedAt = Double(Int64(timestamp)!) / 1000
        let toleranceSeconds = Double(tolerance.components.seconds) + Double(tolerance.components.attoseconds) / 1e18
        guard abs(now.timeIntervalSince1970 - signedAt) <= toleranceSeconds else { throw .stale }
        guard let expected = Self.digest(timestamp: timestamp, body: body, secretKey: secretKey) else { throw .unusableSecret }
        guard signatures.contains(where: { Self.constantTimeEqual($0, expected) }) else { throw .mismatch }
    }

    /// The hex digest for `timestamp` and `body`; nil when `secretKey` is not hex.
    public static func digest(timestamp: String, body: some DataProtocol, secretKey: String) -> String? {
        guard let key = hexDecoded(secretKey) else { return nil }
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: key))
        hmac.update(data: Array(timestamp.utf8) + Array(".".utf8))
        hmac.update(data: Array(body))
        return hmac.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The header value Dixa would send for `body` signed at `timestamp`.
    public static func header(timestamp: String, body: some DataProtocol, secretKey: String) -> String? {
        digest(timestamp: timestamp, body: body, secretKey: secretKey).map { "t=\(timestamp),v1=\($0)" }
    }

    static func hexDecoded(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Compares two secrets in time that does not depend on where they differ.
    public static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
