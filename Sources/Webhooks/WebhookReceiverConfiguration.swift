/// How the webhook receiver listens and what it accepts.
public struct WebhookReceiverConfiguration: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8090) {
        self.host = host
        self.port = port
    }
}
