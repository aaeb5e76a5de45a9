import Console
import Foundation
import Outbox
import TestSupport
import Testing

@Suite("The console's pages, rendered from real rows")
struct ConsolePagesTests {
    static let pages = ["/", "/dead", "/halts", "/console.css"]

    @Test("the overview shows rows per state and tenant, the oldest due row, the charts, the budget and a banner per active halt")
    func overview() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("ok-1", Transcripts.simple(email: "a@example.com"))
            try await env.drainUntilSettled(env.worker())
            try await ConsoleSeed.deadRow(env, "dead-1")
            let due = try await env.enqueue("due-1", Transcripts.simple(email: "due@example.com"))
            try await env.store.client.query(
                "UPDATE dixa_outbox SET run_at = now() - interval '2 hours' WHERE id = \(due)",
                logger: env.logger
            )
            try await env.store.recordHalt(worker: "host:1", cause: "Agent <does not> exist", remedy: "set DIXA_AGENT_ID")
            try await env.store.recordHalt(worker: "host:1", cause: "an old halt, over", remedy: "nothing")
            try await env.store.client.query(
                "UPDATE dixa_halts SET resolved_at = now() WHERE cause = 'an old halt, over'",
                logger: env.logger
            )
            try await ConsoleHarness.with(env) { console in
                let page = try await console.get("/")
                #expect(page.status == 200)
                #expect(page.body.contains("<td>default</td><td>1</td><td>0</td><td>1</td><td><a href=\"/dead?tenant=default\">1</a></td><td>3</td>"))
                #expect(page.body.contains("Oldest due row: <strong>2h 0"))
                #expect(page.body.contains("1 imported in the last 24 hours"))
                #expect(page.body.contains("<svg class=\"chart\""))
                #expect(page.body.contains("<polyline class=\"imported\""))
                #expect(page.body.contains("<polyline class=\"limited\""))
                // The imported row's attempt and the dead row's: 429s counted from the attempt log.
                #expect(page.body.contains("<span class=\"key limited\">429s</span> 1"))
                #expect(page.body.contains("<td>default</td><td>yes</td><td>10.0/s (from the environment)</td>"))
                #expect(page.body.contains("Agent &lt;does not&gt; exist"))
                #expect(page.body.contains("set DIXA_AGENT_ID"))
                #expect(!page.body.contains("an old halt, over"), "a halt that is over has no banner")
                #expect(!page.body.contains("<script"))
            }
        }
    }

    @Test("dead rows: filtered by tenant, code and age; hostile messages escaped; bad filters answered 400")
    func deadRows() async throws {
        try await TestEnvironment.with { env in
            let first = try await ConsoleSeed.deadRow(env, "dead-1", code: "bad_request")
            try await ConsoleSeed.deadRow(env, "dead-2", code: "server_error", message: "gave up after 8 attempts: HTTP 500")
            try await env.store.client.query(
                "UPDATE dixa_outbox SET updated_at = now() - interval '3 days' WHERE id = \(first)",
                logger: env.logger
            )
            try await ConsoleHarness.with(env) { console in
                let all = try await console.get("/dead")
                #expect(all.status == 200)
                #expect(all.body.contains("dead-1") && all.body.contains("dead-2"))
                #expect(all.body.contains("<option value=\"bad_request\">bad_request (1)</option>"))
                #expect(all.body.contains("name=\"id\" value=\"\(first)\""))
                Hostile.expectEscaped(all.body)
                #expect(all.body.contains("&lt;script&gt;alert(&#39;err&#39;)&lt;/script&gt;"))

                let byCode = try await console.get("/dead?code=server_error")
                #expect(!byCode.body.contains("dead-1") && byCode.body.contains("dead-2"))
                #expect(byCode.body.contains("<option value=\"server_error\" selected>"))
                let byAge = try await console.get("/dead?age=2d")
                #expect(byAge.body.contains("dead-1") && !byAge.body.contains("dead-2"))
                let byTenant = try await console.get("/dead?tenant=acme")
                #expect(byTenant.body.contains("No dead rows match."))

                let badAge = try await console.get("/dead?age=soon")
                #expect(badAge.status == 400)
                #expect(badAge.body.contains("age &quot;soon&quot; is not an age"))
                let badTenant = try await console.get("/dead?tenant=%3Cscript%3E")
                #expect(badTenant.status == 400)
                #expect(badTenant.body.contains("not a tenant name"))
                Hostile.expectEscaped(badTenant.body)
            }
        }
    }

    @Test("one row: checkpoints, attempts, partial errors, the conversation id and the transcript's messages, escaped")
    func row() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("ok-1", Transcripts.simple(email: "a@example.com", attributes: #"{"warranty":"gold"}"#))
            try await env.drainUntilSettled(env.worker())
            let imported = try await env.row("ok-1")
            let importedID = try await env.count("SELECT id FROM dixa_outbox WHERE source_key = 'ok-1'")
            let hostile = try await ConsoleSeed.deadRow(env, "evil-1", transcript: ConsoleSeed.hostileTranscript)
            try await ConsoleHarness.with(env) { console in
                let page = try await console.get("/rows/\(importedID)")
                #expect(page.status == 200)
                #expect(page.body.contains("<h1>Row \(importedID)</h1>"))
                #expect(page.body.contains("<td>imported</td>"))
                let conversation = try #require(imported.conversationID)
                #expect(page.body.contains("Dixa conversation <strong>\(conversation)</strong>"))
                #expect(page.body.contains("href=\"/conversations/default/\(conversation)/events\""))
                #expect(!page.body.contains("No attempt has finished."), "the attempt is listed")
                #expect(page.body.contains("<td>attributes</td>"), "the unknown attribute's partial error")
                #expect(page.body.contains("Where is my order?") && page.body.contains("On its way."))
                #expect(!page.body.contains("Requeue this row"), "only a dead row can be requeued")

                let evil = try await console.get("/rows/\(hostile)")
                #expect(evil.status == 200)
                Hostile.expectEscaped(evil.body)
                #expect(evil.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(evil.body.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
                #expect(evil.body.contains("attachment: &lt;b&gt;file&lt;/b&gt; (javascript:alert(3))"))
                #expect(evil.body.contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"))
                #expect(evil.body.contains("<td>400</td>"), "the attempt's HTTP status")
                #expect(evil.body.contains("Requeue this row"))

                #expect(try await console.get("/rows/999999").status == 404)
                let bad = try await console.get("/rows/abc")
                #expect(bad.status == 400)
                #expect(bad.body.contains("&quot;abc&quot; is not a row id"))
            }
        }
    }

    @Test("a conversation's webhook events and the halts history, escaped")
    func eventsAndHalts() async throws {
        try await TestEnvironment.with { env in
            let id = try await env.enqueue("conv-1", Transcripts.simple())
            try await env.store.client.query("UPDATE dixa_outbox SET conversation_id = 4242 WHERE id = \(id)", logger: env.logger)
            try await ConsoleSeed.event(env, conversationID: 4242, text: "<script>alert('agent')</script> Hello", author: "Agent <b>Smith</b>")
            try await env.store.recordHalt(worker: "host:1", cause: "Token <expired>", remedy: "rotate it")
            try await ConsoleHarness.with(env) { console in
                let events = try await console.get("/conversations/default/4242/events")
                #expect(events.status == 200)
                #expect(events.body.contains("ConversationMessageAdded"))
                #expect(events.body.contains("Agent &lt;b&gt;Smith&lt;/b&gt; (Agent)"))
                #expect(events.body.contains("&lt;script&gt;alert(&#39;agent&#39;)&lt;/script&gt; Hello"))
                #expect(events.body.contains("href=\"/rows/\(id)\""))
                Hostile.expectEscaped(events.body)
                #expect(try await console.get("/conversations/default/x/events").status == 400)
                #expect(try await console.get("/conversations/NOT%20A%20TENANT/1/events").status == 400)

                let halts = try await console.get("/halts")
                #expect(halts.status == 200)
                #expect(halts.body.contains("Token &lt;expired&gt;") && halts.body.contains("not over"))
                let other = try await console.get("/halts?tenant=acme")
                #expect(other.body.contains("No halts."))
                #expect(try await console.get("/nowhere").status == 404)
            }
        }
    }

    @Test("no token, webhook secret, budget key or console credential appears on any page")
    func noSecrets() async throws {
        try await TestEnvironment.with { env in
            try await ConsoleSeed.secrets(env)
            let dead = try await ConsoleSeed.deadRow(env, "dead-1")
            try await env.store.recordHalt(worker: "host:1", tenant: "acme", cause: "token refused", remedy: "tenants update acme --token-file …")
            try await ConsoleHarness.with(env) { console in
                var bodies: [String] = []
                for path in Self.pages + ["/rows/\(dead)", "/halts?tenant=acme", "/dead?tenant=acme", "/conversations/acme/1/events"] {
                    let page = try await console.get(path)
                    #expect(page.status == 200, "\(path)")
                    bodies.append(page.body)
                }
                let overview = bodies[0]
                #expect(overview.contains("<td>acme</td><td>yes</td><td>5.0/s</td>"), "the stored tenant is shown")
                for body in bodies {
                    for secret in [
                        ConsoleSeed.sealedTokenMarker, ConsoleSeed.webhookSecret, ConsoleSeed.budgetKey, ConsoleHarness.password,
                        ConsoleHarness.token, String(ConsoleHarness.basicHeader.dropFirst(6)),
                    ] {
                        #expect(!body.contains(secret), "a secret was rendered")
                    }
                }
            }
        }
    }

    @Test("every response, pages, errors, refusals and the stylesheet, carries the security headers")
    func securityHeaders() async throws {
        try await TestEnvironment.with { env in
            try await ConsoleHarness.with(env) { console in
                var answers = [
                    try await console.get("/"), try await console.get("/dead"), try await console.get("/halts"),
                    try await console.get("/console.css"), try await console.get("/rows/1"), try await console.get("/rows/x"),
                    try await console.get("/nowhere"), try await console.get("/", authorization: nil),
                ]
                answers.append(try await console.post("/dead/requeue", form: [("id", "1")]))
                #expect(answers.map(\.status) == [200, 200, 200, 200, 404, 400, 404, 401, 403])
                for answer in answers {
                    #expect(
                        answer.header("Content-Security-Policy")
                            == "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
                    )
                    #expect(answer.header("X-Frame-Options") == "DENY")
                    #expect(answer.header("Referrer-Policy") == "no-referrer")
                    #expect(answer.header("X-Content-Type-Options") == "nosniff")
                    #expect(!answer.body.contains("style=\""), "CSP forbids style attributes")
                    #expect(!answer.body.contains("<script"), "no script at all")
                }
                #expect(answers[3].header("Content-Type") == "text/css; charset=utf-8")
            }
        }
    }

    @Test("no template writes a value unescaped")
    func templatesEscapeEverything() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Console/Templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(files.count == 8)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("{{{") && !text.contains("{{&"), "\(file) writes a value unescaped")
            #expect(!text.contains("style=") && !text.contains("<script"), "\(file) has inline style or script")
        }
    }
}
