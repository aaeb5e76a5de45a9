import Crypto
import Foundation

/// Seals a secret with AES-GCM under a `SecretsKey`, bound to what it belongs to (`context`, e.g. a tenant's token),
/// so a sealed value copied into another tenant's row does not open there.
///
/// Layout: `1` (version) | the key's 8-byte id | 12-byte nonce | ciphertext | 16-byte tag. The key id lets a wrong key
/// be named as such instead of failing as damage.
public enum SealedSecret {
    static let version: UInt8 = 1
    static let headerLength = 1 + 8

    /// The context a tenant's Dixa token is sealed in.
    public static func tokenContext(tenant: String) -> String { "dixa-importer/tenant-token/\(tenant)" }

    /// The context a webhook subscription's signing secret is sealed in.
    public static func webhookSecretContext(subscriptionID: UUID) -> String {
        "dixa-importer/webhook-secret/\(subscriptionID.uuidString.lowercased())"
    }

    public static func seal(_ plaintext: String, under key: SecretsKey, context: String) -> [UInt8] {
        // Sealing with a fresh random nonce cannot fail for a 256-bit key.
        let box = try! AES.GCM.seal(Data(plaintext.utf8), using: key.key, authenticating: Data(context.utf8))
        return [version] + key.idBytes + Array(box.combined!)
    }

    /// The secret, if `key` sealed it for `context`.
    ///
    /// - Parameter what: names the secret in errors, e.g. `tenant acme's token`.
    public static func open(_ sealed: [UInt8], with key: SecretsKey, context: String, what: String) throws(SecretsError) -> String {
        guard sealed.count > headerLength + 12 + 16, sealed[0] == version else {
            throw SecretsError(.corrupt, "\(what) is not a sealed value this version of dixa-importer can read")
        }
        let keyID = Array(sealed[1..<headerLength])
        guard keyID == key.idBytes else {
            let sealedWith = keyID.map { String(format: "%02x", $0) }.joined()
            throw SecretsError(
                .wrongKey,
                "\(what) was sealed under secrets key \(sealedWith), but \(SecretsKey.setting) holds key \(key.id): point it at the key file used when the secret was stored"
            )
        }
        do {
            let box = try AES.GCM.SealedBox(combined: Data(sealed[headerLength...]))
            let plaintext = try AES.GCM.open(box, using: key.key, authenticating: Data(context.utf8))
            return String(decoding: plaintext, as: UTF8.self)
        } catch {
            throw SecretsError(.corrupt, "\(what) does not open under secrets key \(key.id): it is damaged, or belongs to another row")
        }
    }
}
