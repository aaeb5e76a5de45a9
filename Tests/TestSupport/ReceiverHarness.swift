import AsyncHTTPClient
import DixaAPI
import Foundation
import LocalPostgres
import NIOCore
import NIOFoundationCompat
import Outbox
import PostgresNIO
import Secrets
import Webhooks

/// A `WebhookReceiver` on a free loopback port of its own, for the length of `body`.
package struct ReceiverHarness: Sendable {
    package let url: String

    package static func with(
        _ env: TestEnvironment,
        secret: String? = nil,
        authorizationToken: String? = nil,
        expectedAuthorization: String? = nil,
        tolerance: Duration = .seconds(300),
        secretsKey: SecretsKey? = nil,
        _ body: @Sendable (ReceiverHarness) async throws -> Void
    ) async throws {
        let port = try LocalPostgres.freePort()
        let configuration = WebhookReceiverConfiguration(
            host: "127.0.0.1",
            port: port,
            tolerance: tolerance,
            secret: secret.map(WebhookSecret.init),
            expectedAuthorization: expectedAuthorization.map(WebhookSecret.init) ?? authorizationToken.map { WebhookSecret($0).asBearer },
            botAgentID: TestEnvironment.botAgentID,
            secretsKey: secretsKey
        )
        let receiver = WebhookReceiver(configuration: configuration, store: env.store, logger: env.logger)
        let harness = ReceiverHarness(url: "http://127.0.0.1:\(port)\(configuration.path)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await receiver.run() }
            defer { group.cancelAll() }
            try await harness.waitUntilListening(port: port)
            try await body(harness)
        }
    }

    private func waitUntilListening(port: Int) async throws {
        for _ in 0..<500 {
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(2)),
                response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("the webhook receiver did not start")
    }

    /// POSTs `body` as Dixa would: signed with `secret` at `signedAt`, unless `signature` overrides the header.
    package func deliver(
        _ body: String,
        secret: String?,
        subscriptionID: UUID? = nil,
        signedAt: Date = Date(),
        signature: String? = nil,
        authorization: String? = nil
    ) async throws -> (status: Int, message: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let timestamp = String(Int64(signedAt.timeIntervalSince1970 * 1000))
        if let header = signature ?? secret.flatMap({ WebhookSignature.header(timestamp: timestamp, body: Array(body.utf8), secretKey: $0) }) {
            request.headers.add(name: "X-DIXA-SIGNATURE", value: header)
        }
        if let subscriptionID { request.headers.add(name: "X-DIXA-SUBSCRIPTION-ID", value: subscriptionID.dixaString) }
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let data = Data(buffer: try await response.body.collect(upTo: 1 << 20))
        let message = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["message"] as? String ?? ""
        return (Int(response.status.code), message)
    }

    /// A Dixa delivery body, snake_case as Dixa sends it.
    package static func event(
        _ fqn: String,
        id: UUID = UUID(),
        conversationID: Int64,
        at timestamp: String = "2026-11-24T12:00:00.000Z",
        author: UUID = UUID(),
        text: String = "Hello, I am Alex from support."
    ) -> String {
        let conversation = """
            {"csid":\(conversationID),"channel":"GENERICAPIMESSAGING","status":"OPEN","direction":"INBOUND","queue":null,\
            "contact_point":null,"requester":{"id":"\(UUID().dixaString)","name":"Ann","email":"ann@example.com","phone":null,\
            "roles":[],"user_type":"Contact"},"assignee":null,"subject":null,"tags":[],"created_at":"2026-11-24T10:00:00.000Z"}
            """
        let user = """
            {"id":"\(author.dixaString)","name":"Alex","email":"alex@example.com","phone":null,"roles":["Agent"],"user_type":"Member"}
            """
        let data: String
        switch fqn {
        case "CONVERSATION_MESSAGE_ADDED":
            data = """
                {"conversation":\(conversation),"author":\(user),"created_at":"\(timestamp)","message_id":"\(UUID().dixaString)",\
                "text":"\(text)","direction":"outbound","channel":"GENERICAPIMESSAGING","content":{"text":"\(text)","content_type":"Text",\
                "original_content_url":null,"processed_content_url":null},"attachments":[],"external_id":null}
                """
        case "TYPING_STARTED":
            data = "{\"conversation\":\(conversation),\"agent\":\(user)}"
        default:
            data = "{\"conversation\":\(conversation)}"
        }
        return """
            {"event_id":"\(id.dixaString)","event_fqn":"\(fqn)","event_version":"1","event_timestamp":"\(timestamp)",\
            "organization":{"id":"\(UUID().dixaString)","name":"Sandbox"},"data":\(data)}
            """
    }
}
