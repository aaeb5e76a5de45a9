import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A typed client for the parts of Dixa's REST API the importer uses, in the exact JSON of Dixa's
/// OpenAPI file. Every request carries the raw token in `Authorization` and has a deadline. The client knows HTTP
/// and Dixa's JSON only: each call sends one request and throws `DixaError` for anything but success. When a
/// request may go out, and what a 429 means for the next one, is the caller's budget (`Importer.RequestBudget`).
public struct DixaClient: Sendable {
    let http: HTTPClient
    public let configuration: DixaClientConfiguration
    let logger: Logger

    public init(http: HTTPClient = .shared, configuration: DixaClientConfiguration, logger: Logger) {
        self.http = http
        self.configuration = configuration
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
        if status == 429 { DixaCallCounter.current?.countRateLimited() }
        let message = (try? Self.decoder.decode(ErrorBody.self, from: responseBody).message) ?? Self.statusText(status)
        let retryAfter = headers.first(name: "Retry-After").flatMap(Double.init)
        throw DixaError(code: .http, endpoint: endpoint, status: status, message: message, retryAfterSeconds: retryAfter)
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
            Timer(label: "dixa_request_duration_seconds", dimensions: [("tenant", configuration.tenant), ("endpoint", endpoint)])
                .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        }
        do {
            let answer = try await send()
            outcome = String(answer.0)
            Counter(label: "dixa_requests_total", dimensions: [("tenant", configuration.tenant), ("endpoint", endpoint), ("status", outcome)])
                .increment()
            return answer
        } catch let error as DixaError {
            outcome = error.code.description
            Counter(label: "dixa_requests_total", dimensions: [("tenant", configuration.tenant), ("endpoint", endpoint), ("status", outcome)])
                .increment()
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
