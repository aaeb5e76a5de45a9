import DixaSandbox
import Foundation
import Importer
import TestSupport
import Testing

@Suite("Waking up: NOTIFY first, polling as the safety net")
struct WakeUpTests {
    @Test("run imports a row within moments of its INSERT, and reports at start that NOTIFY works", .timeLimit(.minutes(1)))
    func wakesOnNotify() async throws {
        try await TestEnvironment.with { env in
            var configuration = TestEnvironment.fastConfiguration()
            configuration.pollInterval = .seconds(30)  // so only NOTIFY can explain a quick pick-up
            // The probe waits for its own NOTIFY; a loaded machine may take seconds to deliver it, which is not a failure.
            configuration.notifyProbeTimeout = .seconds(20)
            let worker = env.worker(configuration)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            for _ in 0..<2000 where !env.logs.entries.contains(where: { "\($0.message)".contains("probe NOTIFY arrived") }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(env.logs.entries.contains { "\($0.message)".contains("wake-up on INSERT works") })
            try await env.enqueue("notified", Transcripts.simple())
            for _ in 0..<500 where try await env.row("notified").state != "imported" {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await env.row("notified").state == "imported")
        }
    }

    @Test("with NOTIFY lost (trigger disabled), polling still picks the row up", .timeLimit(.minutes(1)))
    func pollsWhenNotifyIsLost() async throws {
        try await TestEnvironment.with { env in
            try await env.store.client.query("ALTER TABLE dixa_outbox DISABLE TRIGGER dixa_outbox_notify", logger: env.logger)
            var configuration = TestEnvironment.fastConfiguration()
            configuration.pollInterval = .milliseconds(300)
            let worker = env.worker(configuration)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            try await Task.sleep(for: .milliseconds(400))
            try await env.enqueue("silent", Transcripts.simple())
            for _ in 0..<500 where try await env.row("silent").state != "imported" {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await env.row("silent").state == "imported")
        }
    }
}
