import Hummingbird

extension SandboxRoutes {
    /// `GET|POST /v1/endusers`, `GET /v1/endusers/{userId}`, `GET /v1/endusers/{userId}/conversations`, each within the
    /// token's organisation: another organisation's end users are not found.
    func addEndUserRoutes(to router: Router<SandboxRequestContext>) {
        router.get("/v1/endusers") { request, context in
            let query = QueryItems(request.uri.query)
            let filters = ["email", "phone", "externalId"].compactMap { name in query[name].map { PageFilter(name: name, value: $0) } }
            guard filters.count <= 1 else { throw DixaError.tooManyFilters }
            let page = try PageRequest(query: query)
            let filter = filters.first ?? page.filter
            let matching = await store.endUsers(matching: filter, in: try context.requiredOrganization())
            let (users, nextQuery) = page.slice(matching.map(EndUserWire.init), filter: filter)
            let next = try await nextQuery.asyncMap { try await absoluteURL(request, path: "/v1/endusers", query: $0) }
            return JSONResponse.make(DataEnvelope(data: users, meta: next.map { PaginationLinks(next: $0) }))
        }

        router.post("/v1/endusers") { _, context in
            let input = try CreateEndUserInput(body: context.json)
            let user = await store.createEndUser(input, in: try context.requiredOrganization())
            return JSONResponse.data(EndUserWire(user), status: .created)
        }

        router.get("/v1/endusers/{userId}") { _, context in
            let id = try context.uuidParameter("userId")
            guard let user = await store.endUser(id: id, in: try context.requiredOrganization()) else { throw DixaError.notFound }
            return JSONResponse.data(EndUserWire(user))
        }

        router.get("/v1/endusers/{userId}/conversations") { request, context in
            let id = try context.uuidParameter("userId")
            let page = try PageRequest(query: QueryItems(request.uri.query))
            let organization = try context.requiredOrganization()
            guard let conversations = await store.conversations(requestedBy: id, in: organization) else { throw DixaError.notFound }
            let (items, nextQuery) = page.slice(conversations)
            let path = "/v1/endusers/\(id.lowercased)/conversations"
            let next = try await nextQuery.asyncMap { try await absoluteURL(request, path: path, query: $0) }
            return JSONResponse.make(DataEnvelope(data: items, meta: next.map { PaginationLinks(next: $0) }))
        }
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
