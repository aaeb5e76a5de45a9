import Foundation
import NIOCore

/// A secret as the database holds it: sealed (AES-GCM, opened by the caller with the secrets key) or, for the default
/// tenant of a deployment without a secrets key, as text. The outbox never sees a key.
public enum StoredSecret: Sendable, Equatable {
    case plain(String)
    case sealed([UInt8])

    init?(plain: String?, sealed: ByteBuffer?) {
        if let sealed {
            self = .sealed(Array(buffer: sealed))
        } else if let plain {
            self = .plain(plain)
        } else {
            return nil
        }
    }

    var plain: String? {
        if case .plain(let text) = self { return text }
        return nil
    }

    var sealed: [UInt8]? {
        if case .sealed(let bytes) = self { return bytes }
        return nil
    }
}

/// A webhook subscription `webhooks install` stored: its tenant, that tenant's stored bot agent (nil for the default
/// tenant, whose agent is configured), and its signing secret.
public struct StoredWebhookSubscription: Sendable, Equatable {
    public let id: UUID
    public let tenant: String
    public let agentID: UUID?
    public let secret: StoredSecret
    /// False once `tenants remove` removed the tenant: its deliveries are acknowledged and not stored.
    public let tenantExists: Bool
}
