import Console
import Foundation
import Outbox
import TestSupport
import Testing

@Suite("The console's safety: authentication, CSRF, Origin, read-only")
struct ConsoleSecurityTests {
    @Test("refused without credentials (401 with WWW-Authenticate), or with wrong ones; accepted with basic and with bearer")
    func authentication() async throws {
        try await TestEnvironment.with { env in
            try await ConsoleHarness.with(env) { console in
                for authorization in [nil, "Basic " + Data("ops:wrong".utf8).base64EncodedString(), "Bearer not-the-token-at-all", "Bearer"] {
                    let refused = try await console.get("/", authorization: authorization)
                    #expect(refused.status == 401)
                    #expect(refused.headers["www-authenticate"]?.contains { $0.hasPrefix("Basic realm=") } == true)
                    #expect(!refused.body.contains("Rows per") && !refused.body.contains("Oldest due row"))
                }
                #expect(try await console.get("/", authorization: ConsoleHarness.basicHeader).status == 200)
                #expect(try await console.get("/", authorization: ConsoleHarness.bearerHeader).status == 200)
                #expect(try await console.get("/console.css", authorization: nil).status == 401)
            }
        }
    }

    @Test("settings: refused without authentication; --no-auth only on loopback; malformed credentials named")
    func settingsRefusals() throws {
        #expect(throws: ConsoleError.self) { try ConsoleAuthentication(basic: nil, token: nil, noAuth: false) }
        do {
            _ = try ConsoleAuthentication(basic: nil, token: nil, noAuth: false)
        } catch {
            #expect(error.code == .unauthenticated)
            #expect(error.message.contains("DIXA_CONSOLE_BASIC_AUTH") && error.message.contains("--no-auth"))
        }
        for host in ["0.0.0.0", "10.1.2.3", "console.example.com", "::"] {
            do {
                _ = try ConsoleSettings(host: host, port: 8070, authentication: .disabled)
                Issue.record("--no-auth on \(host) was accepted")
            } catch {
                #expect(error.code == .unauthenticated)
                #expect(error.message.contains("loopback"))
            }
        }
        for host in ["127.0.0.1", "localhost", "::1", "127.0.0.2"] {
            #expect(throws: Never.self) { try ConsoleSettings(host: host, port: 8070, authentication: .disabled) }
        }
        let basic = try ConsoleAuthentication(basic: "ops:pw", token: nil, noAuth: false)
        #expect(throws: Never.self) { try ConsoleSettings(host: "0.0.0.0", port: 8070, authentication: basic) }
        #expect(basic.description == "basic")
        for (basic, token) in [("nopassword", nil), (":pw", nil), (nil, "short")] as [(String?, String?)] {
            do {
                _ = try ConsoleAuthentication(basic: basic, token: token, noAuth: false)
                Issue.record("a malformed credential was accepted")
            } catch {
                #expect(error.code == .invalid)
                #expect(!error.message.contains("nopassword") && !error.message.contains("short"), "the value is not repeated")
            }
        }
        #expect(throws: ConsoleError.self) { try ConsoleAuthentication(basic: "ops:pw", token: nil, noAuth: true) }
        #expect(throws: ConsoleError.self) { try ConsoleSettings(port: 70_000, authentication: basic) }
    }

    @Test("a console started with --no-auth on loopback answers without credentials")
    func noAuthOnLoopback() async throws {
        try await TestEnvironment.with { env in
            try await ConsoleHarness.with(env, settings: try ConsoleHarness.settings(noAuth: true)) { console in
                let page = try await console.get("/", authorization: nil)
                #expect(page.status == 200)
            }
        }
    }

    @Test("a POST without the CSRF token, with a wrong one, from a foreign Origin or with none is refused (403) and changes nothing")
    func forgedRequeue() async throws {
        try await TestEnvironment.with { env in
            let id = try await ConsoleSeed.deadRow(env, "dead-1")
            try await ConsoleHarness.with(env) { console in
                let csrf = try ConsoleHarness.csrf(in: try await console.get("/dead").body)
                let attempts: [([(String, String)], String??)] = [
                    ([("id", "\(id)"), ("confirm", "yes")], .none),
                    ([("id", "\(id)"), ("confirm", "yes"), ("csrf", "0000")], .none),
                    ([("id", "\(id)"), ("confirm", "yes"), ("csrf", csrf)], .some("http://evil.example.com")),
                    ([("id", "\(id)"), ("confirm", "yes"), ("csrf", csrf)], .some("null")),
                    ([("id", "\(id)"), ("confirm", "yes"), ("csrf", csrf)], .some(nil)),
                ]
                for (form, origin) in attempts {
                    let answer = try await console.post("/dead/requeue", form: form, origin: origin)
                    #expect(answer.status == 403)
                    #expect(answer.body.contains("refused"))
                }
                // Origin null is what a browser sends under Referrer-Policy: no-referrer; only Sec-Fetch-Site: same-origin,
                // which a page's script cannot set, makes it acceptable.
                for site in ["cross-site", "same-site", "none"] {
                    let answer = try await console.post(
                        "/dead/requeue",
                        form: [("id", "\(id)"), ("confirm", "yes"), ("csrf", csrf)],
                        origin: .some("null"),
                        fetchSite: site
                    )
                    #expect(answer.status == 403)
                }
                // A token is bound to the credentials it was rendered for.
                let other = try await console.post(
                    "/dead/requeue",
                    form: [("id", "\(id)"), ("confirm", "yes"), ("csrf", csrf)],
                    authorization: ConsoleHarness.bearerHeader
                )
                #expect(other.status == 403)
                #expect(try await env.row("dead-1").state == "dead")

                // A browser's own form under no-referrer: Origin null, Sec-Fetch-Site same-origin.
                let browser = try await console.post(
                    "/dead/requeue",
                    form: [("id", "\(id)"), ("csrf", csrf)],
                    origin: .some("null"),
                    fetchSite: "same-origin"
                )
                #expect(browser.status == 200)
                #expect(browser.body.contains("Requeue <strong>1 dead row(s)</strong>?"))
            }
        }
    }

    @Test("requeue through the form: a confirmation that counts, then the dead row is pending with its attempts reset")
    func requeue() async throws {
        try await TestEnvironment.with { env in
            let dead = try await ConsoleSeed.deadRow(env, "dead-1")
            let other = try await ConsoleSeed.deadRow(env, "dead-2")
            let pending = try await env.enqueue("pending-1", Transcripts.simple())
            try await ConsoleHarness.with(env) { console in
                let csrf = try ConsoleHarness.csrf(in: try await console.get("/dead").body)
                let confirmation = try await console.post("/dead/requeue", form: [("csrf", csrf), ("id", "\(dead)"), ("id", "\(pending)")])
                #expect(confirmation.status == 200)
                #expect(confirmation.body.contains("Requeue <strong>1 dead row(s)</strong>?"))
                #expect(confirmation.body.contains("1 of the rows selected are no\nlonger dead"))
                #expect(try await env.row("dead-1").state == "dead", "the confirmation changes nothing")

                let confirmCSRF = try ConsoleHarness.csrf(in: confirmation.body)
                let done = try await console.post(
                    "/dead/requeue",
                    form: [("csrf", confirmCSRF), ("confirm", "yes"), ("id", "\(dead)"), ("id", "\(pending)")]
                )
                #expect(done.status == 303)
                #expect(done.header("Location") == "/dead?requeued=1")
                let row = try await env.row("dead-1")
                #expect(row.state == "pending" && row.attempts == 0 && row.lastErrorCode == nil)
                #expect(try await env.row("dead-2").state == "dead", "a row not selected stays dead")
                #expect(try await env.row("pending-1").state == "pending")
                let after = try await console.get("/dead?requeued=1")
                #expect(after.body.contains("Requeued 1 dead row(s)"))
                #expect(!after.body.contains("dead-1") && after.body.contains("dead-2"))
                _ = other

                let empty = try await console.post("/dead/requeue", form: [("csrf", csrf)])
                #expect(empty.status == 400)
                #expect(empty.body.contains("no row selected"))
                let bad = try await console.post("/dead/requeue", form: [("csrf", csrf), ("id", "<script>")])
                #expect(bad.status == 400)
                Hostile.expectEscaped(bad.body)
            }
        }
    }

    @Test("--read-only: no forms on any page, and the POST route refuses with a valid token and Origin")
    func readOnly() async throws {
        try await TestEnvironment.with { env in
            let dead = try await ConsoleSeed.deadRow(env, "dead-1")
            try await ConsoleHarness.with(env) { writable in
                let page = try await writable.get("/rows/\(dead)")
                #expect(page.body.contains("<form method=\"post\""))
            }
            try await ConsoleHarness.with(env, settings: try ConsoleHarness.settings(readOnly: true)) { console in
                for path in ["/", "/dead", "/rows/\(dead)", "/halts"] {
                    let page = try await console.get(path)
                    #expect(page.status == 200)
                    #expect(!page.body.contains("method=\"post\""), "\(path) has a form that changes something")
                    #expect(!page.body.contains("name=\"csrf\""))
                    #expect(page.body.contains("read-only"))
                }
                let refused = try await console.post("/dead/requeue", form: [("id", "\(dead)"), ("confirm", "yes"), ("csrf", "x")])
                #expect(refused.status == 403)
                #expect(refused.body.contains("read-only"))
                #expect(try await env.row("dead-1").state == "dead")
            }
        }
    }
}
