import DixaAPI
import DixaSandbox
import Foundation
import Outbox
import TestSupport
import Testing

@testable import Importer

@Suite("Dixa calls per conversation")
struct CallsPerConversationTests {
    /// The `calls` report as (requester case, attributes case) → (conversations, mean calls).
    static func callsReport(_ env: TestEnvironment) async throws -> [String: (conversations: String, mean: String)] {
        let table = try await env.store.run(try #require(Report.named("calls")))
        var cases: [String: (conversations: String, mean: String)] = [:]
        for row in table.rows {
            let columns = Dictionary(uniqueKeysWithValues: zip(table.columns, row))
            cases["\(columns["requester"] ?? "") / \(columns["attributes"] ?? "")"] = (columns["conversations"] ?? "", columns["mean_calls"] ?? "")
        }
        return cases
    }

    @Test("a returning requester costs 1 call without attributes and 2 with; the calls report shows each case")
    func callsByCase() async throws {
        try await TestEnvironment.with { env in
            // First conversations: a new requester (lookup, creation, import), and one with attributes (the same,
            // plus the definitions, fetched once for the process, and the PATCH).
            try await env.enqueue("first-plain", Transcripts.simple(email: "a@example.com"))
            try await env.enqueue("first-attrs", Transcripts.simple(email: "b@example.com", attributes: #"{"order_id":"A-1"}"#))
            let worker = env.worker()
            try await worker.drain()
            let before = await env.requests().count
            for index in 0..<3 {
                try await env.enqueue("again-plain-\(index)", Transcripts.simple(email: "a@example.com"))
                try await env.enqueue("again-attrs-\(index)", Transcripts.simple(email: "B@example.com ", attributes: #"{"order_id":"A-\#(index)"}"#))
            }
            try await worker.drain()
            // Six returning conversations: three imports, and three imports each with one PATCH. Nothing else.
            let returning = await env.requests().dropFirst(before)
            #expect(returning.count == 9)
            #expect(returning.filter { $0.method == "PATCH" }.count == 3)
            #expect(returning.filter { $0.path == "/v1/conversations/import" }.count == 6)

            let cases = try await Self.callsReport(env)
            #expect(cases["returning requester / no attributes"]?.conversations == "3")
            #expect(cases["returning requester / no attributes"]?.mean == "1.00")
            #expect(cases["returning requester / with attributes"]?.mean == "2.00")
            #expect(cases["first conversation of the requester / no attributes"]?.mean == "3.00")
            #expect(cases["first conversation of the requester / with attributes"]?.mean == "5.00")
            #expect(cases.count == 4)
        }
    }

    @Test("custom-attribute definitions are fetched again only when a key is unknown")
    func definitionsRefetchedOnlyOnMiss() async throws {
        try await TestEnvironment.with { env in
            let resolver = AttributeResolver(dixa: env.dixaClient(), budget: env.budget(), refetchInterval: .zero)
            let known: [(key: String, value: AttributeValue)] = [(key: "order_id", value: .text("A-1"))]
            _ = try await resolver.resolve(known)
            _ = try await resolver.resolve(known)
            #expect(await env.requests("GET", "/v1/custom-attributes").count == 1)
            let resolution = try await resolver.resolve(known + [(key: "no_such_attribute", value: .text("x"))])
            #expect(await env.requests("GET", "/v1/custom-attributes").count == 2)
            #expect(resolution.problems.count == 1 && resolution.values.count == 1)
        }
    }
}
