import AsyncHTTPClient
import DixaSandbox
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Runs `body` against a fresh sandbox on an ephemeral loopback port, then cancels the sandbox.
func withSandbox<T>(
    _ configuration: SandboxConfiguration = SandboxConfiguration(),
    _ body: (SandboxClient) async throws -> T
) async throws -> T {
    let sandbox = DixaSandbox(configuration: configuration, logger: quietLogger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await sandbox.run() }
        let client = SandboxClient(sandbox: sandbox, baseURL: try await sandbox.baseURL())
        let result = try await body(client)
        group.cancelAll()
        // The sandbox may end with a cancellation error; only `body`'s outcome matters here.
        while (try? await group.next()) != nil {}
        return result
    }
}

/// A logger that drops everything, so test output stays readable.
let quietLogger = Logger(label: "sandbox-tests") { _ in SwiftLogNoOpLogHandler() }

/// A response, read completely.
struct SandboxResponse {
    let status: Int
    let headers: HTTPHeaders
    let text: String

    /// The body as JSON (`.null` when it is not JSON).
    var json: SandboxJSON { SandboxJSON.parse(Data(text.utf8)) ?? .null }

    /// The `message` of a Dixa error body.
    var message: String? { json["message"]?.stringValue }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}

/// Talks to one sandbox over real HTTP.
struct SandboxClient {
    let sandbox: DixaSandbox
    let baseURL: String

    /// Sends a request. `path` is relative to the base URL unless it is a full URL (e.g. `meta.next`).
    /// - Parameters:
    ///   - authorization: the `Authorization` header; the standard token by default, `nil` for none.
    func send(
        _ method: HTTPMethod,
        _ path: String,
        body: String? = nil,
        authorization: String? = SandboxSeed.standardToken
    ) async throws -> SandboxResponse {
        var request = HTTPClientRequest(url: path.hasPrefix("http") ? path : baseURL + path)
        request.method = method
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 8 << 20)
        return SandboxResponse(status: Int(response.status.code), headers: response.headers, text: String(buffer: buffer))
    }

    /// Sends a JSON value as the body.
    func send(
        _ method: HTTPMethod,
        _ path: String,
        json: SandboxJSON,
        authorization: String? = SandboxSeed.standardToken
    ) async throws -> SandboxResponse {
        try await send(method, path, body: json.text, authorization: authorization)
    }

    /// Creates an end user through the API, in the organisation of `token`, and returns its id.
    func createEndUser(email: String, token: String = SandboxSeed.standardToken) async throws -> String {
        let response = try await send(.POST, "/v1/endusers", body: #"{"email":"\#(email)","displayName":"Test User"}"#, authorization: token)
        guard response.status == 201, let id = response.json["data"]?["id"]?.stringValue else {
            throw HarnessError("creating an end user answered \(response.status) \(response.text)")
        }
        return id
    }

    /// Imports the OpenAPI example for `requesterId` into `organization` (its token, its bot) and returns the
    /// conversation id.
    func importConversation(
        requesterId: String,
        externalId: String? = nil,
        organization: SandboxOrganizationIDs = SandboxOrganizationIDs(number: 1)
    ) async throws -> Int64 {
        var body = ImportExamples.genericAPIMessaging(requesterId: requesterId, bot: organization.botAgentID.uuidString.lowercased())
        if let externalId { body = body.setting(["externalId"], to: .string(externalId)) }
        let response = try await send(.POST, "/v1/conversations/import", json: body, authorization: organization.token)
        guard response.status == 201, let id = response.json["data"]?["id"]?.numberValue else {
            throw HarnessError("import answered \(response.status) \(response.text)")
        }
        return Int64(id)
    }

    func recordedRequests() async throws -> [SandboxRecordedRequest] {
        try await send(.GET, "/_sandbox/requests", authorization: nil).decode([SandboxRecordedRequest].self)
    }

    func conversationRecords() async throws -> [SandboxConversationRecord] {
        try await send(.GET, "/_sandbox/conversations", authorization: nil).decode([SandboxConversationRecord].self)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension SandboxJSON {
    /// Compact JSON text.
    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// A copy with the value at `path` replaced (`nil` removes it). Path elements are object keys or
    /// array indexes written as decimal strings.
    func setting(_ path: [String], to value: SandboxJSON?) -> SandboxJSON {
        guard let key = path.first else { return value ?? .null }
        let rest = Array(path.dropFirst())
        switch self {
        case .object(var members):
            if rest.isEmpty {
                members[key] = value
            } else {
                members[key] = (members[key] ?? .object([:])).setting(rest, to: value)
            }
            return .object(members)
        case .array(var elements):
            guard let index = Int(key), elements.indices.contains(index) else { return self }
            if rest.isEmpty {
                if let value { elements[index] = value } else { elements.remove(at: index) }
            } else {
                elements[index] = elements[index].setting(rest, to: value)
            }
            return .array(elements)
        default:
            return self
        }
    }
}
