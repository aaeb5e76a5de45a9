import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// The Dixa request budget that processes sharing one API token pace themselves by (`dixa_rate_budget`), on a
/// pool of its own.
///
/// Its own pool is what keeps the worker free of pool deadlocks: a row that holds an identity lock holds one
/// connection of the rows' pool while it makes Dixa requests, and every request first reserves a budget slot. Were
/// the slot reserved from the rows' pool, every connection could end up held by a row waiting for one more, for
/// ever (issue #12: `drain --concurrency 32` with new requesters). A statement on this pool waits for nothing but
/// its own answer, so neither pool ever waits for the other in a cycle.
///
/// A `Service`: put it in the service group before the worker, so that it shuts down after it.
public struct RateBudgetStore: Service, CustomStringConvertible {
    /// One statement per Dixa request. Two connections carry a few hundred a second; a worker with many tenants sends
    /// up to 10 a second for each, so a large `--concurrency` gets more (one per 64 rows, at most 8).
    public static func connections(concurrency: Int) -> Int {
        min(8, max(2, concurrency / 64))
    }

    let store: OutboxStore

    /// - Parameters:
    ///   - configuration: the database; its pool options are replaced by the worker's shape with `connections`.
    ///   - connections: at most this many connections (`connections(concurrency:)`).
    ///   - statementTimeout: as `OutboxStore.statementTimeout`.
    public init(
        configuration: PostgresClient.Configuration,
        connections: Int = 2,
        statementTimeout: Duration? = nil,
        logger: Logger,
        backgroundLogger: Logger
    ) {
        var configuration = configuration
        configuration.shapeForWorker(maximumConnections: connections)
        let client = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger)
        store = OutboxStore(client: client, logger: logger, statementTimeout: statementTimeout)
    }

    public func run() async throws {
        await store.client.run()
    }

    public var description: String { "RateBudgetStore" }

    /// Reserves the next request slot of the shared budget `key` and returns how long to wait for it.
    ///
    /// - Parameters:
    ///   - interval: one request's share of a second (100 ms at 10 requests/s).
    ///   - tolerance: how far ahead of the steady pace a request may start (the burst, as time).
    public func reserveRequestSlot(budget key: String, interval: Duration, tolerance: Duration) async throws -> RequestSlot {
        guard let slot = try await store.execute(RateBudgetReserveStatement(budget: key, interval: interval, tolerance: tolerance)).first
        else {
            throw OutboxError(.unexpectedResult, "reserving a request slot returned no row")
        }
        return RequestSlot(
            wait: .microseconds(Int64((slot.waitMilliseconds * 1000).rounded(.up))),
            reckonedAt: Date(timeIntervalSince1970: slot.reckonedAtMilliseconds / 1000)
        )
    }

    /// Keeps every sharer of budget `key` from starting a request within `pause`, after Dixa answered 429.
    public func pauseRequests(budget key: String, for pause: Duration, tolerance: Duration) async throws {
        _ = try await store.execute(RateBudgetPauseStatement(budget: key, pause: pause, tolerance: tolerance))
    }
}
