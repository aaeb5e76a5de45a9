/// Where and how the client talks to Dixa.
public struct DixaClientConfiguration: Sendable {
    /// Dixa's documented base URL.
    public static let defaultBaseURL = "https://dev.dixa.io"

    /// Scheme, host and port, without `/v1` (a trailing `/v1` or `/` is accepted and dropped).
    public var baseURL: String
    public var token: DixaToken
    /// Every request's deadline. Keep it well under the row lease.
    public var requestTimeout: Duration
    /// The name the caller knows this organisation by: the `tenant` label of the request metrics.
    public var tenant: String

    public init(
        baseURL: String = Self.defaultBaseURL,
        token: DixaToken,
        requestTimeout: Duration = .seconds(30),
        tenant: String = "default"
    ) {
        self.baseURL = Self.normalise(baseURL)
        self.token = token
        self.requestTimeout = requestTimeout
        self.tenant = tenant
    }

    static func normalise(_ url: String) -> String {
        var url = url.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix("/v1") { url.removeLast(3) }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
