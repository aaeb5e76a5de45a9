import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A typed client for the parts of Dixa's REST API the importer uses, in the exact JSON of Dixa's
/// OpenAPI file. Every request carries the raw token in `Authorization`, has a deadline, waits its
/// turn in the pacer (a `TokenBucket`, or a pacer shared between processes; when one is given) and waits
/// out a 429 before giving up.
public struct DixaClient: Sendable {
    let http: HTTPClient
    public let configuration: DixaClientConfiguration
    let bucket: (any RequestPacer)?
    let logger: Logger

    public init(http: HTTPClient = .shared, configuration: DixaClientConfiguration, bucket: (any RequestPacer)? = nil, logger: Logger) {
        self.http = http
        self.configuration = configuration
        self.bucket = bucket
        self.logger = logger
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = DixaDate.encodingStrategy
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = DixaDate.decodingStrategy
        return decoder
    }()

    /// Largest response body read; Dixa's answers here are small.
    static let maxResponseBytes = 16 << 20

    /// Sends one request and decodes the `data` of a success answer.
    func send<Payload: Decodable>(
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String)] = [],
        body: (some Encodable & Sendable)? = Optional<String>.none,
        as payload: Payload.Type
    ) async throws -> DataEnvelope<Payload> {
        let endpoint = "\(method.rawValue) \(Self.template(of: path))"
        let bodyBytes = try body.map { try Self.encoder.encode($0) }
        let response = try await perform(method, path, query: query, body: bodyBytes, endpoint: endpoint)
        do {
            return try Self.decoder.decode(DataEnvelope<Payload>.self, from: response)
        } catch {
            throw DixaError(code: .invalidResponse, endpoint: endpoint, message: "the answer does not match Dixa's schema: \(Self.describe(error))")
        }
    }

    /// Sends a request whose success answer has no body (204).
    func sendExpectingNoContent(_ method: HTTPMethod, _ path: String, body: (some Encodable & Sendable)?) async throws {
        let endpoint = "\(method.rawValue) \(Self.template(of: path))"
        let bodyBytes = try body.map { try Self.encoder.encode($0) }
        _ = try await perform(method, path, query: [], body: bodyBytes, endpoint: endpoint)
    }

    /// Sends a request and returns the body of a 2xx answer; throws `DixaError` for anything else.
    func perform(_ method: HTTPMethod, _ path: String, query: [(String, String)], body: Data?, endpoint: String) async throws -> ByteBuffer {
        var rateLimitWaits = 0
        while true {
            try await paced(endpoint) { try await bucket?.acquire() }
            var request = HTTPClientRequest(url: configuration.baseURL + path + (query.isEmpty ? "" : "?" + QueryString.encode(query)))
            request.method = method
            request.headers.add(name: "Authorization", value: configuration.token.value)
            request.headers.add(name: "Accept", value: "application/json")
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(data: body))
            }
            DixaCallCounter.current?.increment()
            let (status, headers, responseBody) = try await measured(endpoint) { try await execute(request, endpoint: endpoint) }
            if (200..<300).contains(status) {
                return responseBody
            }
            let message = (try? Self.decoder.decode(ErrorBody.self, from: responseBody).message) ?? Self.statusText(status)
            let retryAfter = headers.first(name: "Retry-After").flatMap(Double.init)
            let error = DixaError(code: .http, endpoint: endpoint, status: status, message: message, retryAfterSeconds: retryAfter)
            guard status == 429, rateLimitWaits < configuration.maxRateLimitWaits else { throw error }
            rateLimitWaits += 1
            Counter(label: "dixa_rate_limit_waits_total").increment()
            let wait = retryAfter.map { Duration.milliseconds(Int64($0 * 1000)) } ?? configuration.rateLimitFallbackWait * rateLimitWaits
            logger.warning("Dixa answered 429; waiting before retrying", metadata: ["endpoint": "\(endpoint)", "wait": "\(wait)"])
            try await paced(endpoint) { try await bucket?.pause(for: wait) }
            if bucket == nil {
                try await Task.sleep(for: wait)
            }
        }
    }

    /// Runs a pacer call; its failures come out as `DixaError.Code.pacing`, which says that nothing was sent.
    private func paced(_ endpoint: String, _ call: () async throws -> Void) async throws {
        do {
            try await call()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw DixaError(
                code: .pacing,
                endpoint: endpoint,
                message: "the request budget could not be reserved, so nothing was sent: \(Self.describe(error))",
                underlying: error
            )
        }
    }

    /// Counts the request by endpoint and status (or `timeout`/`network`) and records its latency.
    private func measured(
        _ endpoint: String,
        _ send: () async throws -> (Int, HTTPHeaders, ByteBuffer)
    ) async throws -> (Int, HTTPHeaders, ByteBuffer) {
        let started = ContinuousClock.now
        let outcome: String
        defer {
            let elapsed = ContinuousClock.now - started
            Timer(label: "dixa_request_duration_seconds", dimensions: [("endpoint", endpoint)])
                .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        }
        do {
            let answer = try await send()
            outcome = String(answer.0)
            Counter(label: "dixa_requests_total", dimensions: [("endpoint", endpoint), ("status", outcome)]).increment()
            return answer
        } catch let error as DixaError {
            outcome = error.code.description
            Counter(label: "dixa_requests_total", dimensions: [("endpoint", endpoint), ("status", outcome)]).increment()
            throw error
        }
    }

    private func execute(_ request: HTTPClientRequest, endpoint: String) async throws -> (Int, HTTPHeaders, ByteBuffer) {
        let (seconds, attoseconds) = configuration.requestTimeout.components
        let timeout = TimeAmount.milliseconds(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        do {
            let response = try await http.execute(request, deadline: .now() + timeout, logger: logger)
            let body = try await response.body.collect(upTo: Self.maxResponseBytes)
            return (Int(response.status.code), response.headers, body)
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            throw DixaError(code: .timeout, endpoint: endpoint, message: "no answer within \(configuration.requestTimeout)")
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as DixaError {
            throw error
        } catch {
            throw DixaError(code: .transport, endpoint: endpoint, message: "connection failed: \(Self.describe(error))")
        }
    }

    /// The path with ids replaced by placeholders, so that logs and metrics group by endpoint.
    static func template(of path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            if UUID(uuidString: String(segment)) != nil { return "{id}" }
            if !segment.isEmpty, segment.allSatisfy(\.isNumber) { return "{id}" }
            return String(segment)
        }.joined(separator: "/")
    }

    static func statusText(_ status: Int) -> String {
        HTTPResponseStatus(statusCode: status).reasonPhrase
    }

    /// A short, log-safe description of a lower-level error (never a request body or header).
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as DecodingError:
            switch error {
            case .keyNotFound(let key, let context): "missing \(path(context.codingPath + [key]))"
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                "bad value at \(path(context.codingPath))"
            @unknown default: "undecodable"
            }
        default:
            String(describing: type(of: error)) + ": " + String(String(describing: error).prefix(200))
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
