import Foundation
import Outbox

/// `/rows/ID`: one row, its checkpoints, each attempt, its partial errors, and its transcript's messages as text.
/// Three statements.
struct RowPage {
    struct Fact {
        let name: String
        let value: String
    }

    struct Attempt {
        let attempt: Int
        let worker: String
        let startedAt: String
        let finishedAt: String
        let outcome: String
        let errorCode: String
        let httpStatus: String
        let message: String
        let dixaCalls: Int
        let rateLimited: Int
    }

    struct PartialError {
        let source: String
        let message: String
        let conversationID: String
        let createdAt: String
    }

    let title: String
    let readOnly: Bool
    let csrf: String
    let id: Int64
    let tenant: String
    let sourceKey: String
    let kind: String
    let lane: String
    let state: String
    let attempts: [Attempt]
    let attemptCount: Int
    let maxAttempts: Int
    let runAt: String
    let createdAt: String
    let updatedAt: String
    let lastErrorCode: String
    let lastError: String
    let requeue: Bool
    let checkpoints: [Fact]
    let conversationID: String?
    let partialErrors: [PartialError]
    let transcript: TranscriptView?
    let transcriptUnreadable: Bool

    static func id(_ text: String?) throws(ConsoleError) -> Int64 {
        guard let text, let id = Int64(text), id > 0 else {
            throw ConsoleError(.badRequest, "\"\(text ?? "")\" is not a row id: a row id is a positive number")
        }
        return id
    }

    static func load(_ data: ConsoleData, id: Int64, settings: ConsoleSettings, csrf: String) async throws -> RowPage {
        guard let row = try await data.run({ try await $0.consoleRow(id: id) }) else {
            throw ConsoleError(.notFound, "no row has id \(id)")
        }
        let attempts = try await data.run { try await $0.consoleAttempts(rowID: id, limit: ConsoleLimits.attempts) }
        let partials = try await data.run { try await $0.consolePartialErrors(rowID: id, limit: ConsoleLimits.partialErrors) }
        let transcript = TranscriptView(json: row.transcript)
        return RowPage(
            title: "Row \(row.id)",
            readOnly: settings.readOnly,
            csrf: csrf,
            id: row.id,
            tenant: row.tenant,
            sourceKey: row.sourceKey,
            kind: row.kind,
            lane: row.lane,
            state: row.state,
            attempts: attempts.map {
                Attempt(
                    attempt: $0.attempt,
                    worker: $0.worker,
                    startedAt: ConsoleFormat.time($0.startedAt),
                    finishedAt: ConsoleFormat.time($0.finishedAt),
                    outcome: $0.outcome,
                    errorCode: $0.errorCode ?? "",
                    httpStatus: $0.httpStatus.map(String.init) ?? "",
                    message: $0.message ?? "",
                    dixaCalls: $0.dixaCalls,
                    rateLimited: $0.rateLimited
                )
            },
            attemptCount: row.attempts,
            maxAttempts: row.maxAttempts,
            runAt: ConsoleFormat.time(row.runAt),
            createdAt: ConsoleFormat.time(row.createdAt),
            updatedAt: ConsoleFormat.time(row.updatedAt),
            lastErrorCode: row.lastErrorCode ?? "",
            lastError: row.lastError ?? "",
            requeue: row.state == "dead" && !settings.readOnly,
            checkpoints: [
                Fact(name: "requester", value: row.requesterID?.uuidString.lowercased() ?? ""),
                Fact(name: "import created at", value: ConsoleFormat.time(row.importCreatedAt)),
                Fact(name: "import sent at", value: ConsoleFormat.time(row.importSentAt)),
                Fact(name: "conversation", value: row.conversationID.map(String.init) ?? ""),
                Fact(name: "attributes done at", value: ConsoleFormat.time(row.attributesDoneAt)),
                Fact(name: "transferred at", value: ConsoleFormat.time(row.transferredAt)),
                Fact(name: "transferred to queue", value: row.transferredQueueID?.uuidString.lowercased() ?? ""),
                Fact(name: "imported at", value: ConsoleFormat.time(row.importedAt)),
            ],
            conversationID: row.conversationID.map(String.init),
            partialErrors: partials.map {
                PartialError(
                    source: $0.source,
                    message: $0.message,
                    conversationID: $0.conversationID.map(String.init) ?? "",
                    createdAt: ConsoleFormat.time($0.createdAt)
                )
            },
            transcript: transcript,
            transcriptUnreadable: transcript == nil
        )
    }
}

/// A transcript read leniently for display: whatever it holds is shown as text, never as markup or a link (an
/// attachment's URL is printed, not linked: it comes from the chatbot's user).
struct TranscriptView {
    struct Attachment {
        let name: String
        let url: String
    }

    let requester: [RowPage.Fact]
    let messages: [MessageView]

    struct MessageView {
        let from: String
        let at: String
        let text: String
        let attachments: [Attachment]
    }

    init?(json: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        let requester = object["requester"] as? [String: Any] ?? [:]
        self.requester = ["displayName", "firstName", "lastName", "email", "phone", "externalId"].compactMap { key in
            (requester[key] as? String).map { RowPage.Fact(name: key, value: $0) }
        }
        let messages = object["messages"] as? [[String: Any]] ?? []
        self.messages = messages.map { message in
            MessageView(
                from: Self.text(message["from"]),
                at: Self.text(message["at"]),
                text: Self.text(message["text"]),
                attachments: (message["attachments"] as? [[String: Any]] ?? []).map {
                    Attachment(name: Self.text($0["name"]), url: Self.text($0["url"]))
                }
            )
        }
    }

    private static func text(_ value: Any?) -> String {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        default: ""
        }
    }
}
