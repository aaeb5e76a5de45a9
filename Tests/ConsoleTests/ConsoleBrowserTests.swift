import Console
import Foundation
import TestSupport
import Testing

/// The console in a real browser: headless Chromium driven by Selenium (`Browser/console_browser.py`). Skipped, saying
/// why, where Chromium, chromedriver or python3-selenium is missing (`.ci/run` installs them).
@Suite("The console in a headless browser")
struct ConsoleBrowserTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let script = folder.appendingPathComponent("Browser/console_browser.py").path
    /// Where the overview's screenshot goes: a temporary file, or the README's (`docs/console-overview.png`) when
    /// `DIXA_CONSOLE_SCREENSHOT` names it, so that running the tests does not change the tree.
    static let screenshot =
        ProcessInfo.processInfo.environment["DIXA_CONSOLE_SCREENSHOT"]
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("console-overview-\(UUID().uuidString).png").path

    /// Debian's, where python3-selenium installs (a `python3` earlier in PATH, such as pyenv's, may lack it).
    static let python = "/usr/bin/python3"

    /// Whether the browser, its driver and Selenium are installed.
    static var browserAvailable: Bool {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        func installed(_ name: String) -> Bool { paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") } }
        guard installed("chromium"), installed("chromedriver"), FileManager.default.isExecutableFile(atPath: python) else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import selenium"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    @Test(
        "every page loads without a CSP error; a dead row requeued through the form is imported; the overview's screenshot",
        .enabled(
            if: browserAvailable,
            "needs chromium, chromedriver and python3-selenium (apt-get install chromium chromium-driver python3-selenium)"
        ),
        .timeLimit(.minutes(5))
    )
    func requeueInTheBrowser() async throws {
        try await TestEnvironment.with { env in
            for key in ["ok-1", "ok-2", "ok-3"] { try await env.enqueue(key, Transcripts.simple(email: "\(key)@example.com")) }
            try await env.drainUntilSettled(env.worker())
            let dead = try await ConsoleSeed.deadRow(env, "dead-1", code: "server_error", message: "gave up after 8 attempts: HTTP 500")
            try await ConsoleSeed.secrets(env)
            try await env.store.recordHalt(
                worker: "host:1",
                tenant: "acme",
                cause: "POST /v1/conversations/import answered HTTP 401 Unauthorized",
                remedy: "store a valid token: dixa-importer tenants update acme --token-file PATH"
            )
            // Loopback and --no-auth: the browser then needs no credentials in its URLs.
            try await ConsoleHarness.with(env, settings: try ConsoleHarness.settings(noAuth: true)) { console in
                let requeue = try await CommandRunner.run([Self.script, "requeue", console.base, "\(dead)"], executable: Self.python)
                #expect(requeue.status == 0, "\(requeue.output)")
                #expect(try await env.row("dead-1").state == "pending")
                try await env.drainUntilSettled(env.worker())
                #expect(try await env.row("dead-1").state == "imported")
                let imported = try await CommandRunner.run(
                    [Self.script, "imported", console.base, "\(dead)", Self.screenshot],
                    executable: Self.python
                )
                #expect(imported.status == 0, "\(imported.output)")
                #expect(FileManager.default.fileExists(atPath: Self.screenshot))
            }
        }
    }
}
