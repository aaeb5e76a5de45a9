import Foundation
import Secrets
import Webhooks

/// The webhook receiver's listener and what it accepts, checked once.
public struct WebhookSettings: Sendable {
    let configuration: WebhookReceiverConfiguration

    /// - Parameters:
    ///   - secret: `DIXA_WEBHOOK_SECRET`, one signing secret for every delivery; nil: each subscription's stored one.
    ///   - expectedAuthorization: the `Authorization` value every delivery must carry, if any.
    public init(
        listener: ListenerSettings,
        path: String = "/webhooks/dixa",
        tolerance: Duration = .seconds(300),
        secret: WebhookSecret? = nil,
        expectedAuthorization: WebhookSecret? = nil,
        botAgentID: UUID? = nil
    ) throws(SettingsError) {
        guard tolerance > .zero else { throw SettingsError(.invalid, "--webhook-tolerance must be positive") }
        guard path.hasPrefix("/") else { throw SettingsError(.invalid, "--webhook-path must start with /") }
        configuration = WebhookReceiverConfiguration(
            host: listener.host,
            port: listener.port,
            path: path,
            tolerance: tolerance,
            secret: secret,
            expectedAuthorization: expectedAuthorization,
            botAgentID: botAgentID
        )
    }

    /// The receiver's configuration, opening stored secrets with `secretsKey`.
    public func receiver(secretsKey: SecretsKey?) -> WebhookReceiverConfiguration {
        var receiver = configuration
        receiver.secretsKey = secretsKey
        return receiver
    }

    public var port: Int { configuration.port }
}
