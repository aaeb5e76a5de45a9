import DixaSandbox
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// One POST the receiver got: the headers and the body byte for byte.
struct ReceivedWebhook: Sendable {
    let path: String
    /// Header names in lower case (HTTP names are case-insensitive); repeated headers joined with ", ".
    let headers: [String: String]
    let body: Data

    func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// The body as JSON.
    var json: SandboxJSON { SandboxJSON.parse(body) ?? .null }
}

/// A tiny Hummingbird server on 127.0.0.1:0 standing in for a chatbot's webhook endpoint: it records
/// every POST to `/hooks/...` and answers `status`.
final class WebhookReceiver: Sendable {
    let baseURL: String
    private let log: ReceivedLog

    fileprivate init(baseURL: String, log: ReceivedLog) {
        self.baseURL = baseURL
        self.log = log
    }

    /// A URL on this receiver; different names let one test tell subscriptions apart.
    func url(_ name: String = "dixa") -> String { "\(baseURL)/hooks/\(name)" }

    /// Everything received so far, in arrival order.
    func received() async -> [ReceivedWebhook] { await log.all }
}

private actor ReceivedLog {
    private(set) var all: [ReceivedWebhook] = []
    func append(_ request: ReceivedWebhook) { all.append(request) }
}

/// Runs `body` with a receiver listening, then stops it.
func withWebhookReceiver<T>(status: HTTPResponse.Status = .ok, _ body: (WebhookReceiver) async throws -> T) async throws -> T {
    let log = ReceivedLog()
    let router = Router()
    router.post("/hooks/{name}") { request, context -> Response in
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        let headers = Dictionary(request.headers.map { ($0.name.canonicalName, $0.value) }) { "\($0), \($1)" }
        await log.append(ReceivedWebhook(path: request.uri.path, headers: headers, body: Data(buffer: buffer)))
        return Response(status: status)
    }
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? -1)
            portContinuation.finish()
        },
        logger: quietLogger
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw HarnessError("the webhook receiver did not start") }
        let result = try await body(WebhookReceiver(baseURL: "http://127.0.0.1:\(port)", log: log))
        group.cancelAll()
        while (try? await group.next()) != nil {}
        return result
    }
}
