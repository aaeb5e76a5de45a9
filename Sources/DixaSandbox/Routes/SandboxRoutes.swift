import Hummingbird
import Logging

/// The sandbox's route handlers and the state they share; one extension per resource adds its routes.
struct SandboxRoutes: Sendable {
    let store: SandboxStore
    let recorder: RequestRecorder
    let faults: FaultInjector
    let limiter: RateLimiter
    let latency: ResponseLatency
    let hub: WebhookHub
    let initialRateLimit: SandboxRateLimit?
    let initialLatency: ClosedRange<Int>?
    /// The base URL to put in `meta.next` when a request has no `Host` header.
    let fallbackBaseURL: @Sendable () async throws -> String

    /// Builds the router: error rendering, then the `/v1` gateway, then every route.
    func router(logger: Logger) -> Router<SandboxRequestContext> {
        let router = Router(context: SandboxRequestContext.self)
        router.add(middleware: DixaErrorMiddleware())
        router.add(
            middleware: DixaGatewayMiddleware(
                directory: store.directory,
                recorder: recorder,
                faults: faults,
                limiter: limiter,
                latency: latency,
                logger: logger
            )
        )
        addEndUserRoutes(to: router)
        addConversationRoutes(to: router)
        addOrganizationRoutes(to: router)
        addWebhookRoutes(to: router)
        addAdminRoutes(to: router)
        addWebhookAdminRoutes(to: router)
        return router
    }

    /// Conversation changes that webhooks report.
    var events: ConversationEvents { ConversationEvents(store: store, hub: hub) }

    /// Dixa's `meta.next` is an absolute URL; it is built from the `Host` the client used.
    func absoluteURL(_ request: Request, path: String, query: String) async throws -> String {
        let base: String
        if let authority = request.head.authority, !authority.isEmpty {
            base = "http://\(authority)"
        } else {
            base = try await fallbackBaseURL()
        }
        return "\(base)\(path)?\(query)"
    }
}
