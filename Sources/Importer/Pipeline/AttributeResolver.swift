import DixaAPI
import Foundation
import Synchronization

/// Maps a transcript's attribute keys (an attribute UUID or its `identifier`) to Dixa's conversation
/// attribute ids (step 10). Definitions are fetched once per process, and again only when a key is unknown,
/// at most once a minute, so a typo in one chatbot release does not cost a request per row.
final class AttributeResolver: Sendable {
    private struct Cache {
        var definitions: [CustomAttributeDefinition]?
        var fetchedAt: ContinuousClock.Instant?
        /// The fetch under way, shared by every row that needs it meanwhile.
        var inFlight: Task<[CustomAttributeDefinition], any Error>?
    }
    private let dixa: DixaClient
    private let budget: RequestBudget
    private let cache = Mutex(Cache())
    private let refetchInterval: Duration

    init(dixa: DixaClient, budget: RequestBudget, refetchInterval: Duration = .seconds(60)) {
        self.dixa = dixa
        self.budget = budget
        self.refetchInterval = refetchInterval
    }

    struct Resolution: Sendable {
        var values: [UUID: AttributeValue] = [:]
        /// Keys that cannot be set, each with the reason; recorded as partial errors.
        var problems: [String] = []
        /// Which transcript key each id came from, to name it in later problems.
        var keys: [UUID: String] = [:]
    }

    func resolve(_ attributes: [(key: String, value: AttributeValue)]) async throws -> Resolution {
        var definitions = try await currentDefinitions(forceRefresh: false)
        if attributes.contains(where: { Self.find($0.key, in: definitions) == nil }), refetchAllowed() {
            definitions = try await currentDefinitions(forceRefresh: true)
        }
        var resolution = Resolution()
        for (key, value) in attributes {
            guard let definition = Self.find(key, in: definitions) else {
                resolution.problems.append("custom attribute \"\(key)\" does not exist in Dixa (neither an attribute id nor an identifier)")
                continue
            }
            guard definition.entityType == "Conversation" else {
                resolution.problems.append(
                    "custom attribute \"\(key)\" belongs to \(definition.entityType), not Conversation; it cannot be set on a conversation"
                )
                continue
            }
            guard !definition.isArchived, !definition.isDeactivated else {
                resolution.problems.append("custom attribute \"\(key)\" is archived or deactivated in Dixa")
                continue
            }
            resolution.values[definition.id] = value
            resolution.keys[definition.id] = key
        }
        return resolution
    }

    private static func find(_ key: String, in definitions: [CustomAttributeDefinition]) -> CustomAttributeDefinition? {
        if let id = UUID(uuidString: key) {
            return definitions.first { $0.id == id }
        }
        return definitions.first { $0.identifier == key }
    }

    private func refetchAllowed() -> Bool {
        cache.withLock { cache in
            guard let fetchedAt = cache.fetchedAt else { return true }
            return ContinuousClock.now - fetchedAt >= refetchInterval
        }
    }

    private func currentDefinitions(forceRefresh: Bool) async throws -> [CustomAttributeDefinition] {
        let fetch = cache.withLock { cache -> Task<[CustomAttributeDefinition], any Error>? in
            if let inFlight = cache.inFlight { return inFlight }
            if !forceRefresh, cache.definitions != nil { return nil }
            let (dixa, budget) = (self.dixa, self.budget)
            let counter = DixaCallCounter.current
            let task = Task {
                try await DixaCallCounter.$current.withValue(counter) { try await budget.spend { try await dixa.customAttributeDefinitions() } }
            }
            cache.inFlight = task
            return task
        }
        guard let fetch else { return cache.withLock { $0.definitions ?? [] } }
        do {
            let definitions = try await fetch.value
            cache.withLock { $0 = Cache(definitions: definitions, fetchedAt: .now, inFlight: nil) }
            return definitions
        } catch {
            cache.withLock { $0.inFlight = nil }
            throw error
        }
    }
}
