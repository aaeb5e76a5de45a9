import ArgumentParser
import Foundation
import ImporterService
import Webhooks

/// How the webhook receiver verifies deliveries. Secrets come from the environment or files only, never flags.
struct WebhookOptions: ParsableArguments {
    @Option(help: "The path Dixa POSTs to (the subscription URL's path).")
    var webhookPath: String = "/webhooks/dixa"

    @Option(help: "Seconds a delivery's signature timestamp may be off from now before it is refused as a replay.")
    var webhookTolerance: Double = 300

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// `DIXA_WEBHOOK_SECRET`: one signing secret for every delivery; without it, each subscription's stored secret.
    func secret() -> WebhookSecret? {
        environment["DIXA_WEBHOOK_SECRET"].map(WebhookSecret.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `DIXA_WEBHOOK_TOKEN`: when set, `webhooks install` subscribes with it (TokenAuth) and the receiver
    /// requires `Authorization: Bearer <token>` on every delivery.
    func token() -> WebhookSecret? {
        environment["DIXA_WEBHOOK_TOKEN"].map(WebhookSecret.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `DIXA_WEBHOOK_BASIC_AUTH=user:password`: `webhooks install` subscribes with BasicAuth, and the receiver requires
    /// `Authorization: Basic base64(user:password)`. Mutually exclusive with `DIXA_WEBHOOK_TOKEN`.
    func basicCredentials() throws -> (username: String, password: WebhookSecret)? {
        guard let text = environment["DIXA_WEBHOOK_BASIC_AUTH"], !text.isEmpty else { return nil }
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
            throw CommandError("DIXA_WEBHOOK_BASIC_AUTH must be user:password")
        }
        guard token() == nil else { throw CommandError("set DIXA_WEBHOOK_TOKEN or DIXA_WEBHOOK_BASIC_AUTH, not both") }
        return (String(text[..<colon]), WebhookSecret(String(text[text.index(after: colon)...])))
    }

    /// The `Authorization` value every delivery must carry, from the token or the basic credentials.
    func expectedAuthorization() throws -> WebhookSecret? {
        if let basic = try basicCredentials() {
            let encoded = Data("\(basic.username):\(basic.password.unredacted)".utf8).base64EncodedString()
            return WebhookSecret("Basic \(encoded)")
        }
        return token()?.asBearer
    }

    func settings(port: Int, botAgentID: UUID?) throws -> WebhookSettings {
        try WebhookSettings(
            listener: try ListenerSettings(port: port, name: "the webhook port"),
            path: webhookPath,
            tolerance: try .flag(webhookTolerance, "--webhook-tolerance"),
            secret: secret(),
            expectedAuthorization: try expectedAuthorization(),
            botAgentID: botAgentID
        )
    }
}
