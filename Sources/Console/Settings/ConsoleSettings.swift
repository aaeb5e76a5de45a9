/// How the console is served: where it listens, who may use it, and whether it may change anything. Valid once built:
/// it refuses a console that anyone on the network could reach without credentials.
public struct ConsoleSettings: Sendable {
    public let host: String
    /// 0 asks the system for a free port (tests); `ConsoleServer`'s `onListening` reports the one bound.
    public let port: Int
    public let authentication: ConsoleAuthentication
    /// `--read-only`: no forms, and the POST routes refuse.
    public let readOnly: Bool
    /// The default tenant's rate (`--rate-limit` of `run`), for its budget in use: the database does not store it.
    public let defaultRateLimit: Double

    /// - Parameter name: the flag that set the port, for the error.
    public init(
        host: String = "127.0.0.1",
        port: Int,
        authentication: ConsoleAuthentication,
        readOnly: Bool = false,
        defaultRateLimit: Double = 10,
        name: String = "--port"
    ) throws(ConsoleError) {
        guard (0...65535).contains(port) else { throw ConsoleError(.invalid, "\(name) must be a port number") }
        guard !host.isEmpty else { throw ConsoleError(.invalid, "--host must not be empty") }
        if authentication.isDisabled && !Self.isLoopback(host) {
            throw ConsoleError(
                .unauthenticated,
                "--no-auth is allowed only on a loopback host (127.0.0.1, ::1, localhost), not on \(host): "
                    + "set DIXA_CONSOLE_BASIC_AUTH or DIXA_CONSOLE_TOKEN instead"
            )
        }
        guard defaultRateLimit > 0 else { throw ConsoleError(.invalid, "the default tenant's rate limit must be positive") }
        self.host = host
        self.port = port
        self.authentication = authentication
        self.readOnly = readOnly
        self.defaultRateLimit = defaultRateLimit
    }

    /// Whether only this machine can reach `host`.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
