import Foundation
import Hummingbird
import Logging
import NIOCore
import Outbox
import ServiceLifecycle

/// The operator console, a Hummingbird `Service`: pages rendered on the server from the console statements, no
/// JavaScript. Built from validated `ConsoleSettings` without I/O; `run()` listens until the service group shuts down.
public struct ConsoleServer: Service, CustomStringConvertible {
    public let settings: ConsoleSettings
    /// Counts every statement the pages run.
    public let data: ConsoleData
    let logger: Logger
    let renderer: ConsoleRenderer
    let guardian = RequestGuard()
    /// Called with the port bound, once the console listens (the settings may ask for port 0).
    let onListening: @Sendable (Int) async -> Void

    public init(
        settings: ConsoleSettings,
        store: OutboxStore,
        logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.settings = settings
        self.data = ConsoleData(store: store)
        self.logger = logger
        self.renderer = ConsoleRenderer()
        self.onListening = onListening
    }

    public var description: String { "ConsoleServer" }

    public func run() async throws {
        let onListening = onListening
        let application = Application(
            router: buildRouter(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "dixa-importer console"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        logger.info(
            "console listening",
            metadata: [
                "host": "\(settings.host)", "port": "\(settings.port)", "authentication": "\(settings.authentication)",
                "read_only": "\(settings.readOnly)",
            ]
        )
        try await application.run()
    }

    func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeadersMiddleware(renderer: renderer, readOnly: settings.readOnly, logger: logger))
        router.add(middleware: AuthenticationMiddleware(authentication: settings.authentication))
        router.get("/console.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: ConsoleRenderer.stylesheet))
            )
        }
        router.get("/favicon.svg") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "image/svg+xml"],
                body: .init(byteBuffer: ByteBuffer(string: ConsoleRenderer.icon))
            )
        }
        router.get("/") { _, _ in
            html(renderer.render(try await OverviewPage.load(data, settings: settings), "overview"))
        }
        router.get("/dead") { request, _ in
            let query = try DeadRowsPage.Query(parameters(request))
            let csrf = guardian.token(for: request.headers[.authorization])
            return html(renderer.render(try await DeadRowsPage.load(data, query: query, settings: settings, csrf: csrf), "dead"))
        }
        router.post("/dead/requeue") { request, _ in
            try await requeue(request)
        }
        router.get("/rows/:id") { request, context in
            let id = try RowPage.id(context.parameters.get("id"))
            let csrf = guardian.token(for: request.headers[.authorization])
            return html(renderer.render(try await RowPage.load(data, id: id, settings: settings, csrf: csrf), "row"))
        }
        router.get("/conversations/:tenant/:conversation/events") { _, context in
            let tenant = context.parameters.get("tenant") ?? ""
            try TenantName.check(tenant)
            let conversation = try EventsPage.conversationID(context.parameters.get("conversation"))
            return html(
                renderer.render(try await EventsPage.load(data, tenant: tenant, conversationID: conversation, settings: settings), "events")
            )
        }
        router.get("/halts") { request, _ in
            html(renderer.render(try await HaltsPage.load(data, parameters: parameters(request), settings: settings), "halts"))
        }
        return router
    }

    /// `POST /dead/requeue`: without `confirm=yes` it answers the confirmation, counting the rows; with it, it
    /// requeues them and sends the browser back to the dead rows (303), so a reload does not post again.
    private func requeue(_ request: Request) async throws -> Response {
        guard !settings.readOnly else { throw ConsoleError(.forbidden, "refused: the console is read-only (--read-only)") }
        try guardian.checkOrigin(request.headers, authority: request.head.authority)
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let form = FormBody(String(buffer: body))
        let authorization = request.headers[.authorization]
        try guardian.checkToken(form.first("csrf"), authorization: authorization)
        let ids = try RequeuePage.ids(form.values("id"))
        guard form.first("confirm") == "yes" else {
            let page = try await RequeuePage.load(data, ids: ids, csrf: guardian.token(for: authorization))
            return html(renderer.render(page, "confirm"))
        }
        let (_, changed) = try await data.run { try await $0.consoleRequeue(ids: ids, dryRun: false) }
        logger.notice("console requeued dead rows", metadata: ["rows": "\(changed)"])
        return Response(status: .seeOther, headers: [.location: "/dead?requeued=\(changed)"])
    }

    private func parameters(_ request: Request) -> [String: String] {
        var parameters: [String: String] = [:]
        for field in FormBody(request.uri.query ?? "").fields where parameters[field.name] == nil {
            parameters[field.name] = field.value
        }
        return parameters
    }

    private func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
