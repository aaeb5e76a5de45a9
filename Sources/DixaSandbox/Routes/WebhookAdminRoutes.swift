import Foundation
import Hummingbird

extension SandboxRoutes {
    /// `/_sandbox/...` routes that simulate a human agent and control webhook deliveries, mirroring
    /// the ``DixaSandbox`` Swift API. Agent actions answer with the delivery attempts they caused.
    func addWebhookAdminRoutes(to router: Router<SandboxRequestContext>) {
        router.post("/_sandbox/conversations/{conversationId}/agent-message") { request, context in
            let id = try context.int64Parameter("conversationId")
            let body = try await Self.decode(AgentMessageBody.self, from: request, context: context)
            return JSONResponse.make(try await events.agentMessage(conversationID: id, text: body.text, agentID: body.agentId))
        }

        router.post("/_sandbox/conversations/{conversationId}/agent-typing") { request, context in
            let id = try context.int64Parameter("conversationId")
            let body = try await Self.decode(AgentActionBody.self, from: request, context: context, emptyAs: AgentActionBody())
            return JSONResponse.make(try await events.agentTyping(conversationID: id, agentID: body.agentId))
        }

        router.post("/_sandbox/conversations/{conversationId}/agent-close") { request, context in
            let id = try context.int64Parameter("conversationId")
            let body = try await Self.decode(AgentActionBody.self, from: request, context: context, emptyAs: AgentActionBody())
            return JSONResponse.make(try await events.agentCloses(conversationID: id, agentID: body.agentId))
        }

        router.get("/_sandbox/webhooks") { _, _ in
            JSONResponse.make(await hub.all().map(\.record))
        }

        router.get("/_sandbox/webhooks/deliveries") { _, _ in
            JSONResponse.make(await hub.allDeliveries())
        }

        router.post("/_sandbox/webhooks/delivery-mode") { request, context in
            let mode = try await Self.decode(SandboxDeliveryMode.self, from: request, context: context)
            await hub.setMode(mode)
            return JSONResponse.make(mode)
        }

        router.post("/_sandbox/webhooks/flush") { request, context in
            let body = try await Self.decode(FlushBody.self, from: request, context: context, emptyAs: FlushBody())
            return JSONResponse.make(await hub.flush(reversed: body.reversed ?? false))
        }
    }
}

/// `{"text": "...", "agentId"?: uuid}`; the agent defaults to the standard seed's human agent.
private struct AgentMessageBody: Decodable {
    var text: String
    var agentId: UUID?
}

/// `{"agentId"?: uuid}`, or no body.
private struct AgentActionBody: Decodable {
    var agentId: UUID?
}

/// `{"reversed"?: bool}`, or no body.
private struct FlushBody: Decodable {
    var reversed: Bool?
}
