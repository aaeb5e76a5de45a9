import AsyncHTTPClient
import Console
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import Outbox
import TestSupport
import Testing

/// A console on a loopback port of its own over a test database, and a real HTTP client that does not follow
/// redirects (a requeue's 303 is asserted as such).
struct ConsoleHarness: Sendable {
    static let user = "ops"
    static let password = "pw-VERY-SECRET-9d1c"
    static let token = "console-token-SECRET-5e2a7f90"
    static var basicHeader: String { "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }
    static var bearerHeader: String { "Bearer \(token)" }

    let server: ConsoleServer
    let port: Int
    let client: HTTPClient

    var base: String { "http://127.0.0.1:\(port)" }
    var origin: String { base }

    struct Answer: Sendable {
        let status: Int
        let headers: [String: [String]]
        let body: String

        func header(_ name: String) -> String? { headers[name.lowercased()]?.first }
    }

    static func settings(readOnly: Bool = false, noAuth: Bool = false) throws -> ConsoleSettings {
        try ConsoleSettings(
            host: "127.0.0.1",
            port: 0,
            authentication: noAuth ? .disabled : try ConsoleAuthentication(basic: "\(user):\(password)", token: token, noAuth: false),
            readOnly: readOnly
        )
    }

    /// Runs `body` with a console listening; stops it afterwards.
    static func with(
        _ env: TestEnvironment,
        settings: ConsoleSettings? = nil,
        _ body: @Sendable (ConsoleHarness) async throws -> Void
    ) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let quiet = Logger(label: "console", factory: { _ in SwiftLogNoOpLogHandler() })
        let server = ConsoleServer(settings: try settings ?? Self.settings(), store: env.store, logger: quiet) { port in
            continuation.yield(port)
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                defer { group.cancelAll() }
                var iterator = ports.makeAsyncIterator()
                let port = try #require(await iterator.next())
                try await body(ConsoleHarness(server: server, port: port, client: client))
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    func get(_ path: String, authorization: String? = Self.basicHeader) async throws -> Answer {
        var request = HTTPClientRequest(url: base + path)
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        return try await send(request)
    }

    /// A form POST, as a browser sends it from one of the console's pages unless told otherwise.
    func post(
        _ path: String,
        form: [(String, String)],
        origin: String?? = .none,
        fetchSite: String? = nil,
        authorization: String? = Self.basicHeader
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        switch origin {
        case .none: request.headers.add(name: "Origin", value: self.origin)
        case .some(.some(let value)): request.headers.add(name: "Origin", value: value)
        case .some(.none): break
        }
        if let fetchSite { request.headers.add(name: "Sec-Fetch-Site", value: fetchSite) }
        let body = form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: body))
        return try await send(request)
    }

    /// The CSRF token a page's forms carry.
    static func csrf(in page: String) throws -> String {
        let match = try #require(page.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/), "no CSRF token on the page")
        return String(match.output.1)
    }

    private func send(_ request: HTTPClientRequest) async throws -> Answer {
        let response = try await client.execute(request, timeout: .seconds(30))
        var headers: [String: [String]] = [:]
        for header in response.headers { headers[header.name.lowercased(), default: []].append(header.value) }
        let body = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), headers: headers, body: String(buffer: body))
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Rows for the pages: imported ones through the worker and the sandbox, dead ones with hostile text, a halt, a
/// webhook event, and a stored tenant with a sealed token and a webhook secret that no page may show.
enum ConsoleSeed {
    static let sealedTokenMarker = "SEALED-TOKEN-BYTES-7f3b"
    static let webhookSecret = "whsec-WEBHOOK-SECRET-a91c"
    static let budgetKey = "sha256:BUDGET-KEY-HASH-55e0"

    /// A transcript whose requester, messages and attachment try every way into the markup.
    static let hostileTranscript = """
        {"requester":{"email":"evil@example.com","displayName":"<script>alert('name')</script>"},"messages":[\
        {"from":"user","text":"<script>alert(1)</script>","at":"2026-11-24T10:00:00Z","id":"u1"},\
        {"from":"user","text":"\\"><img src=x onerror=alert(2)>","at":"2026-11-24T10:00:01Z","id":"u2",\
        "attachments":[{"url":"javascript:alert(3)","name":"<b>file</b>"}]},\
        {"from":"bot","text":"javascript:alert(4)","at":"2026-11-24T10:00:05Z","id":"b1"}]}
        """
    static let hostileError = "HTTP 400 <script>alert('err')</script> \"><img src=x onerror=alert(5)>"

    @discardableResult
    static func deadRow(
        _ env: TestEnvironment,
        _ key: String,
        code: String = "bad_request",
        message: String = hostileError,
        transcript: String? = nil
    )
        async throws -> Int64
    {
        let id = try await env.enqueue(key, transcript ?? Transcripts.simple(email: "\(key)@example.com"))
        try await env.store.client.query(
            "UPDATE dixa_outbox SET state = 'dead', attempts = 8, last_error_code = \(code), last_error = \(message) WHERE id = \(id)",
            logger: env.logger
        )
        try await env.store.client.query(
            """
            INSERT INTO dixa_outbox_attempts (outbox_id, attempt, worker, started_at, outcome, error_code, http_status, message, dixa_calls, rate_limited)
            VALUES (\(id), 8, 'host:1', now() - interval '1 second', 'dead', \(code), 400, \(message), 2, 1)
            """,
            logger: env.logger
        )
        return id
    }

    static func secrets(_ env: TestEnvironment) async throws {
        try await env.store.client.query(
            """
            INSERT INTO dixa_tenants (name, agent_id, rate_limit, burst, token_sealed)
            VALUES ('acme', gen_random_uuid(), 5, 2, convert_to(\(sealedTokenMarker), 'UTF8'))
            """,
            logger: env.logger
        )
        try await env.store.client.query(
            """
            INSERT INTO dixa_webhook_subscriptions (id, tenant, url, secret_key, events)
            VALUES (gen_random_uuid(), 'default', 'https://hooks.example.com/dixa', \(webhookSecret), ARRAY['ConversationMessageAdded'])
            """,
            logger: env.logger
        )
        try await env.store.client.query(
            "INSERT INTO dixa_rate_budget (budget_key, theoretical_arrival) VALUES (\(budgetKey), now())",
            logger: env.logger
        )
    }

    static func event(_ env: TestEnvironment, conversationID: Int64, text: String, author: String) async throws {
        let json = try JSONSerialization.data(
            withJSONObject: ["data": ["author": ["name": author, "user_type": "Agent"], "content": ["text": text]]]
        )
        try await env.store.client.query(
            """
            INSERT INTO dixa_webhook_events (event_id, tenant, event_fqn, conversation_id, event_timestamp, payload)
            VALUES (gen_random_uuid(), 'default', 'ConversationMessageAdded', \(conversationID), now(), \(String(decoding: json, as: UTF8.self))::jsonb)
            """,
            logger: env.logger
        )
    }
}

/// What no page may hold unescaped.
enum Hostile {
    /// Escaped, these read as text (`&lt;img src=x onerror=…`); raw, they would be markup.
    static let raw = ["<script>", "<img", "<b>file</b>"]

    static func expectEscaped(_ page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for needle in raw {
            #expect(!page.contains(needle), "\(needle) came out unescaped", sourceLocation: sourceLocation)
        }
        #expect(!page.lowercased().contains("href=\"javascript"), sourceLocation: sourceLocation)
    }
}
