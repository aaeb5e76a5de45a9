import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Outbox
import PostgresNIO
import TestSupport
import Testing

/// The hostile-input corpus: bad and odd transcripts, each of which must be refused at INSERT with a clear
/// message, imported exactly, or made dead with a clear reason, while the worker settles every row and the
/// good rows around it are imported as usual.
///
/// Small cases live in `HostileInput/corpus.jsonl`, one JSON object a line:
/// `{"name", "expect": "refused"|"imported"|"dead", "reason"?, "reasonContains"?, "code"?, "sourceKey"?, "kind"?,
/// "check"?, "transcript": <JSON>}`. The `transcript` member comes last and is taken byte for byte, so duplicate
/// keys, `1e999` or keys in other Unicode normalisation forms reach PostgreSQL exactly as written. Text that is
/// not a JSON value PostgreSQL can store (a NUL byte, a BOM, a truncated object) is a JSON string in
/// `transcriptText` instead. Large cases are generated in ``HostileCorpus/generated``.
@Suite("Hostile input: bad and odd transcripts never break the worker or the rows around them")
struct HostileInputTests {
    @Test("the corpus file is well formed and covers at least 50 cases", .timeLimit(.minutes(1)))
    func corpusIsWellFormed() throws {
        let cases = try HostileCorpus.load()
        #expect(cases.count + HostileCorpus.generated.count >= 50)
        #expect(Set(cases.map(\.name)).count == cases.count, "case names must be unique")
        for hostile in cases {
            switch hostile.expect {
            case .refused: #expect(hostile.reason != nil || hostile.reasonContains != nil, "\(hostile.name): a refusal needs its reason")
            case .dead: #expect(hostile.reason != nil && hostile.deadCode != nil, "\(hostile.name): a dead row needs its reason and code")
            case .imported: #expect(hostile.reason == nil, "\(hostile.name): an import has no reason")
            }
        }
        for expectation in HostileCase.Expectation.allCases {
            #expect(cases.contains { $0.expect == expectation }, "no \(expectation.rawValue) case in the corpus")
        }
    }

    @Test("every corpus case is refused, imported exactly, or dead with a reason; its neighbours are imported", .timeLimit(.minutes(5)))
    func corpus() async throws {
        let cases = try HostileCorpus.load()
        try await TestEnvironment.with { env in
            try await HostileRunner(env: env).run(cases)
        }
    }

    @Test("generated large cases: 10,000 messages, a 1 MB message, 500 attributes, deep nesting, long keys", .timeLimit(.minutes(5)))
    func generated() async throws {
        try await TestEnvironment.with { env in
            try await HostileRunner(env: env).run(HostileCorpus.generated)
        }
    }

    @Test("a duplicate source_key is ignored and leaves the first row as it was", .timeLimit(.minutes(2)))
    func duplicateSourceKey() async throws {
        try await TestEnvironment.with { env in
            let first = HostileCorpus.transcript(texts: ["first version"])
            let inserted = try await env.store.enqueue(sourceKey: "dup", kind: "closed", transcriptJSON: first)
            guard case .inserted = inserted else {
                Issue.record("the first row was not inserted: \(inserted)")
                return
            }
            let second = HostileCorpus.transcript(texts: ["second version"])
            #expect(try await env.store.enqueue(sourceKey: "dup", kind: "closed", transcriptJSON: second) == .duplicate)
            // The CHECK runs before ON CONFLICT: a bad transcript under a taken key is still refused for what it is.
            let bad = #"{"requester":{"email":"a@example.com"},"messages":[]}"#
            let refusal = try await env.store.enqueue(sourceKey: "dup", kind: "closed", transcriptJSON: bad)
            #expect(refusal == .refused(reason: "transcript.messages must be a non-empty array"))
            // Keys that only look alike are different rows.
            let lookalikes = ["dup ", "DUP", "dup\u{200B}", "d\u{0075}\u{0308}p", "d\u{00FC}p"]
            for key in lookalikes {
                let result = try await env.store.enqueue(sourceKey: key, kind: "closed", transcriptJSON: HostileCorpus.transcript(texts: [key]))
                guard case .inserted = result else {
                    Issue.record("\(visible(key)) should be a row of its own, got \(result)")
                    continue
                }
            }
            let worker = env.worker()
            try await HostileRunner(env: env).drain(worker)
            let row = try await env.row("dup")
            #expect(row.state == "imported" && row.attempts == 1)
            let conversations = await env.sandbox.conversations()
            let imported = conversations.filter { same($0.externalId ?? "", "dup") }
            #expect(imported.count == 1)
            let text = imported.first?.request["messages"]?.arrayValue?.first?["content"]?["value"]?.stringValue
            #expect(text == "first version")
            for key in lookalikes {
                #expect(conversations.filter { same($0.externalId ?? "", key) }.count == 1, "\(visible(key)) was not imported on its own")
            }
            // Enqueued again after the import: still a duplicate, and nothing is imported twice.
            #expect(try await env.store.enqueue(sourceKey: "dup", kind: "closed", transcriptJSON: second) == .duplicate)
            try await HostileRunner(env: env).drain(worker)
            #expect(await env.sandbox.conversations().count == conversations.count)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox") == 1 + lookalikes.count)
        }
    }
}

/// One hostile transcript and what must become of it.
struct HostileCase: Sendable, CustomStringConvertible {
    enum Expectation: String, Sendable, CaseIterable {
        case refused
        case imported
        case dead
    }

    var name: String
    var expect: Expectation
    /// The transcript exactly as the chatbot sends it.
    var transcript: String
    /// The row's source key; `nil` gives the case a key of its own.
    var sourceKey: String?
    var kind = "closed"
    /// Refused: the database's exact message. Dead: a substring of `last_error`.
    var reason: String?
    /// Refused: a substring of the database's message (for messages that name a constraint).
    var reasonContains: String?
    /// Refused: what `Transcript.parse` says instead of `reason`, where Foundation's JSON parser itself gives up
    /// (a number beyond Double, nesting beyond 512 levels), or `accepts: why` where it cannot see the problem at
    /// all (canonically equal keys merge while parsing). Such rows never reach the worker: the CHECK refuses them.
    var workerReason: String?
    /// Dead: the expected `last_error_code`.
    var deadCode: String?
    var check = ImportCheck()

    var description: String { name }
}

/// What an imported case must look like at Dixa. `nil` means "not checked", except `texts`, which defaults to the
/// transcript's own message texts, and `partialErrors`, which defaults to none.
struct ImportCheck: Sendable {
    var texts: [String]?
    var contentTypes: [String]?
    var externalIds: [String]?
    var messageTimes: [String]?
    var attachments: [[String]]?
    var createdAt: String?
    var closedAt: String?
    /// `"<source>: <message>"`, in any order.
    var partialErrors: [String] = []
    /// Attribute id (lower case) → value at Dixa.
    var attributes: [String: SandboxAttributeValue] = [:]
    /// `SandboxEndUser` field name → value of the conversation's requester.
    var endUser: [String: String] = [:]
}

/// Runs cases one by one in one environment: a good row before and after each, a bounded drain, then the checks.
struct HostileRunner {
    let env: TestEnvironment
    /// Bounds the drain: a stall shows as unsettled rows, not as a hanging test.
    static let drainRounds = 20

    func run(_ cases: [HostileCase]) async throws {
        // The sandbox in a debug build needs 10 s or more to take the 1.7 MB import of 10,000 messages (it decodes the
        // body three times), more than the test client's default 5 s. A generous deadline keeps that a non-event;
        // the drain is still bounded in rounds, and the test's time limit catches a hang.
        let worker = env.worker(client: env.dixaClient(timeout: .seconds(120)))
        var rows = 0
        for (index, hostile) in cases.enumerated() {
            do {
                rows += try await run(hostile, key: hostile.sourceKey ?? "hostile-\(index)", index: index, worker: worker)
                let total = try await env.count("SELECT count(*) FROM dixa_outbox")
                #expect(total == rows, "\(hostile.name): the outbox holds \(total) rows, expected \(rows)")
            } catch {
                Issue.record("\(hostile.name): \(error)")
                rows = try await env.count("SELECT count(*) FROM dixa_outbox")
            }
        }
    }

    /// Drains until no row is pending or running, at most `drainRounds` times; no clock is involved.
    @discardableResult
    func drain(_ worker: ImportWorker) async throws -> WorkerSummary {
        var summary = WorkerSummary()
        for _ in 0..<Self.drainRounds {
            summary = try await worker.drain()
            let unsettled = try await env.count("SELECT count(*) FROM dixa_outbox WHERE state IN ('pending', 'running')")
            if summary.halt != nil || unsettled == 0 { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        return summary
    }

    /// Returns how many rows the case added to the outbox.
    private func run(_ hostile: HostileCase, key: String, index: Int, worker: ImportWorker) async throws -> Int {
        let name = hostile.name
        let neighbours = ["good-\(index)-before", "good-\(index)-after"]
        try await env.enqueue(neighbours[0], Transcripts.simple(email: "good@example.com"))
        let result: EnqueueResult?
        do {
            result = try await env.store.enqueue(sourceKey: key, kind: hostile.kind, transcriptJSON: hostile.transcript)
        } catch {
            Issue.record("\(name): enqueue threw instead of answering: \(String(reflecting: error).prefix(400))")
            result = nil
        }
        try await env.enqueue(neighbours[1], Transcripts.simple(email: "good@example.com"))

        let summary = try await drain(worker)
        #expect(summary.halt == nil, "\(name): the worker halted: \(String(describing: summary.halt))")
        let unsettled = try await env.count("SELECT count(*) FROM dixa_outbox WHERE state IN ('pending', 'running')")
        #expect(unsettled == 0, "\(name): \(unsettled) row(s) still pending or running after \(Self.drainRounds) drains")
        for neighbour in neighbours {
            let row = try await env.row(neighbour)
            #expect(row.state == "imported", "\(name): its neighbour \(neighbour) is \(row.state): \(row.lastError ?? "")")
        }

        var inserted = false
        if case .inserted = result { inserted = true }
        switch hostile.expect {
        case .refused: checkRefused(hostile, result)
        case .imported where inserted: try await checkImported(hostile, key: key)
        case .dead where inserted: try await checkDead(hostile, key: key)
        case .imported, .dead: Issue.record("\(name): expected the outbox to take it, got \(result.map { "\($0)" } ?? "an error")")
        }
        return 2 + (inserted ? 1 : 0)
    }

    private func checkRefused(_ hostile: HostileCase, _ result: EnqueueResult?) {
        let name = hostile.name
        guard case .refused(let reason) = result else {
            Issue.record("\(name): expected a refusal at INSERT, got \(result.map { "\($0)" } ?? "an error")")
            return
        }
        if let exact = hostile.reason {
            #expect(reason == exact, "\(name): refused with \(visible(reason))")
            // A transcript rule: the worker's own validator must say the same thing.
            if let workerReason = hostile.workerReason, workerReason.hasPrefix("accepts:") {
                #expect(throws: Never.self, "\(name): the worker's parser was expected to accept this") { try Transcript.parse(hostile.transcript) }
            } else if exact.hasPrefix("transcript") {
                #expect(throws: TranscriptError(hostile.workerReason ?? exact), "\(name): Transcript.parse disagrees with the database's check") {
                    try Transcript.parse(hostile.transcript)
                }
            }
        }
        if let part = hostile.reasonContains {
            #expect(reason.contains(part), "\(name): refused with \(visible(reason))")
        }
    }

    private func checkDead(_ hostile: HostileCase, key: String) async throws {
        let name = hostile.name
        let row = try await env.row(key)
        #expect(row.state == "dead", "\(name): state \(row.state)")
        #expect(row.lastErrorCode == hostile.deadCode, "\(name): last_error_code \(row.lastErrorCode ?? "nil")")
        #expect(row.lastError?.contains(hostile.reason ?? "") == true, "\(name): last_error \(row.lastError ?? "nil")")
        let imported = await env.sandbox.conversations().filter { same($0.externalId ?? "", key) }
        #expect(imported.isEmpty, "\(name): a dead row reached Dixa")
    }

    private func checkImported(_ hostile: HostileCase, key: String) async throws {
        let name = hostile.name
        let check = hostile.check
        let row = try await env.row(key)
        if row.state != "imported" {
            Issue.record("\(name): state \(row.state), not imported; attempts: \(try await attempts(key))")
        }
        let conversations = await env.sandbox.conversations().filter { same($0.externalId ?? "", key) }
        #expect(conversations.count == 1, "\(name): \(conversations.count) conversations with externalId \(visible(key))")
        guard let conversation = conversations.first else { return }
        #expect(row.conversationID == conversation.id, "\(name): conversation id")
        #expect(conversation.state == "Closed", "\(name): conversation state \(conversation.state)")

        let request = conversation.request
        let messages = request["messages"]?.arrayValue ?? []
        let texts = messages.map { $0["content"]?["value"]?.stringValue ?? "<none>" }
        if let expected = check.texts ?? HostileCorpus.messageTexts(of: hostile.transcript) {
            expectSame(texts, expected, "\(name): message texts")
        } else {
            Issue.record("\(name): no expected texts")
        }
        if let expected = check.contentTypes {
            expectSame(messages.map { $0["content"]?["_type"]?.stringValue ?? "<none>" }, expected, "\(name): content types")
        }
        if let expected = check.externalIds {
            expectSame(messages.map { $0["externalId"]?.stringValue ?? "<none>" }, expected, "\(name): message externalIds")
        }
        if let expected = check.messageTimes {
            expectSame(messages.map { $0["createdAt"]?.stringValue ?? "<none>" }, expected, "\(name): message createdAt")
        }
        if let expected = check.attachments {
            let urls = messages.map { ($0["attachments"]?.arrayValue ?? []).map { $0["url"]?.stringValue ?? "<none>" } }
            #expect(urls == expected, "\(name): attachment urls \(urls)")
        }
        if let expected = check.createdAt {
            #expect(request["createdAt"]?.stringValue == expected, "\(name): createdAt \(request["createdAt"]?.stringValue ?? "nil")")
        }
        if let expected = check.closedAt {
            let closedAt = request["closing"]?["closedAt"]?.stringValue
            #expect(closedAt == expected, "\(name): closedAt \(closedAt ?? "nil")")
        }

        let partialErrors = try await env.store.partialErrors().filter { same($0.sourceKey, key) }.map { "\($0.source): \($0.message)" }
        expectSame(bytewiseSorted(partialErrors), bytewiseSorted(check.partialErrors), "\(name): partial errors")
        for (id, value) in check.attributes {
            let actual = conversation.customAttributes[id]
            #expect(actual == value, "\(name): attribute \(id) is \(actual.map { "\($0)" } ?? "not set")")
        }
        if !check.endUser.isEmpty {
            let endUser = await env.sandbox.endUsers().first { $0.id == conversation.requesterId }
            for (field, expected) in check.endUser {
                let actual = endUser.flatMap { Self.field(field, of: $0) }
                #expect(actual.map { same($0, expected) } == true, "\(name): end user \(field) is \(actual.map(visible) ?? "nil")")
            }
        }
    }

    /// The row's attempt log, for failure messages.
    private func attempts(_ key: String) async throws -> String {
        let rows = try await env.store.client.query(
            """
            SELECT a.outcome, a.error_code, a.message FROM dixa_outbox_attempts a JOIN dixa_outbox o ON o.id = a.outbox_id
            WHERE o.source_key = \(key) ORDER BY a.id
            """,
            logger: env.logger
        )
        var lines: [String] = []
        for try await (outcome, code, message) in rows.decode((String, String?, String?).self) {
            lines.append("\(outcome) \(code ?? "-") \(message ?? "")")
        }
        return lines.isEmpty ? "none" : lines.joined(separator: " | ")
    }

    private static func field(_ name: String, of user: SandboxEndUser) -> String? {
        switch name {
        case "email": user.email
        case "phoneNumber": user.phoneNumber
        case "externalId": user.externalId
        case "displayName": user.displayName
        case "firstName": user.firstName
        case "lastName": user.lastName
        default: "<unknown field \(name)>"
        }
    }

    /// Compares strings byte for byte (Swift's `==` would equate NFC and NFD), reporting the first difference.
    private func expectSame(_ actual: [String], _ expected: [String], _ what: String) {
        #expect(actual.count == expected.count, "\(what): \(actual.count) instead of \(expected.count)")
        guard let index = zip(actual, expected).enumerated().first(where: { !same($1.0, $1.1) })?.offset else { return }
        Issue.record("\(what): [\(index)] is \(visible(actual[index])), expected \(visible(expected[index]))")
    }
}

/// Byte-for-byte string equality.
private func same(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.elementsEqual(rhs.utf8)
}

/// Sorted by UTF-8 bytes, so that strings Swift considers equal (NFC and NFD) still have a fixed order.
private func bytewiseSorted(_ texts: [String]) -> [String] {
    texts.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
}

/// A string with everything outside printable ASCII escaped, cut to a readable length.
private func visible(_ text: String) -> String {
    let scalars = text.unicodeScalars.prefix(160).map { scalar in
        (0x20..<0x7F).contains(scalar.value) ? String(scalar) : "\\u{\(String(scalar.value, radix: 16))}"
    }
    let more = text.unicodeScalars.count > 160 ? "… (\(text.utf8.count) bytes)" : ""
    return "\"" + scalars.joined() + more + "\""
}

enum HostileCorpus {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("HostileInput/corpus.jsonl")

    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    static func load() throws -> [HostileCase] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { try parse(line: String($1), number: $0 + 1) }
    }

    /// Reads one line; the raw text after `, "transcript": ` (up to the closing brace) is the transcript.
    static func parse(line: String, number: Int) throws -> HostileCase {
        var metadataText = line
        var transcript: String?
        if let marker = line.range(of: #", "transcript": "#), line.hasSuffix("}") {
            metadataText = String(line[..<marker.lowerBound]) + "}"
            transcript = String(line[marker.upperBound..<line.index(before: line.endIndex)])
        }
        guard let metadata = try? JSONSerialization.jsonObject(with: Data(metadataText.utf8)) as? [String: Any] else {
            throw FormatError(description: "corpus.jsonl:\(number): not a JSON object")
        }
        guard let name = metadata["name"] as? String, let expect = (metadata["expect"] as? String).flatMap(HostileCase.Expectation.init),
            let body = transcript ?? metadata["transcriptText"] as? String
        else {
            throw FormatError(description: "corpus.jsonl:\(number): needs name, expect and transcript or transcriptText")
        }
        let members: Set = ["name", "expect", "reason", "reasonContains", "workerReason", "code", "sourceKey", "kind", "check", "transcriptText"]
        if let unknown = metadata.keys.first(where: { !members.contains($0) }) {
            throw FormatError(description: "corpus.jsonl:\(number): unknown member \(unknown)")
        }
        var hostile = HostileCase(name: name, expect: expect, transcript: body)
        hostile.sourceKey = metadata["sourceKey"] as? String
        hostile.kind = metadata["kind"] as? String ?? "closed"
        hostile.reason = metadata["reason"] as? String
        hostile.reasonContains = metadata["reasonContains"] as? String
        hostile.workerReason = metadata["workerReason"] as? String
        hostile.deadCode = metadata["code"] as? String
        if let check = metadata["check"] as? [String: Any] {
            hostile.check = try importCheck(check, line: number)
        }
        return hostile
    }

    private static func importCheck(_ object: [String: Any], line: Int) throws -> ImportCheck {
        let known: Set = [
            "texts", "contentTypes", "externalIds", "messageTimes", "attachments", "createdAt", "closedAt", "partialErrors", "attributes",
            "endUser",
        ]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw FormatError(description: "corpus.jsonl:\(line): unknown check \(unknown)")
        }
        var check = ImportCheck()
        check.texts = object["texts"] as? [String]
        check.contentTypes = object["contentTypes"] as? [String]
        check.externalIds = object["externalIds"] as? [String]
        check.messageTimes = object["messageTimes"] as? [String]
        check.attachments = object["attachments"] as? [[String]]
        check.createdAt = object["createdAt"] as? String
        check.closedAt = object["closedAt"] as? String
        check.partialErrors = object["partialErrors"] as? [String] ?? []
        check.endUser = object["endUser"] as? [String: String] ?? [:]
        for (id, value) in object["attributes"] as? [String: Any] ?? [:] {
            if let text = value as? String {
                check.attributes[id] = .text(text)
            } else if let list = value as? [String] {
                check.attributes[id] = .select(list)
            }
        }
        return check
    }

    /// The message texts of a transcript, as PostgreSQL would keep them (the last of duplicate keys wins here too).
    static func messageTexts(of transcript: String) -> [String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(transcript.utf8)) as? [String: Any],
            let messages = object["messages"] as? [[String: Any]]
        else { return nil }
        let texts = messages.compactMap { $0["text"] as? String }
        return texts.count == messages.count ? texts : nil
    }

    /// A valid transcript with one message per text, alternating user and bot, one second apart.
    static func transcript(texts: [String], email: String = "generated@example.com", attributes: String? = nil, ids: [String]? = nil) -> String {
        var messages: [String] = []
        messages.reserveCapacity(texts.count)
        for (index, text) in texts.enumerated() {
            let id = ids.map { #","id":\#(json($0[index]))"# } ?? ""
            messages.append(#"{"from":"\#(index % 2 == 0 ? "user" : "bot")","text":\#(json(text)),"at":"\#(stamp(index))"\#(id)}"#)
        }
        let attributePart = attributes.map { #","attributes":\#($0)"# } ?? ""
        return #"{"requester":{"email":\#(json(email))},"messages":[\#(messages.joined(separator: ","))]\#(attributePart)}"#
    }

    /// `2026-11-24T10:00:00Z` plus `seconds`.
    static func stamp(_ seconds: Int) -> String {
        let total = 10 * 3600 + seconds
        return String(format: "2026-11-24T%02d:%02d:%02dZ", total / 3600, total / 60 % 60, total % 60)
    }

    static func json(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed]), as: UTF8.self)
    }

    /// The large and the long cases, built here rather than stored.
    static let generated: [HostileCase] = {
        var cases: [HostileCase] = []

        let many = (0..<10_000).map { "message \($0) of a very long conversation" }
        var tenThousand = HostileCase(name: "10,000 messages", expect: .imported, transcript: transcript(texts: many))
        tenThousand.check.texts = many
        tenThousand.check.createdAt = "2026-11-24T10:00:00.000Z"
        tenThousand.check.closedAt = "2026-11-24T12:46:39.000Z"
        cases.append(tenThousand)

        var badLast = many.map { #"{"from":"user","text":\#(json($0)),"at":"2026-11-24T10:00:00Z"}"# }
        badLast[9_999] = #"{"from":"customer","text":"the last one","at":"2026-11-24T10:00:00Z"}"#
        var tenThousandBadLast = HostileCase(
            name: "10,000 messages, the last one by an unknown author",
            expect: .refused,
            transcript: #"{"requester":{"email":"a@example.com"},"messages":[\#(badLast.joined(separator: ","))]}"#
        )
        tenThousandBadLast.reason = #"transcript.messages[9999].from must be "user" or "bot""#
        cases.append(tenThousandBadLast)

        let megabyte = oneMegabyteText()
        var big = HostileCase(name: "a 1 MB message", expect: .imported, transcript: transcript(texts: ["before", megabyte, "after"]))
        big.check.texts = ["before", megabyte, "after"]
        cases.append(big)

        let keys = (0..<499).map { String(format: "attr_%03d", $0) }
        let attributes = "{" + (keys.map { #""\#($0)":"value of \#($0)""# } + [#""order_id":"A-500""#]).joined(separator: ",") + "}"
        var fiveHundred = HostileCase(name: "500 attribute keys", expect: .imported, transcript: transcript(texts: ["Hi"], attributes: attributes))
        fiveHundred.check.partialErrors = keys.map {
            #"attributes: custom attribute "\#($0)" does not exist in Dixa (neither an attribute id nor an identifier)"#
        }
        fiveHundred.check.attributes = [SandboxSeed.orderIDAttributeID.dixaString: .text("A-500")]
        cases.append(fiveHundred)

        var nested = HostileCase(
            name: "attribute value nested 600 levels deep",
            expect: .refused,
            transcript: transcript(texts: ["Hi"], attributes: #"{"x":\#(String(repeating: "[", count: 600) + String(repeating: "]", count: 600))}"#)
        )
        nested.reason = "transcript.attributes.x must be a string or an array of strings"
        nested.workerReason = "transcript is not valid JSON"
        cases.append(nested)

        var deeper = HostileCase(
            name: "attribute value nested 100,000 levels deep",
            expect: .refused,
            transcript: transcript(
                texts: ["Hi"],
                attributes: #"{"x":\#(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))}"#
            )
        )
        deeper.reasonContains = "stack depth limit exceeded"
        cases.append(deeper)

        var longKey = HostileCase(name: "source_key of 256 characters", expect: .refused, transcript: transcript(texts: ["Hi"]))
        longKey.sourceKey = String(repeating: "k", count: 256)
        longKey.reasonContains = #"violates check constraint "dixa_outbox_source_key_valid""#
        cases.append(longKey)

        var emojiKey = HostileCase(name: "source_key of 255 emoji (1,020 bytes)", expect: .imported, transcript: transcript(texts: ["Hi"]))
        emojiKey.sourceKey = String(repeating: "\u{1F984}", count: 255)
        cases.append(emojiKey)

        let longID = String(repeating: "i", count: 5_000)
        var idCase = HostileCase(name: "message id of 5,000 characters", expect: .imported, transcript: transcript(texts: ["Hi"], ids: [longID]))
        idCase.check.externalIds = [longID]
        cases.append(idCase)
        return cases
    }()

    /// Exactly 1 MiB of UTF-8: ASCII, Latin, Arabic and emoji, so every byte length of a scalar is in it.
    static func oneMegabyteText() -> String {
        let limit = 1 << 20
        let pattern = "Lorem ipsum dolor sit amet, cafe\u{301} na\u{EF}ve \u{645}\u{631}\u{62D}\u{628}\u{627} \u{1F600} \u{1F1E9}\u{1F1F0} "
        var text = String(repeating: pattern, count: limit / pattern.utf8.count)
        text += String(repeating: ".", count: limit - text.utf8.count)
        return text
    }
}
