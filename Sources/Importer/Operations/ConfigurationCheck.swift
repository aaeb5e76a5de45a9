import DixaAPI
import Foundation
import Outbox

/// What `dixa-importer check` verifies of a tenant before anything runs: the database, the token, the bot agent, the
/// custom attributes the tenant's pending rows use, and the escalation queue when one is set. `tenants add` runs the
/// Dixa part before it stores a tenant.
public struct ConfigurationCheck: Sendable {
    /// One line of the answer: passed or not, what was checked, and what to do when it failed.
    public struct Result: Sendable, Equatable {
        public let passed: Bool
        public let title: String
        public let detail: String
    }

    /// Nil: Dixa alone is checked (`tenants add`, before the tenant is stored).
    let store: OutboxStore?
    let dixa: DixaClient
    let budget: RequestBudget
    let botAgentID: UUID
    let queueID: String?
    let names: TenantSettingNames

    /// - Parameter names: how the operator changes what fails (default: the tenant's stored or environment settings).
    public init(store: OutboxStore?, tenant: Tenant, names: TenantSettingNames? = nil) {
        self.store = store
        self.dixa = tenant.dixa
        self.budget = tenant.budget
        self.botAgentID = tenant.botAgentID
        self.queueID = tenant.defaultQueueID?.dixaString
        self.names = names ?? tenant.settingNames
    }

    public func run() async -> [Result] {
        var results: [Result] = []
        var databaseReady = false
        if let store {
            let database = await database(store)
            databaseReady = database.passed
            results.append(database)
        }
        let token = await tokenAndAttributes()
        results.append(token.result)
        guard token.result.passed else { return results }
        results.append(await agent())
        if let store, databaseReady {
            results.append(await attributes(token.definitions, store))
        }
        if let queueID {
            results.append(await queue(queueID))
        }
        return results
    }

    private func database(_ store: OutboxStore) async -> Result {
        do {
            let pending = try await Migrator(client: store.client, logger: store.logger).pending()
            guard pending.isEmpty else {
                return Result(
                    passed: false,
                    title: "database reachable, not migrated",
                    detail: "run `dixa-importer migrate` (missing: \(pending.joined(separator: ", ")))"
                )
            }
            return Result(passed: true, title: "database reachable and migrated", detail: "")
        } catch {
            return Result(passed: false, title: "database unreachable", detail: "check DATABASE_URL: \(String(describing: error).prefix(200))")
        }
    }

    private func tokenAndAttributes() async -> (result: Result, definitions: [CustomAttributeDefinition]) {
        do {
            let definitions = try await budget.spend { try await dixa.customAttributeDefinitions() }
            return (Result(passed: true, title: "Dixa accepts the API token (\(dixa.configuration.baseURL))", detail: ""), definitions)
        } catch let error as DixaError where error.errorClass == .configuration {
            return (
                Result(
                    passed: false,
                    title: "Dixa rejects the API token",
                    detail: "set \(names.token) to a valid \"Dixa API\" token (\(error))"
                ), []
            )
        } catch {
            return (Result(passed: false, title: "Dixa unreachable", detail: "check \(names.baseURL) and the network: \(error)"), [])
        }
    }

    private func agent() async -> Result {
        do {
            let agent = try await budget.spend { try await dixa.agent(botAgentID) }
            return Result(passed: true, title: "the bot agent exists (\(agent.displayName ?? botAgentID.dixaString))", detail: "")
        } catch let error as DixaError where error.errorClass == .notFound || error.errorClass == .badRequest {
            return Result(
                passed: false,
                title: "the bot agent \(botAgentID.dixaString) does not exist",
                detail: "set \(names.agent) to your bot user's id (Settings > AI agents > Third-party AI agents)"
            )
        } catch {
            return Result(passed: false, title: "could not look up the bot agent", detail: "\(error)")
        }
    }

    private func attributes(_ definitions: [CustomAttributeDefinition], _ store: OutboxStore) async -> Result {
        do {
            let keys = try await store.pendingAttributeKeys(tenant: names.tenant)
            let known = Set(definitions.map(\.identifier)).union(definitions.map { $0.id.dixaString })
            let unknown = keys.filter { !known.contains($0.lowercased()) && !known.contains($0) }
            guard unknown.isEmpty else {
                return Result(
                    passed: false,
                    title: "pending rows use custom attributes Dixa does not have: \(unknown.joined(separator: ", "))",
                    detail: "create them in Dixa (Settings > Custom attributes) or fix the chatbot; they would become partial errors"
                )
            }
            return Result(passed: true, title: "every custom attribute pending rows use exists (\(keys.count) in use)", detail: "")
        } catch {
            return Result(passed: false, title: "could not read the attributes of pending rows", detail: "\(error)")
        }
    }

    private func queue(_ id: String) async -> Result {
        do {
            let queue = try await budget.spend { try await dixa.queue(id) }
            return Result(passed: true, title: "the escalation queue exists (\(queue.name))", detail: "")
        } catch {
            return Result(
                passed: false,
                title: "the escalation queue \(id) does not exist",
                detail: "set \(names.queue) to an id listed by GET /v1/queues"
            )
        }
    }
}
