import Hummingbird

extension SandboxRoutes {
    /// `POST /v1/conversations/import`, `GET /v1/conversations/{id}`, `PATCH .../custom-attributes`,
    /// `PUT .../transfer/queue`, `PUT .../reopen`, `PUT .../close`. Another organisation's conversation is not found.
    func addConversationRoutes(to router: Router<SandboxRequestContext>) {
        router.post("/v1/conversations/import") { _, context in
            let input = try ConversationImportInput(body: context.json)
            // Decoding succeeded, so the body is JSON and non-empty.
            let result = try await store.importConversation(
                input,
                request: context.json ?? .null,
                rawRequest: context.bodyText ?? "",
                extraPartialErrors: context.faultPartialErrors,
                in: try context.requiredOrganization()
            )
            return JSONResponse.data(result, status: .created)
        }

        router.get("/v1/conversations/{conversationId}") { _, context in
            let id = try context.int64Parameter("conversationId")
            guard let conversation = await store.conversation(id: id, in: try context.requiredOrganization()) else { throw DixaError.notFound }
            return JSONResponse.data(conversation)
        }

        router.patch("/v1/conversations/{conversationId}/custom-attributes") { _, context in
            let id = try context.int64Parameter("conversationId")
            let patch = try CustomAttributePatchInput(body: context.json)
            return JSONResponse.data(try await store.patchAttributes(conversationID: id, patch, in: try context.requiredOrganization()))
        }

        router.put("/v1/conversations/{conversationId}/transfer/queue") { _, context in
            let id = try context.int64Parameter("conversationId")
            let input = try TransferQueueInput(body: context.json)
            try await store.transfer(conversationID: id, input, in: try context.requiredOrganization())
            return JSONResponse.noContent()
        }

        router.put("/v1/conversations/{conversationId}/reopen") { _, context in
            let id = try context.int64Parameter("conversationId")
            let input = try ConversationActionInput(body: context.json, bodyText: context.bodyText)
            try await events.reopen(conversationID: id, userID: input.userId, in: try context.requiredOrganization())
            return JSONResponse.noContent()
        }

        router.put("/v1/conversations/{conversationId}/close") { _, context in
            let id = try context.int64Parameter("conversationId")
            let input = try ConversationActionInput(body: context.json, bodyText: context.bodyText)
            // Deliveries are attempted before the 204, which keeps tests that close through the API deterministic.
            _ = try await events.close(conversationID: id, userID: input.userId, in: try context.requiredOrganization())
            return JSONResponse.noContent()
        }
    }
}
