import Foundation

/// A parsed `X-DIXA-SIGNATURE: t=<ms>,v1=<hex>` header.
struct DixaSignature {
    let timestamp: String
    let v1: String

    init?(_ header: String?) {
        guard let header else { return nil }
        var fields: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            fields[String(pair[0])] = String(pair[1])
        }
        guard fields.count == 2, let timestamp = fields["t"], let v1 = fields["v1"] else { return nil }
        self.timestamp = timestamp
        self.v1 = v1
    }

    /// The documented check: HMAC-SHA256 keyed with the hex-decoded secret over `t + "." + raw body`.
    func verifies(body: Data, secretKey: String) -> Bool {
        guard let key = [UInt8](hex: secretKey) else { return false }
        return HMACSHA256.mac(key: key, message: Array("\(timestamp).".utf8) + Array(body)).hex == v1
    }
}
