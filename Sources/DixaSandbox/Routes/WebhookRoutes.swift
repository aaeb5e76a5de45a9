import Hummingbird

extension SandboxRoutes {
    /// `GET|POST /v1/webhooks`, `GET|DELETE /v1/webhooks/{webhookSubscriptionId}`, each within the token's
    /// organisation: another organisation's subscriptions are neither listed nor found.
    func addWebhookRoutes(to router: Router<SandboxRequestContext>) {
        router.get("/v1/webhooks") { _, context in
            JSONResponse.data(await hub.all(in: try context.requiredOrganization()).map(\.wire))
        }

        router.post("/v1/webhooks") { _, context in
            let input = try WebhookSubscriptionInput(body: context.json)
            return JSONResponse.data(await hub.create(input, in: try context.requiredOrganization()).wire, status: .created)
        }

        router.get("/v1/webhooks/{webhookSubscriptionId}") { _, context in
            let id = try context.uuidParameter("webhookSubscriptionId")
            guard let subscription = await hub.subscription(id: id, in: try context.requiredOrganization()) else { throw DixaError.notFound }
            return JSONResponse.data(subscription.wire)
        }

        router.delete("/v1/webhooks/{webhookSubscriptionId}") { _, context in
            let id = try context.uuidParameter("webhookSubscriptionId")
            guard await hub.delete(id: id, in: try context.requiredOrganization()) else { throw DixaError.notFound }
            return JSONResponse.noContent()
        }
    }
}
