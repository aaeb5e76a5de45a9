import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Outbox
import ServiceLifecycle

/// `run` idle, then single-row INSERTs spaced apart: how long from an INSERT's commit to the first Dixa request of
/// its row (the import: the requester is cached). No rate limit and no pacing, because 50 rows/s of one call each is
/// more than Dixa's budget; the scenario measures the wake-up, not the budget.
struct WakeResult: Codable, Sendable {
    /// `closed`: INSERT → the import request; `escalate`: INSERT → the transfer to the queue (Dixa's 204).
    var kind: String = "closed"
    var inserts: Int
    var spacingMilliseconds: Int
    var p50Milliseconds: Double
    var p99Milliseconds: Double
    var maxMilliseconds: Double
}

enum WakeScenario {
    static func run(_ world: BenchWorld, inserts: Int, spacing: Duration, run: Int, kind: String = "closed") async throws -> WakeResult {
        await world.sandbox.reset()
        await world.sandbox.setRateLimit(nil)
        let url = try await world.freshDatabase("wake\(kind)\(run)")
        let commits = try await world.withStore(url) { store in
            let dixa = world.dixaClient()
            let user = try await dixa.createEndUser(CreateEndUserInput(email: "wake@example.com"))
            try await store.cacheEndUser(user.id, for: [EndUserIdentity(.email, "wake@example.com")!])
            var configuration = BenchWorld.configuration(concurrency: 4, worker: "bench-wake")
            configuration.defaultQueueID = SandboxSeed.supportQueueID
            let worker = ImportWorker(store: store, dixa: dixa, budget: world.budget(pacer: nil), configuration: configuration, logger: world.logger)
            let group = ServiceGroup(services: [worker], gracefulShutdownSignals: [], logger: world.logger)
            return try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                // Idle first: the worker is listening and has nothing to do.
                try await Task.sleep(for: .seconds(2))
                var commits: [String: Date] = [:]
                for index in 0..<inserts {
                    let key = "wake-\(index)"
                    _ = try await store.enqueue(
                        sourceKey: key,
                        kind: kind,
                        transcriptJSON: Workload.transcript(email: "wake@example.com", attributes: nil)
                    )
                    commits[key] = Date()
                    try await Task.sleep(for: spacing)
                }
                while try await BudgetScenario.importedCount(store) < inserts {
                    try await Task.sleep(for: .milliseconds(100))
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return commits
            }
        }
        var latencies: [Double] = []
        let keyByConversation = Dictionary(
            await world.sandbox.conversations().compactMap { record in record.externalId.map { ("\(record.id)", $0) } },
            uniquingKeysWith: { first, _ in first }
        )
        for request in await world.sandbox.recordedRequests() {
            let key: String
            if kind == "escalate" {
                // /v1/conversations/{id}/transfer/queue, answered 204: the person is in the queue.
                let parts = request.path.split(separator: "/")
                guard request.status == 204, parts.count == 5, parts[4] == "queue", let found = keyByConversation[String(parts[2])] else { continue }
                key = found
            } else {
                guard request.path == "/v1/conversations/import", request.status == 201, case .object(let body)? = request.body,
                    case .string(let found)? = body["externalId"]
                else { continue }
                key = found
            }
            guard let committed = commits[key], let received = parse(request.receivedAt) else { continue }
            latencies.append(received.timeIntervalSince(committed) * 1000)
        }
        latencies.sort()
        guard latencies.count == inserts else { throw BenchError("wake-up: matched \(latencies.count) of \(inserts) imports") }
        return WakeResult(
            kind: kind,
            inserts: inserts,
            spacingMilliseconds: Int(spacing.seconds * 1000),
            p50Milliseconds: latencies[latencies.count / 2],
            p99Milliseconds: latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))],
            maxMilliseconds: latencies.last ?? .nan
        )
    }

    /// The sandbox's `2026-11-24T10:00:00.123456Z`.
    private static func parse(_ text: String) -> Date? {
        let parts = text.dropLast().split(separator: ".", maxSplits: 1)
        guard let whole = ISO8601DateFormatter().date(from: String(parts[0]) + "Z") else { return nil }
        let fraction = parts.count > 1 ? Double("0." + parts[1]) ?? 0 : 0
        return whole.addingTimeInterval(fraction)
    }
}
