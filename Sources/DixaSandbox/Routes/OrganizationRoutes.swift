import Hummingbird

extension SandboxRoutes {
    /// The token's organisation's seeded, read-only resources: custom-attribute definitions, queues and agents.
    func addOrganizationRoutes(to router: Router<SandboxRequestContext>) {
        router.get("/v1/custom-attributes") { _, context in
            JSONResponse.data(try context.requiredOrganization().seed.customAttributes.map(CustomAttributeDefinitionWire.init))
        }

        router.get("/v1/queues") { _, context in
            let organization = try context.requiredOrganization()
            return JSONResponse.data(organization.seed.queues.enumerated().map { QueueWire($1, priority: $0 + 1, in: organization) })
        }

        router.get("/v1/queues/{queueId}") { _, context in
            let id = try context.uuidParameter("queueId")
            let organization = try context.requiredOrganization()
            guard let index = organization.seed.queues.firstIndex(where: { $0.id == id }) else { throw DixaError.notFound }
            return JSONResponse.data(QueueWire(organization.seed.queues[index], priority: index + 1, in: organization))
        }

        router.get("/v1/agents/{agentId}") { _, context in
            let id = try context.uuidParameter("agentId")
            guard let agent = try context.requiredOrganization().agent(id: id) else { throw DixaError.notFound }
            return JSONResponse.data(AgentWire(agent))
        }
    }
}
