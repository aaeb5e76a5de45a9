import Foundation

/// Runs `Benchmarks/peers/pgqueuer_noop.py` (`workers` dequeue workers, `batch` jobs each per batch) and reads the JSON
/// line it prints.
struct PgQueuerPeer {
    let python: String
    let script: String
    let workers: Int
    let batch: Int

    struct Output: Codable {
        var jobs: Int
        var enqueueSeconds: Double
        var drainSeconds: Double
        var jobsPerSecond: Double
        var pgqueuer: String

        enum CodingKeys: String, CodingKey {
            case jobs, pgqueuer
            case enqueueSeconds = "enqueue_seconds"
            case drainSeconds = "drain_seconds"
            case jobsPerSecond = "jobs_per_second"
        }
    }

    func run(dsn: String, jobs: Int) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, dsn, String(jobs), String(workers), String(batch)]
        let output = Pipe()
        // Standard error goes to a file: a pipe nobody reads until the end could fill up and stall the peer.
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("pgqueuer-\(UUID().uuidString).err").path
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw BenchError("PgQueuer peer exited \(process.terminationStatus): \(errorText.suffix(400))")
        }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        let result = try JSONDecoder().decode(Output.self, from: Data(line.utf8))
        guard result.jobs == jobs else { throw BenchError("PgQueuer ran \(result.jobs) of \(jobs) jobs") }
        return result
    }
}
