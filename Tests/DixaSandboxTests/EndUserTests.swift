import DixaSandbox
import Foundation
import Testing

@Suite("End users")
struct EndUserTests {
    @Test("more than one search filter is a 400")
    func filterConflict() async throws {
        try await withSandbox { client throws in
            for query in ["email=a@b.c&phone=123", "email=a@b.c&externalId=x", "phone=1&externalId=x"] {
                let response = try await client.send(.GET, "/v1/endusers?\(query)")
                #expect(response.status == 400, "\(query)")
                #expect(response.message == "Invalid filters: Cannot provide more than one filter")
            }
        }
    }

    @Test("create, then find by email, phone and externalId; no match is an empty data array")
    func createAndSearch() async throws {
        try await withSandbox { client throws in
            let created = try await client.send(
                .POST,
                "/v1/endusers",
                body: #"{"displayName":"Ann Lee","email":"ann+vip@example.com","phoneNumber":"+4512345678","externalId":"cust-1"}"#
            )
            #expect(created.status == 201)
            let user = try #require(created.json["data"])
            let id = try #require(user["id"]?.stringValue)
            #expect(UUID(uuidString: id) != nil)
            #expect(id == id.lowercased())
            #expect(user["createdAt"]?.stringValue != nil)
            #expect(user["lastName"] == nil, "absent optional fields are left out, not null")

            for query in ["email=ann%2Bvip%40example.com", "phone=%2B4512345678", "externalId=cust-1"] {
                let found = try await client.send(.GET, "/v1/endusers?\(query)")
                #expect(found.status == 200)
                #expect(found.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [id], "\(query)")
            }

            // An unescaped `+` is a space in a query, so this does not match: the client must escape it.
            let unescaped = try await client.send(.GET, "/v1/endusers?email=ann+vip@example.com")
            #expect(unescaped.json["data"] == .array([]))

            let none = try await client.send(.GET, "/v1/endusers?email=nobody@example.com")
            #expect(none.status == 200)
            #expect(none.json == .object(["data": .array([])]))

            let fetched = try await client.send(.GET, "/v1/endusers/\(id)")
            #expect(fetched.json["data"]?["email"]?.stringValue == "ann+vip@example.com")
        }
    }

    @Test("creating the same email twice makes two records, so double creation shows")
    func duplicateEmail() async throws {
        try await withSandbox { client throws in
            let first = try await client.createEndUser(email: "twice@example.com")
            let second = try await client.createEndUser(email: "twice@example.com")
            #expect(first != second)
            let found = try await client.send(.GET, "/v1/endusers?email=twice@example.com")
            #expect(found.json["data"]?.arrayValue?.count == 2)
            let all = try await client.send(.GET, "/_sandbox/endusers", authorization: nil).decode([SandboxEndUser].self)
            #expect(all.map(\.id) == [first, second])
        }
    }

    @Test("the create body is strict: unknown fields and wrong types are 400")
    func strictCreateBody() async throws {
        try await withSandbox { client throws in
            let bodies = [
                #"{"phone":"+4512345678"}"#,
                #"{"email":42}"#,
                #"{"additionalEmails":"a@b.c"}"#,
                #"["a"]"#,
                "not json",
                "",
            ]
            for body in bodies {
                let response = try await client.send(.POST, "/v1/endusers", body: body)
                #expect(response.status == 400, "\(body)")
                #expect(response.message == "Invalid value for: body")
            }
            #expect(try await client.send(.POST, "/v1/endusers", body: "{}").status == 201, "every field is optional")
            #expect(try await client.send(.POST, "/v1/endusers", body: #"{"email":null}"#).status == 201, "null reads as absent")
        }
    }

    @Test("GET /v1/endusers/{id}: non-UUID is 400, unknown is 404")
    func getByID() async throws {
        try await withSandbox { client throws in
            let bad = try await client.send(.GET, "/v1/endusers/12345")
            #expect(bad.status == 400)
            #expect(bad.message == "Invalid value for: path parameter userId")
            let unknown = try await client.send(.GET, "/v1/endusers/\(UUID().uuidString.lowercased())")
            #expect(unknown.status == 404)
            #expect(unknown.message == "The requested resource could not be found")
        }
    }

    @Test("seeded end users exist from the start and survive a reset; created ones do not")
    func seededUsersAndReset() async throws {
        let fixed = UUID(uuidString: "11111111-2222-4333-8444-555555555555")!
        let seed = SandboxSeed(endUsers: [SandboxEndUserSeed(id: fixed, displayName: "Old Customer", email: "old@example.com")])
        try await withSandbox(SandboxConfiguration(seed: seed)) { client throws in
            let found = try await client.send(.GET, "/v1/endusers?email=old@example.com")
            #expect(found.json["data"]?.arrayValue?.first?["id"]?.stringValue == fixed.uuidString.lowercased())
            _ = try await client.createEndUser(email: "new@example.com")
            #expect(try await client.send(.POST, "/_sandbox/reset", authorization: nil).status == 204)
            let users = await client.sandbox.endUsers()
            #expect(users.map(\.email) == ["old@example.com"])
        }
    }

    @Test("the end-user list pages too, keeping the filter across pages")
    func listPagination() async throws {
        try await withSandbox { client throws in
            for _ in 0..<3 { _ = try await client.createEndUser(email: "same@example.com") }
            _ = try await client.createEndUser(email: "other@example.com")
            let first = try await client.send(.GET, "/v1/endusers?email=same@example.com&pageLimit=2")
            #expect(first.json["data"]?.arrayValue?.count == 2)
            let next = try #require(first.json["meta"]?["next"]?.stringValue)
            #expect(next.hasPrefix(client.baseURL + "/v1/endusers?"))
            let second = try await client.send(.GET, next)
            #expect(second.json["data"]?.arrayValue?.map { $0["email"]?.stringValue } == ["same@example.com"])
            #expect(second.json["meta"] == nil)
        }
    }
}
