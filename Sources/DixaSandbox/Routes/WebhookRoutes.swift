import Hummingbird

extension SandboxRoutes {
    /// `GET|POST /v1/webhooks`, `GET|DELETE /v1/webhooks/{webhookSubscriptionId}`.
    func addWebhookRoutes(to router: Router<SandboxRequestContext>) {
        router.get("/v1/webhooks") { _, _ in
            JSONResponse.data(await hub.all().map(\.wire))
        }

        router.post("/v1/webhooks") { _, context in
            let input = try WebhookSubscriptionInput(body: context.json)
            // API tokens belong to a user; the seed's first agent (the bot in the standard seed) stands in.
            let creator = store.seed.agents.first?.id ?? SandboxSeed.organizationID
            return JSONResponse.data(await hub.create(input, createdBy: creator).wire, status: .created)
        }

        router.get("/v1/webhooks/{webhookSubscriptionId}") { _, context in
            let id = try context.uuidParameter("webhookSubscriptionId")
            guard let subscription = await hub.subscription(id: id) else { throw DixaError.notFound }
            return JSONResponse.data(subscription.wire)
        }

        router.delete("/v1/webhooks/{webhookSubscriptionId}") { _, context in
            let id = try context.uuidParameter("webhookSubscriptionId")
            guard await hub.delete(id: id) else { throw DixaError.notFound }
            return JSONResponse.noContent()
        }
    }
}
