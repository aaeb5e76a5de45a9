/// Where an HTTP listener of the importer binds: `/metrics` and `/health`, or the webhook receiver.
public struct ListenerSettings: Sendable, Equatable {
    public let host: String
    public let port: Int

    /// - Parameter name: the flag that set the port, for the error.
    public init(host: String = "0.0.0.0", port: Int, name: String) throws(SettingsError) {
        guard (1...65535).contains(port) else { throw SettingsError(.invalid, "\(name) must be a port number") }
        self.host = host
        self.port = port
    }
}
