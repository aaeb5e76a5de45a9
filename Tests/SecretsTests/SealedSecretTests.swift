import Foundation
import Secrets
import Testing

@Suite("Sealed secrets: AES-GCM under DIXA_SECRETS_KEY_FILE, bound to what they belong to")
struct SealedSecretTests {
    static let secret = "tok_live_acme_5f4e3d2c1b"

    static func key() throws -> SecretsKey { SecretsKey.generate() }

    @Test("a sealed secret opens under its key and context, and holds no plaintext")
    func roundTrip() throws {
        let key = try Self.key()
        let context = SealedSecret.tokenContext(tenant: "acme")
        let sealed = SealedSecret.seal(Self.secret, under: key, context: context)
        #expect(!String(decoding: sealed, as: UTF8.self).contains("tok_live"))
        #expect(try SealedSecret.open(sealed, with: key, context: context, what: "t") == Self.secret)
        #expect(SealedSecret.seal(Self.secret, under: key, context: context) != sealed, "each seal takes a fresh nonce")
    }

    @Test("another key is named as such, with both key ids and the setting; never a crash, never the secret")
    func wrongKey() throws {
        let sealed = SealedSecret.seal(Self.secret, under: try Self.key(), context: "c")
        let other = try Self.key()
        #expect {
            try SealedSecret.open(sealed, with: other, context: "c", what: "tenant acme's token")
        } throws: { error in
            let error = error as? SecretsError
            return error?.code == .wrongKey && error!.message.contains("DIXA_SECRETS_KEY_FILE") && error!.message.contains(other.id)
                && error!.message.contains("tenant acme's token") && !error!.message.contains("tok_live")
        }
    }

    @Test("a secret moved to another tenant's row, or damaged, does not open")
    func boundToContext() throws {
        let key = try Self.key()
        let sealed = SealedSecret.seal(Self.secret, under: key, context: SealedSecret.tokenContext(tenant: "acme"))
        #expect(throws: SecretsError.self) { try SealedSecret.open(sealed, with: key, context: SealedSecret.tokenContext(tenant: "beta"), what: "t") }
        var damaged = sealed
        damaged[damaged.count - 1] ^= 0x01
        #expect(throws: SecretsError.self) {
            try SealedSecret.open(damaged, with: key, context: SealedSecret.tokenContext(tenant: "acme"), what: "t")
        }
        #expect(throws: SecretsError.self) { try SealedSecret.open([1, 2, 3], with: key, context: "c", what: "t") }
    }

    @Test("a key file: hex (what new-key prints), base64 or 32 raw bytes; anything else is refused naming the file and the setting")
    func keyFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = try Self.key()
        let bytes = try #require(Data(hexString: key.hex))
        let files: [(String, Data)] = [
            ("hex", Data((key.hex + "\n").utf8)), ("base64", Data(bytes.base64EncodedString().utf8)), ("raw", bytes),
        ]
        for (name, contents) in files {
            let path = directory.appendingPathComponent(name).path
            try contents.write(to: URL(fileURLWithPath: path))
            #expect(try SecretsKey.load(path: path).id == key.id, "\(name)")
        }
        let short = directory.appendingPathComponent("short").path
        try Data("abc".utf8).write(to: URL(fileURLWithPath: short))
        for path in [short, directory.appendingPathComponent("missing").path] {
            #expect {
                try SecretsKey.load(path: path)
            } throws: { error in
                "\(error)".contains(path) && "\(error)".contains("DIXA_SECRETS_KEY_FILE")
            }
        }
    }

    @Test("a key prints as its id only, by description, reflection and dump")
    func keyRedacted() throws {
        let key = try Self.key()
        var dumped = ""
        dump(key, to: &dumped)
        for text in ["\(key)", String(reflecting: key), dumped] {
            #expect(!text.contains(key.hex) && text.contains(key.id))
        }
    }
}

extension Data {
    init?(hexString: String) {
        var bytes: [UInt8] = []
        var index = hexString.startIndex
        while index < hexString.endIndex {
            let next = hexString.index(index, offsetBy: 2)
            guard let byte = UInt8(hexString[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
