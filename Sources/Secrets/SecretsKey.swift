import Crypto
import Foundation

/// The 256-bit key that seals tenants' Dixa tokens and webhook secrets in the database (`DIXA_SECRETS_KEY_FILE`).
///
/// It prints as its `id` only: the first 8 bytes of its SHA-256, enough to tell which key sealed a value, and nothing
/// that helps to find the key.
public struct SecretsKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The environment variable that names the key file; every message names it.
    public static let setting = "DIXA_SECRETS_KEY_FILE"

    let key: SymmetricKey
    /// Which key this is, as hex; stored beside each sealed value.
    public let id: String
    let idBytes: [UInt8]

    /// A key from its 32 bytes.
    public init(bytes: [UInt8]) throws(SecretsError) {
        guard bytes.count == 32 else {
            throw SecretsError(.keyInvalid, "a secrets key is 32 bytes; this one has \(bytes.count)")
        }
        key = SymmetricKey(data: bytes)
        idBytes = Array(SHA256.hash(data: bytes).prefix(8))
        id = idBytes.map { String(format: "%02x", $0) }.joined()
    }

    /// A new random key, for `dixa-importer tenants new-key`.
    public static func generate() -> SecretsKey {
        // 32 random bytes always make a key.
        try! SecretsKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// The key in a file: 64 hexadecimal digits (what `new-key` writes), 44 characters of base64, or 32 raw bytes.
    /// Surrounding whitespace is ignored.
    public static func load(path: String) throws(SecretsError) -> SecretsKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SecretsError(.keyUnreadable, "cannot read the secrets key file \(path) (\(setting))")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count == 64, let bytes = hexBytes(text) { return try SecretsKey(bytes: bytes) }
        if let decoded = Data(base64Encoded: text), decoded.count == 32 { return try SecretsKey(bytes: Array(decoded)) }
        if data.count == 32 { return try SecretsKey(bytes: Array(data)) }
        throw SecretsError(
            .keyInvalid,
            "the secrets key file \(path) (\(setting)) holds no 256-bit key: write one with `dixa-importer tenants new-key > \(path)`"
        )
    }

    /// As hexadecimal digits, for writing a new key to its file.
    public var hex: String { key.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() } }

    public var description: String { "secrets key \(id)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["id": id]) }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
