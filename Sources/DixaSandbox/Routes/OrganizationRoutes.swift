import Hummingbird

extension SandboxRoutes {
    /// The seeded, read-only resources: custom-attribute definitions, queues and agents.
    func addOrganizationRoutes(to router: Router<SandboxRequestContext>) {
        router.get("/v1/custom-attributes") { _, _ in
            JSONResponse.data(store.seed.customAttributes.map(CustomAttributeDefinitionWire.init))
        }

        router.get("/v1/queues") { _, _ in
            JSONResponse.data(store.seed.queues.enumerated().map { QueueWire($1, priority: $0 + 1) })
        }

        router.get("/v1/queues/{queueId}") { _, context in
            let id = try context.uuidParameter("queueId")
            guard let index = store.seed.queues.firstIndex(where: { $0.id == id }) else { throw DixaError.notFound }
            return JSONResponse.data(QueueWire(store.seed.queues[index], priority: index + 1))
        }

        router.get("/v1/agents/{agentId}") { _, context in
            let id = try context.uuidParameter("agentId")
            guard let agent = store.seed.agents.first(where: { $0.id == id }) else { throw DixaError.notFound }
            return JSONResponse.data(AgentWire(agent))
        }
    }
}
