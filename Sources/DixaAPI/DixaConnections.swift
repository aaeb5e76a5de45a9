import AsyncHTTPClient
import ServiceLifecycle

/// The HTTP connections a worker may keep open to Dixa: one per row of its `concurrency` (at least AsyncHTTPClient's
/// default of 8, at most 256), so a row seldom queues behind another row's request for a connection. Every tenant's
/// requests go to the one host, one at a time per connection: at 100 ms an answer, 32 connections (the cap until
/// issue #15) carried 320 requests a second, and one `run` for 100 tenants used 31 % of their 1,000. A `Service`:
/// placed before the worker in a service group, it closes the connections after the worker has stopped.
public struct DixaConnections: Service {
    public let http: HTTPClient

    public init(concurrency: Int) {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = Self.connections(concurrency: concurrency)
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Connections kept for `concurrency` rows in flight.
    public static func connections(concurrency: Int) -> Int { min(max(8, concurrency), 256) }

    public func run() async throws {
        try? await gracefulShutdown()
        try await http.shutdown()
    }
}
