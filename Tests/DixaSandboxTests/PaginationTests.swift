import DixaSandbox
import Foundation
import Testing

@Suite("Pagination")
struct PaginationTests {
    @Test("an end user's 25 conversations come in 3 pages by following absolute meta.next links")
    func threePages() async throws {
        try await withSandbox { client throws in
            let ann = try await client.createEndUser(email: "ann@example.com")
            let bob = try await client.createEndUser(email: "bob@example.com")
            var imported: [Int64] = []
            for index in 0..<25 {
                imported.append(try await client.importConversation(requesterId: ann))
                if index % 5 == 0 { _ = try await client.importConversation(requesterId: bob) }
            }

            var url = "/v1/endusers/\(ann)/conversations"
            var pages: [[Int64]] = []
            var nextLinks: [String] = []
            while true {
                let response = try await client.send(.GET, url)
                #expect(response.status == 200)
                let ids = try #require(response.json["data"]?.arrayValue).compactMap { $0["id"]?.numberValue }.map { Int64($0) }
                pages.append(ids)
                guard let next = response.json["meta"]?["next"]?.stringValue else { break }
                nextLinks.append(next)
                url = next
                try #require(pages.count < 10, "pagination must end")
            }
            #expect(pages.map(\.count) == [10, 10, 5])
            #expect(pages.flatMap { $0 } == imported)
            for link in nextLinks {
                #expect(link.hasPrefix("\(client.baseURL)/v1/endusers/\(ann)/conversations?"))
                #expect(link.contains("pageKey="))
                #expect(link.contains("pageLimit=10"))
            }
        }
    }

    @Test("pageLimit sets the page size, and a client may resend only the pageKey")
    func pageLimitAndKeyOnly() async throws {
        try await withSandbox { client throws in
            let ann = try await client.createEndUser(email: "ann@example.com")
            for _ in 0..<8 { _ = try await client.importConversation(requesterId: ann) }
            let first = try await client.send(.GET, "/v1/endusers/\(ann)/conversations?pageLimit=3")
            #expect(first.json["data"]?.arrayValue?.count == 3)
            let next = try #require(first.json["meta"]?["next"]?.stringValue)
            let key = try #require(URLComponents(string: next)?.queryItems?.first { $0.name == "pageKey" }?.value)
            let second = try await client.send(.GET, "/v1/endusers/\(ann)/conversations?pageKey=\(key)")
            #expect(second.json["data"]?.arrayValue?.compactMap { $0["id"]?.numberValue } == [1003, 1004, 1005])
        }
    }

    @Test("a forged pageKey or a bad pageLimit is a 400")
    func badParameters() async throws {
        try await withSandbox { client throws in
            let ann = try await client.createEndUser(email: "ann@example.com")
            let path = "/v1/endusers/\(ann)/conversations"
            for (query, message) in [
                ("pageKey=b2Zmc2V0PTEw", "Invalid value for: query parameter pageKey"),
                ("pageKey=%%%", "Invalid value for: query parameter pageKey"),
                ("pageLimit=0", "Invalid value for: query parameter pageLimit"),
                ("pageLimit=ten", "Invalid value for: query parameter pageLimit"),
            ] {
                let response = try await client.send(.GET, "\(path)?\(query)")
                #expect(response.status == 400, "\(query)")
                #expect(response.message == message, "\(query)")
            }
        }
    }
}
