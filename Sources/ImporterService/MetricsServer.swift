import Hummingbird
import Importer
import Logging
import Prometheus
import ServiceLifecycle

/// `run --metrics-port`: `/metrics` in Prometheus' text format and `/health`, which fails (503) while the worker is
/// halted on a configuration problem in every tenant, so an orchestrator or uptime check notices.
struct MetricsServer: Service, CustomStringConvertible {
    let listener: ListenerSettings
    let registry: PrometheusCollectorRegistry
    let worker: ImportWorker
    let logger: Logger

    func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        router.get("/health") { _, _ -> Response in
            let (status, body) = Self.health(worker)
            return Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        return router
    }

    func run() async throws {
        let application = Application(
            router: buildRouter(),
            configuration: .init(address: .hostname(listener.host, port: listener.port), serverName: "dixa-importer"),
            logger: logger
        )
        try await application.run()
    }

    var description: String { "MetricsServer" }

    /// 503 while nothing can be imported (every tenant halted); 200 otherwise, naming each halted tenant, so that one
    /// organisation's bad token never gets a process restarted that serves the others.
    static func health(_ worker: ImportWorker) -> (HTTPResponse.Status, String) {
        let halts = worker.summary.halts.sorted { $0.key < $1.key }.map { "halted: \($0.value)\n" }
        if worker.isHalted { return (.serviceUnavailable, halts.joined()) }
        guard !halts.isEmpty else { return (.ok, "ok\n") }
        let tenants = Set(worker.tenants).union(worker.summary.halts.keys)
        return (.ok, "degraded: \(halts.count) of \(tenants.count) tenants halted\n" + halts.joined())
    }
}
