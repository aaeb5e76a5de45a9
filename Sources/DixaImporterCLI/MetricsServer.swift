import Hummingbird
import Importer
import Logging
import Prometheus
import ServiceLifecycle

/// `run --metrics-port`: `/metrics` in Prometheus' text format and `/health`, which fails (503) while the worker
/// is halted on a configuration problem, so an orchestrator or uptime check notices.
enum MetricsServer {
    static func make(port: Int, registry: PrometheusCollectorRegistry, worker: ImportWorker, logger: Logger) -> some Service {
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
        return Application(
            router: router,
            configuration: .init(address: .hostname("0.0.0.0", port: port), serverName: "dixa-importer"),
            logger: logger
        )
    }
}
