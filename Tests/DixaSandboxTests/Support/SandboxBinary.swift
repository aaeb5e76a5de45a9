import DixaSandbox
import Foundation

/// The `dixa-sandbox` executable SwiftPM built next to the test bundle, run as a child process.
enum SandboxBinary {
    static var path: String? {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, folder.deletingLastPathComponent(), folder.deletingLastPathComponent().deletingLastPathComponent()]
        return candidates.map { $0.appendingPathComponent("dixa-sandbox").path }.first(where: FileManager.default.isExecutableFile(atPath:))
    }

    /// Runs to completion; stdout and stderr together.
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let running = try start(arguments)
        while running.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return (running.process.terminationStatus, running.output)
    }

    /// Starts the binary with its output going to a file, and returns at once.
    static func start(_ arguments: [String]) throws -> Running {
        guard let path else { throw HarnessError("dixa-sandbox was not built next to the tests") }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("dixa-sandbox-\(UUID()).out")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return Running(process: process, outputURL: output)
    }

    struct Running {
        let process: Process
        let outputURL: URL

        var output: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }

        /// Waits until the output has `count` lines after the one that says where it listens, and returns them all.
        /// Only stdout's line starts with the program's name; the server's own log may say "listening" too.
        func lines(afterListening count: Int) async throws -> [String] {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                let lines = output.split(separator: "\n").map(String.init)
                if let start = lines.firstIndex(where: { $0.hasPrefix("dixa-sandbox listening on ") }), lines.count > start + count {
                    return Array(lines[start...(start + count)])
                }
                guard process.isRunning else { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw HarnessError("dixa-sandbox did not start: \(output)")
        }

        /// Stops the process this test started (SIGTERM, a graceful shutdown) and forgets its output.
        func stop() async {
            if process.isRunning { process.terminate() }
            while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
            try? FileManager.default.removeItem(at: outputURL)
        }
    }
}

extension SandboxClient {
    /// A client of a sandbox running in another process; its `sandbox` is an idle stand-in, never started, so only
    /// HTTP reaches the real one.
    static func remote(_ baseURL: String) -> SandboxClient {
        SandboxClient(sandbox: DixaSandbox(configuration: SandboxConfiguration(), logger: quietLogger), baseURL: baseURL)
    }
}
