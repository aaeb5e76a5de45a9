import Foundation
import Hummingbird

extension SandboxRoutes {
    /// `/_sandbox/...` routes that simulate a human agent and control webhook deliveries, mirroring
    /// the ``DixaSandbox`` Swift API. Agent actions answer with the delivery attempts they caused; they act in the
    /// conversation's own organisation.
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

        router.get("/_sandbox/webhooks") { request, _ in
            JSONResponse.make(Self.filter(await hub.all().map(\.record), request) { $0.organization })
        }

        router.get("/_sandbox/webhooks/deliveries") { request, _ in
            JSONResponse.make(Self.filter(await hub.allDeliveries(), request) { $0.organization })
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

/// `{"text": "...", "agentId"?: uuid}`; the agent defaults to the conversation's organisation's Human Agent.
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
