import Hummingbird
import Importer
import Logging
import Prometheus
import ServiceLifecycle

/// `run --metrics-port`: `/metrics` in Prometheus' text format and `/health`, which fails (503) while the worker is
/// halted on a configuration problem, so an orchestrator or uptime check notices.
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
            let halt = worker.summary.halt
            let body = halt.map { "halted: \($0)\n" } ?? "ok\n"
            return Response(status: halt == nil ? .ok : .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
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
}
