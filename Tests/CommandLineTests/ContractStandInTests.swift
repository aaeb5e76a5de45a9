import Foundation
import Logging
import Outbox
import PostgresNIO
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `dixa-importer` binary against `Tests/contract/openapi_standin.py`, a Dixa stand-in whose request
/// validation is built from Dixa's own OpenAPI file rather than from this project's sandbox, so that a misreading
/// shared by the importer and the sandbox still shows up.
@Suite(
    "The binary's requests match Dixa's OpenAPI file",
    .enabled(
        if: OpenAPIStandIn.available,
        "needs python3 with jsonschema, referencing and yaml importable, and Dixa's OpenAPI file (DIXA_OPENAPI_FILE)"
    )
)
struct ContractStandInTests {
    static let token = "contract-token-7f3a"
    static let agentID = UUID(uuidString: "0b0b0b0b-1111-4222-8333-444444444444")!

    /// Four transcripts: an email requester with attributes, a phone-only requester, an externalId-only requester
    /// with markdown and html bot messages and a named attachment, and explicit start and end at +01:00.
    static let transcripts = [
        #"""
        {"sourceKey":"contract-email","kind":"closed","transcript":{"requester":{"email":"ann.contract@example.com","displayName":"Ann"},\#
        "messages":[{"from":"user","text":"Where is my order?","at":"2026-11-24T10:00:00Z","id":"u1"},\#
        {"from":"bot","text":"On its way.","at":"2026-11-24T10:00:05.250Z","id":"b1"}],\#
        "attributes":{"order_id":"A-1001","contact_reason":["shipping"]}}}
        """#,
        #"""
        {"sourceKey":"contract-phone","kind":"closed","transcript":{"requester":{"phone":"+4512345678","firstName":"Bo","lastName":"Berg"},\#
        "messages":[{"from":"user","text":"Call me back","at":"2026-11-24T09:00:00Z"},\#
        {"from":"bot","text":"We will.","at":"2026-11-24T09:00:02Z"}]}}
        """#,
        #"""
        {"sourceKey":"contract-external","kind":"closed","transcript":{"requester":{"externalId":"crm-77"},\#
        "messages":[{"from":"user","text":"Here is my receipt","at":"2026-11-24T08:00:00Z","id":"u-receipt",\#
        "attachments":[{"url":"https://files.example.com/receipt-77.pdf","name":"receipt.pdf"}]},\#
        {"from":"bot","text":"**Thanks**, got it.","format":"markdown","at":"2026-11-24T08:00:03Z","id":"b-md"},\#
        {"from":"bot","text":"<p>Anything <b>else</b>?</p>","format":"html","at":"2026-11-24T08:00:04Z","id":"b-html"}]}}
        """#,
        #"""
        {"sourceKey":"contract-offset","kind":"closed","transcript":{"requester":{"email":"dan@example.com","externalId":"crm-dan"},\#
        "startedAt":"2026-11-24T11:00:00+01:00","endedAt":"2026-11-24T11:30:00+01:00",\#
        "messages":[{"from":"user","text":"Hello","at":"2026-11-24T11:05:00+01:00"},\#
        {"from":"bot","text":"Hi Dan","at":"2026-11-24T11:05:01+01:00"}]}}
        """#,
    ]

    @Test("migrate, enqueue and drain send only requests that validate against the OpenAPI file")
    func drainMatchesTheContract() async throws {
        let standIn = try OpenAPIStandIn.start(token: Self.token, agentID: Self.agentID)
        defer { standIn.stop() }
        let databaseURL = try await TestPostgres.freshDatabaseURL()
        let database = ["DATABASE_URL": databaseURL]
        let migrate = try await CommandRunner.run(["migrate"], environment: database)
        try #require(migrate.status == 0, "migrate failed: \(migrate.output)")
        let enqueue = try await CommandRunner.run(["enqueue", "-"], environment: database, input: Self.transcripts.joined(separator: "\n"))
        try #require(enqueue.status == 0 && enqueue.output.contains("enqueued 4, duplicates 0, refused 0"), "enqueue: \(enqueue.output)")

        let drain = try await CommandRunner.run(
            ["drain"],
            environment: [
                "DATABASE_URL": databaseURL,
                "DIXA_API_TOKEN": Self.token,
                "DIXA_AGENT_ID": Self.agentID.uuidString.lowercased(),
                "DIXA_BASE_URL": standIn.baseURL,
            ]
        )
        #expect(drain.status == 0, "drain output: \(drain.output)")
        #expect(drain.output.contains("drain: imported 4, retrying 0, dead 0"), "drain output: \(drain.output)")

        let calls = try standIn.recordedCalls()
        for call in calls {
            #expect(call.problems.isEmpty, "\(call.method) \(call.path) → \(call.status): \(call.problems)")
            #expect((200..<300).contains(call.status), "\(call.method) \(call.path) answered \(call.status): \(call.response ?? "")")
        }
        let counts = Dictionary(grouping: calls, by: { $0.operation ?? "\($0.method) \($0.path)" }).mapValues(\.count)
        #expect(
            counts == [
                "getEndusers": 5,
                "postEndusers": 4,
                "postConversationsImport": 4,
                "getCustom-attributes": 1,
                "patchConversationsConversationidCustom-attributes": 1,
            ]
        )

        // Each identity is looked up with its own filter, in the file's parameter names, and reaches Dixa intact.
        let lookups = Set(calls.filter { $0.operation == "getEndusers" }.flatMap { $0.query.map { "\($0.0)=\($0.1)" } })
        #expect(
            lookups == ["email=ann.contract@example.com", "phone=+4512345678", "externalId=crm-77", "email=dan@example.com", "externalId=crm-dan"]
        )

        let imports = calls.filter { $0.operation == "postConversationsImport" }
        let byKey = Dictionary(imports.compactMap { call in call.bodyObject?["externalId"].map { ("\($0)", call) } }, uniquingKeysWith: { a, _ in a })
        #expect(Set(byKey.keys) == ["contract-email", "contract-phone", "contract-external", "contract-offset"])

        // The shapes the transcripts were chosen for did reach the validator.
        let messages = imports.flatMap { $0.bodyObject?["messages"] as? [[String: Any]] ?? [] }
        let contentTypes = Set(messages.compactMap { ($0["content"] as? [String: Any])?["_type"] as? String })
        #expect(contentTypes == ["Text", "Markdown", "Html"])
        let attachments = messages.flatMap { $0["attachments"] as? [[String: Any]] ?? [] }
        #expect(attachments.contains { $0["prettyName"] as? String == "receipt.pdf" })
        let offset = byKey["contract-offset"]?.bodyObject
        #expect(Self.instant(offset?["createdAt"]) == Self.instant("2026-11-24T10:00:00Z"))
        #expect(Self.instant((offset?["closing"] as? [String: Any])?["closedAt"]) == Self.instant("2026-11-24T10:30:00Z"))

        // Attributes go by attribute id to the conversation of the transcript that has them, and nowhere else.
        let patch = try #require(calls.first { $0.operation == "patchConversationsConversationidCustom-attributes" })
        let emailConversation = ((byKey["contract-email"]?.response as? [String: Any])?["data"] as? [String: Any])?["id"]
        #expect(patch.path == "/v1/conversations/\(emailConversation ?? "?")/custom-attributes")
        let definitions = (calls.first { $0.operation == "getCustom-attributes" }?.response as? [String: Any])?["data"] as? [[String: Any]] ?? []
        let ids = Dictionary(
            definitions.compactMap { d in (d["identifier"] as? String).map { ($0, "\(d["id"] ?? "")") } },
            uniquingKeysWith: { a, _ in a }
        )
        let sent = patch.bodyObject ?? [:]
        #expect(Set(sent.keys) == Set(ids.values))
        #expect(sent[ids["order_id"] ?? "-"] as? String == "A-1001")
        #expect(sent[ids["contact_reason"] ?? "-"] as? [String] == ["shipping"])
    }

    @Test("after a lost import answer, the retry pages through the requester's conversations and adopts the one it created")
    func reconciliationMatchesTheContract() async throws {
        let standIn = try OpenAPIStandIn.start(token: Self.token, agentID: Self.agentID, arguments: ["--lose-import-answer", "contract-lost"])
        defer { standIn.stop() }
        let databaseURL = try await TestPostgres.freshDatabaseURL()
        let database = ["DATABASE_URL": databaseURL]
        let migrate = try await CommandRunner.run(["migrate"], environment: database)
        try #require(migrate.status == 0, "migrate failed: \(migrate.output)")
        // Three conversations of one requester, so that listing them takes two pages of two.
        let lines = [("contract-before-1", "08"), ("contract-before-2", "09"), ("contract-lost", "10")].map { key, hour in
            let attributes = key == "contract-lost" ? #","attributes":{"order_id":"A-2002"}"# : ""
            return #"{"sourceKey":"\#(key)","transcript":{"requester":{"email":"eve@example.com"},"messages":["#
                + #"{"from":"user","text":"Hi","at":"2026-11-24T\#(hour):00:00Z"},"#
                + #"{"from":"bot","text":"Hello","at":"2026-11-24T\#(hour):00:01Z"}]\#(attributes)}}"#
        }
        let enqueue = try await CommandRunner.run(["enqueue", "-"], environment: database, input: lines.joined(separator: "\n"))
        try #require(enqueue.status == 0 && enqueue.output.contains("enqueued 3, duplicates 0, refused 0"), "enqueue: \(enqueue.output)")
        let environment = [
            "DATABASE_URL": databaseURL,
            "DIXA_API_TOKEN": Self.token,
            "DIXA_AGENT_ID": Self.agentID.uuidString.lowercased(),
            "DIXA_BASE_URL": standIn.baseURL,
        ]

        // The first drain imports all three, but the answer for contract-lost is a 500: its retry is scheduled minutes
        // away, so no machine is slow enough to reach it in this drain; the test then makes it due by hand.
        let first = try await CommandRunner.run(["drain", "--retry-base", "600", "--retry-max", "600"], environment: environment)
        #expect(first.status == 0, "first drain: \(first.output)")
        #expect(first.output.contains("drain: imported 2, retrying 1, dead 0"), "first drain: \(first.output)")
        try await Self.makePendingRowsDue(databaseURL)
        let second = try await CommandRunner.run(["drain"], environment: environment)
        #expect(second.status == 0, "second drain: \(second.output)")
        #expect(second.output.contains("drain: imported 1, retrying 0, dead 0"), "second drain: \(second.output)")

        let calls = try standIn.recordedCalls()
        for call in calls {
            #expect(call.problems.isEmpty, "\(call.method) \(call.path) → \(call.status): \(call.problems)")
        }
        let lost = calls.filter { $0.injected != nil }
        #expect(lost.count == 1 && lost.first?.status == 500)
        #expect(calls.filter { !(200..<300).contains($0.status) }.count == 1, "only the injected 500 is not a success")
        let lostID = (lost.first?.injected?["lostImportAnswer"] as? [String: Any])?["conversationId"]
        let imports = calls.filter { $0.operation == "postConversationsImport" }
        #expect(imports.count == 3, "the lost conversation must be adopted, not imported again")

        // Reconciliation walked both pages of the requester's conversations, after the imports, with declared parameters only.
        let listings = calls.enumerated().filter { $0.element.operation == "getEndusersUseridConversations" }
        #expect(listings.count == 2)
        #expect(listings.first?.element.query.isEmpty == true)
        #expect(listings.last?.element.query.contains { $0.0 == "pageKey" } == true)
        #expect(Set(listings.map(\.element.path)).count == 1)
        let lastImport = calls.lastIndex { $0.operation == "postConversationsImport" } ?? .max
        #expect(listings.allSatisfy { $0.offset > lastImport })

        // The adopted conversation is the one the lost answer would have named: its attributes go there.
        let patches = calls.filter { $0.operation == "patchConversationsConversationidCustom-attributes" }
        #expect(patches.map(\.path) == ["/v1/conversations/\(lostID ?? "?")/custom-attributes"])
    }

    @Test("escalation transfers, reopens and webhook installs send only requests that validate against the OpenAPI file")
    func escalationMatchesTheContract() async throws {
        let defaultQueue = "9d0ab8a8-4f2e-4b43-9d8a-1c7c1e3d2f10"
        let namedQueue = "5e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b"
        let webhookURL = "http://127.0.0.1:9/webhooks/dixa"
        let standIn = try OpenAPIStandIn.start(
            token: Self.token,
            agentID: Self.agentID,
            arguments: ["--queue-id", defaultQueue, "--queue-id", namedQueue]
        )
        defer { standIn.stop() }
        let databaseURL = try await TestPostgres.freshDatabaseURL()
        let dixa = [
            "DIXA_API_TOKEN": Self.token,
            "DIXA_AGENT_ID": Self.agentID.uuidString.lowercased(),
            "DIXA_BASE_URL": standIn.baseURL,
        ]
        let environment = dixa.merging(["DATABASE_URL": databaseURL, "DIXA_QUEUE_ID": defaultQueue]) { a, _ in a }
        var outputs: [String] = []

        let migrate = try await CommandRunner.run(["migrate"], environment: ["DATABASE_URL": databaseURL])
        outputs.append(migrate.output)
        try #require(migrate.status == 0, "migrate failed: \(migrate.output)")
        // One escalation goes to the configured queue, the other names its own.
        let lines = [
            #"{"sourceKey":"contract-escalate-default","kind":"escalate","transcript":{"requester":{"email":"gus@example.com"},"#
                + #""messages":[{"from":"user","text":"A human, please","at":"2026-11-24T12:00:00Z"}]}}"#,
            #"{"sourceKey":"contract-escalate-named","kind":"escalate","transcript":{"requester":{"externalId":"crm-hal"},"#
                + #""messages":[{"from":"user","text":"Let me talk to a person","at":"2026-11-24T12:05:00Z"},"#
                + #"{"from":"bot","text":"Connecting you.","at":"2026-11-24T12:05:01Z"}],"queueId":"\#(namedQueue)"}}"#,
        ]
        let enqueue = try await CommandRunner.run(["enqueue", "-"], environment: ["DATABASE_URL": databaseURL], input: lines.joined(separator: "\n"))
        outputs.append(enqueue.output)
        try #require(enqueue.status == 0 && enqueue.output.contains("enqueued 2, duplicates 0, refused 0"), "enqueue: \(enqueue.output)")

        let drain = try await CommandRunner.run(["drain"], environment: environment)
        outputs.append(drain.output)
        #expect(drain.status == 0, "drain output: \(drain.output)")
        #expect(drain.output.contains("drain: imported 2, retrying 0, dead 0"), "drain output: \(drain.output)")

        let imported = try standIn.recordedCalls().filter { $0.operation == "postConversationsImport" }
        let conversationIDs = Dictionary(
            imported.compactMap { call -> (String, String)? in
                guard let key = call.bodyObject?["externalId"], let id = ((call.response as? [String: Any])?["data"] as? [String: Any])?["id"] else {
                    return nil
                }
                return ("\(key)", "\(id)")
            },
            uniquingKeysWith: { a, _ in a }
        )
        let defaultID = try #require(conversationIDs["contract-escalate-default"], "imports: \(conversationIDs)")
        let namedID = try #require(conversationIDs["contract-escalate-named"], "imports: \(conversationIDs)")

        // Reopen by hand, then as the chatbot would: a row in dixa_reopen_requests, sent by the next drain.
        let reopen = try await CommandRunner.run(["reopen", "--conversation-id", defaultID], environment: dixa)
        outputs.append(reopen.output)
        #expect(reopen.status == 0, "reopen output: \(reopen.output)")
        try await Self.execute(databaseURL, "INSERT INTO dixa_reopen_requests (conversation_id) VALUES (\(Int64(namedID) ?? -1))")
        let second = try await CommandRunner.run(["drain"], environment: environment)
        outputs.append(second.output)
        #expect(second.status == 0, "second drain output: \(second.output)")
        #expect(try await Self.strings(databaseURL, "SELECT state FROM dixa_reopen_requests ORDER BY id") == ["done"])

        // Installed twice: the second run finds the subscription by URL.
        var installs: [CommandRunner.Result] = []
        for _ in 0..<2 {
            let install = try await CommandRunner.run(
                ["webhooks", "install", "--url", webhookURL],
                environment: dixa.merging(["DATABASE_URL": databaseURL]) { a, _ in a }
            )
            outputs.append(install.output)
            #expect(install.status == 0, "webhooks install output: \(install.output)")
            installs.append(install)
        }
        #expect(installs.first?.output.contains("created webhook subscription") == true, "\(installs.first?.output ?? "")")
        #expect(installs.last?.output.contains("already subscribed") == true, "\(installs.last?.output ?? "")")

        let calls = try standIn.recordedCalls()
        for call in calls {
            #expect(call.problems.isEmpty, "\(call.method) \(call.path) → \(call.status): \(call.problems)")
            #expect((200..<300).contains(call.status), "\(call.method) \(call.path) answered \(call.status): \(call.response ?? "")")
        }
        let counts = Dictionary(grouping: calls, by: { $0.operation ?? "\($0.method) \($0.path)" }).mapValues(\.count)
        #expect(
            counts == [
                "getEndusers": 2,
                "postEndusers": 2,
                "postConversationsImport": 2,
                "putConversationsConversationidTransferQueue": 2,
                "putConversationsConversationidReopen": 2,
                "getWebhooks": 2,
                "postWebhooks": 1,
            ]
        )
        let newOperations: Set = [
            "putConversationsConversationidTransferQueue", "putConversationsConversationidReopen", "getWebhooks", "postWebhooks",
        ]
        for call in calls where newOperations.contains(call.operation ?? "") {
            #expect(call.errors.isEmpty && call.undeclared.isEmpty, "\(call.method) \(call.path): \(call.errors) \(call.undeclared)")
        }

        // Each escalation was imported open, then transferred to its queue with a 204.
        #expect(imported.allSatisfy { $0.bodyObject?["closing"] == nil }, "an escalation must be imported open")
        let transfers = calls.enumerated().filter { $0.element.operation == "putConversationsConversationidTransferQueue" }
        let sentQueues = Dictionary(
            transfers.map { ($0.element.path, "\($0.element.bodyObject?["queueId"] ?? "none")") },
            uniquingKeysWith: { a, _ in a }
        )
        #expect(
            sentQueues == [
                "/v1/conversations/\(defaultID)/transfer/queue": defaultQueue,
                "/v1/conversations/\(namedID)/transfer/queue": namedQueue,
            ]
        )
        #expect(transfers.allSatisfy { $0.element.status == 204 })
        // A transfer follows the import of its own conversation.
        for transfer in transfers {
            let importIndex = calls.firstIndex { call in
                call.operation == "postConversationsImport"
                    && transfer.element.path
                        == "/v1/conversations/\(((call.response as? [String: Any])?["data"] as? [String: Any])?["id"] ?? "?")/transfer/queue"
            }
            #expect(importIndex.map { $0 < transfer.offset } == true, "\(transfer.element.path) was not preceded by its import")
        }

        // Both reopens, in order: the command's, then the queued request's; no body, 204.
        let reopens = calls.filter { $0.operation == "putConversationsConversationidReopen" }
        #expect(reopens.map(\.path) == ["/v1/conversations/\(defaultID)/reopen", "/v1/conversations/\(namedID)/reopen"])
        #expect(reopens.allSatisfy { $0.status == 204 && $0.body == nil })

        // Exactly one subscription, for the chatbot's events and channel; its secret is stored and never printed.
        let posts = calls.filter { $0.operation == "postWebhooks" }
        #expect(posts.count == 1)
        let post = try #require(posts.first)
        #expect(post.bodyObject?["url"] as? String == webhookURL)
        #expect(Set(post.bodyObject?["events"] as? [String] ?? []) == ["ConversationMessageAdded", "ConversationClosed", "TypingStarted"])
        #expect((post.bodyObject?["authorization"] as? [String: Any])?["_type"] as? String == "NoAuth")
        let conversationFilter = (post.bodyObject?["filters"] as? [String: Any])?["Conversation"] as? [String: Any]
        let conditions = conversationFilter?["conditions"] as? [[String: Any]] ?? []
        #expect(conditions.map { $0["values"] as? [String] ?? [] } == [["genericapimessaging"]])
        let subscription = (post.response as? [String: Any])?["data"] as? [String: Any]
        let secret = try #require(subscription?["secretKey"] as? String)
        #expect(secret.count == 64 && secret.allSatisfy(\.isHexDigit))
        #expect(try await Self.strings(databaseURL, "SELECT secret_key FROM dixa_webhook_subscriptions") == [secret])
        let listed = calls.filter { $0.operation == "getWebhooks" }.map { ($0.response as? [String: Any])?["data"] as? [Any] ?? [] }
        #expect(listed.map(\.count) == [0, 1], "the second install must find the first one's subscription")
        for output in outputs {
            #expect(!output.contains(Self.token), "the API token was printed: \(output)")
            #expect(!output.contains(secret), "the webhook secret was printed")
        }
    }

    /// The instant a timestamp names, whatever its precision or zone.
    static func instant(_ value: Any?) -> Date? {
        guard let text = value as? String else { return nil }
        let formats = [Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle()]
        return formats.lazy.compactMap { try? $0.parse(text) }.first
    }
}

/// One request as the stand-in recorded it.
private struct StandInCall {
    let method: String
    let path: String
    let operation: String?
    let query: [(String, String)]
    let status: Int
    /// Schema violations, undeclared properties, business-rule refusals and stand-in bugs, labelled.
    let problems: [String]
    /// Schema violations alone (the request, its parameters and its body against the file).
    let errors: [String]
    /// Properties of the body that the file does not declare.
    let undeclared: [String]
    let body: Any?
    let response: Any?
    /// A fault the test asked the stand-in for, such as a lost import answer.
    let injected: [String: Any]?

    var bodyObject: [String: Any]? { body as? [String: Any] }

    init(line: Substring) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(line)")
        }
        method = object["method"] as? String ?? ""
        path = object["path"] as? String ?? ""
        operation = object["operation"] as? String
        query = (object["query"] as? [[String]] ?? []).map { ($0.first ?? "", $0.last ?? "") }
        status = object["status"] as? Int ?? 0
        var problems: [String] = []
        for key in ["errors", "undeclared", "rejections", "standinErrors"] {
            problems += (object[key] as? [String] ?? []).map { "\(key): \($0)" }
        }
        self.problems = problems
        errors = object["errors"] as? [String] ?? []
        undeclared = object["undeclared"] as? [String] ?? []
        body = object["body"].flatMap { $0 is NSNull ? nil : $0 }
        response = object["response"]
        injected = object["injected"] as? [String: Any]
    }
}

/// `Tests/contract/openapi_standin.py` as a child process on an ephemeral loopback port.
private struct OpenAPIStandIn {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contract/openapi_standin.py").path
    static let openAPIFile = ProcessInfo.processInfo.environment["DIXA_OPENAPI_FILE"] ?? "/work/shared/dixa/openapi-beta.yaml"
    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// True when python3 can import what the stand-in needs and both files are there.
    static let available: Bool = {
        guard let python, FileManager.default.fileExists(atPath: script), FileManager.default.fileExists(atPath: openAPIFile) else {
            return false
        }
        guard let pid = try? spawn([python, "-c", "import jsonschema, referencing, yaml"], stdin: nil, stdout: "/dev/null", stderr: "/dev/null")
        else { return false }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status == 0
    }()

    let pid: pid_t
    let port: Int
    let recordPath: String
    let stderrPath: String
    /// The write end of the child's stdin; closing it (or dying) makes the stand-in exit.
    let stdinWriter: Int32
    let scratch: URL

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func start(token: String, agentID: UUID, arguments extra: [String] = []) throws -> OpenAPIStandIn {
        guard let python else { throw TestFailure("python3 is not on PATH") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("standin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let stdoutPath = scratch.appendingPathComponent("stdout").path
        let stderrPath = scratch.appendingPathComponent("stderr").path
        let recordPath = scratch.appendingPathComponent("requests.jsonl").path
        var fds: [Int32] = [-1, -1]
        // Close-on-exec, so other children (the importer runs) do not hold the pipe open. A child spawned by another
        // test between pipe() and fcntl() keeps it only until it exits, which merely delays the EOF.
        guard pipe(&fds) == 0 else { throw TestFailure("pipe: \(String(cString: strerror(errno)))") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        let arguments =
            [
                python, script, "--openapi", openAPIFile, "--port", "0", "--host", "127.0.0.1", "--token", token,
                "--agent-id", agentID.uuidString.lowercased(), "--record", recordPath, "--exit-on-stdin-eof",
            ] + extra
        let pid: pid_t
        do {
            pid = try spawn(arguments, stdin: fds[0], stdout: stdoutPath, stderr: stderrPath)
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[0])
        var standIn = OpenAPIStandIn(pid: pid, port: 0, recordPath: recordPath, stderrPath: stderrPath, stdinWriter: fds[1], scratch: scratch)
        // Loading and self-checking the OpenAPI file takes about 2.5 s of CPU alone; with the whole suite running on
        // two cores, several times that.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let output = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("LISTENING ") }), let port = Int(line.dropFirst(10)) {
                standIn = OpenAPIStandIn(pid: pid, port: port, recordPath: recordPath, stderrPath: stderrPath, stdinWriter: fds[1], scratch: scratch)
                return standIn
            }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                let errors = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
                try? FileManager.default.removeItem(at: scratch)
                close(fds[1])
                throw TestFailure("the stand-in exited before listening (status \(status)): \(errors)")
            }
            usleep(50_000)
        }
        let errors = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        standIn.stop()
        throw TestFailure("the stand-in did not print LISTENING within 60 s: \(errors)")
    }

    /// Every request the stand-in received so far, in order.
    func recordedCalls() throws -> [StandInCall] {
        let text = (try? String(contentsOfFile: recordPath, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try StandInCall(line: $0) }
    }

    /// SIGTERM, then SIGKILL after 2 s; reaps the child and removes its files.
    func stop() {
        close(stdinWriter)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        var reaped = false
        for _ in 0..<100 where !reaped {
            reaped = waitpid(pid, &status, WNOHANG) == pid
            if !reaped { usleep(20_000) }
        }
        if !reaped {
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        try? FileManager.default.removeItem(at: scratch)
    }

    private static func spawn(_ command: [String], stdin: Int32?, stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let environment = [
            "PATH=\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")", "PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1",
        ]
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw TestFailure("could not start \(command[0]): \(String(cString: strerror(spawned)))") }
        return pid
    }
}

extension ContractStandInTests {
    /// Makes every waiting retry due now, as if its backoff had passed.
    static func makePendingRowsDue(_ databaseURL: String) async throws {
        let client = PostgresClient(configuration: try DatabaseURL.configuration(from: databaseURL), backgroundLogger: Logger(label: "contract"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await TestFailure.explainingPostgresErrors("making retries due") {
                try await client.query("UPDATE dixa_outbox SET run_at = now() WHERE state = 'pending'", logger: Logger(label: "contract"))
            }
        }
    }

    /// Runs one statement, as the chatbot would.
    static func execute(_ databaseURL: String, _ statement: String) async throws {
        _ = try await strings(databaseURL, statement)
    }

    /// The first column of every row a query returns, as text.
    static func strings(_ databaseURL: String, _ query: String) async throws -> [String] {
        let client = PostgresClient(configuration: try DatabaseURL.configuration(from: databaseURL), backgroundLogger: Logger(label: "contract"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await TestFailure.explainingPostgresErrors(query) {
                var values: [String] = []
                let rows = try await client.query(PostgresQuery(unsafeSQL: query), logger: Logger(label: "contract"))
                for try await row in rows {
                    var cells = row.makeIterator()
                    values.append(try cells.next()?.decode(String?.self) ?? "NULL")
                }
                return values
            }
        }
    }
}
