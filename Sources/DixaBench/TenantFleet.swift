import AsyncHTTPClient
import DixaAPI
import DixaSandbox
import Foundation
import LocalPostgres
import NIOCore
import NIOFoundationCompat
import Outbox
import Secrets

/// What the scheduling scenarios share (issue #15): a `dixa-sandbox` process serving `tenants` organisations, each with
/// Dixa's 10 requests/s, burst 4, and 50–150 ms per answer; a database with those tenants stored; and `dixa-importer
/// run` processes working them, each with `/metrics` scraped for the requests it sent.
struct TenantFleet: Sendable {
    let world: BenchWorld
    let sandbox: SandboxProcess
    let databaseURL: String
    let keyFile: String
    let tenants: [String]

    static func name(_ index: Int) -> String { "t\(index)" }

    /// Starts the sandbox and stores `count` tenants, organisation k for tenant t<k>.
    static func start(_ world: BenchWorld, tenants count: Int, tag: String) async throws -> TenantFleet {
        let sandbox = try await SandboxProcess.start(
            binary: try SiblingProcess.binary("dixa-sandbox"),
            extraArguments: ["--organizations", "\(count)", "--rate-limit", "10", "--burst", "4", "--latency-ms", "50-150"]
        )
        let url = try await world.freshDatabase(tag)
        let key = SecretsKey.generate()
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(tag)-\(UUID().uuidString).key").path
        try key.hex.write(toFile: keyFile, atomically: true, encoding: .utf8)
        let names = (1...count).map(name)
        try await world.withStore(url) { store in
            for (index, name) in names.enumerated() {
                let ids = SandboxOrganizationIDs(number: index + 1)
                let record = TenantRecord(
                    name: name,
                    agentID: ids.botAgentID,
                    queueID: ids.supportQueueID,
                    baseURL: nil,
                    rateLimit: nil,
                    burst: nil,
                    tokenSealed: SealedSecret.seal(ids.token, under: key, context: SealedSecret.tokenContext(tenant: name))
                )
                _ = try await store.addTenant(record)
            }
        }
        return TenantFleet(world: world, sandbox: sandbox, databaseURL: url, keyFile: keyFile, tenants: names)
    }

    /// Starts a fleet of `tenants` tenants, runs `body` with it, and stops it, whether `body` returns or throws.
    static func with<Result>(
        _ world: BenchWorld,
        tenants count: Int,
        tag: String,
        _ body: (TenantFleet) async throws -> Result
    ) async throws -> Result {
        let fleet = try await start(world, tenants: count, tag: tag)
        do {
            let result = try await body(fleet)
            await fleet.stop()
            return result
        } catch {
            await fleet.stop()
            throw error
        }
    }

    func stop() async {
        await sandbox.stop()
        try? FileManager.default.removeItem(atPath: keyFile)
    }

    /// Starts `count` `dixa-importer run` processes, waits until each serves `/metrics` and then `settle`, runs `body`
    /// with them, and stops them (SIGTERM, and waits for each to exit), whether `body` returns or throws. None outlives
    /// its scenario, to take CPU from the next one.
    func withWorkers<Result>(
        _ count: Int,
        concurrency: Int,
        name: String,
        settle: Duration,
        _ body: ([FleetWorker]) async throws -> Result
    ) async throws -> Result {
        var workers: [FleetWorker] = []
        do {
            for index in 1...count {
                workers.append(try startWorker(concurrency: concurrency, name: count == 1 ? name : "\(name)-\(index)"))
            }
            for worker in workers { try await worker.waitUntilServing() }
            try await Task.sleep(for: settle)
            let result = try await body(workers)
            for worker in workers { await worker.stop() }
            return result
        } catch {
            for worker in workers { await worker.stop() }
            throw error
        }
    }

    /// Inserts `rows` rows for each of `tenants` in one statement each, every row of a tenant with that tenant's one
    /// requester (after the first row, each costs one request: the import).
    func enqueue(_ tenants: [String], rows: Int, lane: String = "live", prefix: String = "r") async throws {
        try await world.withStore(databaseURL, connections: 2, migrate: false) { store in
            for tenant in tenants {
                let transcript = Workload.transcript(email: "\(tenant)@example.com", attributes: nil)
                try await store.client.query(
                    """
                    INSERT INTO dixa_outbox (tenant, source_key, transcript, lane)
                    SELECT \(tenant), \(prefix) || '-' || \(tenant) || '-' || g, \(transcript)::jsonb, \(lane)
                    FROM generate_series(1, \(rows)) AS g
                    """,
                    logger: world.logger
                )
            }
        }
    }

    /// Starts a `dixa-importer run` process working every tenant, with `/metrics` on a port of its own.
    func startWorker(concurrency: Int, name: String) throws -> FleetWorker {
        let port = try LocalPostgres.freePort()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).log").path
        let environment = [
            "DATABASE_URL": databaseURL, "DIXA_BASE_URL": sandbox.baseURL, "DIXA_SECRETS_KEY_FILE": keyFile, "LOG_LEVEL": "error",
            "LOG_FORMAT": "text",
        ]
        let command = [
            try SiblingProcess.binary("dixa-importer"), "run", "--concurrency", "\(concurrency)", "--metrics-port", "\(port)", "--poll-interval", "1",
        ]
        let pid = try ChildProcess.spawn(command, environment: environment, outputPath: log)
        return FleetWorker(pid: pid, metricsPort: port, logPath: log)
    }
}

/// A `dixa-importer run` process of a scenario.
struct FleetWorker: Sendable {
    let pid: pid_t
    let metricsPort: Int
    let logPath: String

    /// Requests it sent so far, per tenant and status (`dixa_requests_total`).
    func requests() async throws -> [RequestCount] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(metricsPort)/metrics"), timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 26))
        // The last scrape stays next to the log, to see after a run where the time went.
        try? text.write(toFile: logPath + ".metrics", atomically: true, encoding: .utf8)
        return text.split(separator: "\n").compactMap(RequestCount.init)
    }

    /// Waits until `/metrics` answers.
    func waitUntilServing() async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if (try? await requests()) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("dixa-importer run did not serve /metrics within 60 s; its log: \(logPath)")
    }

    var cpuSeconds: Double { ProcessStat(pid: pid).cpuSeconds }
    var rssMB: Double { ProcessStat(pid: pid).rssMB }

    func stop() async {
        kill(pid, SIGTERM)
        _ = await SiblingProcess.exitCode(pid)
    }
}

/// One `dixa_requests_total{tenant=…,endpoint=…,status=…} N` line.
struct RequestCount: Sendable {
    let tenant: String
    let status: String
    let count: Double

    init?(_ line: Substring) {
        guard line.hasPrefix("dixa_requests_total{"), let close = line.lastIndex(of: "}") else { return nil }
        let labels = line[line.index(line.startIndex, offsetBy: "dixa_requests_total{".count)..<close]
        var values: [String: String] = [:]
        for pair in labels.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            values[String(parts[0])] = String(parts[1].dropFirst().dropLast())
        }
        guard let tenant = values["tenant"], let status = values["status"],
            let count = Double(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces))
        else { return nil }
        self.tenant = tenant
        self.status = status
        self.count = count
    }
}

/// Requests and 429s, per tenant, between two scrapes of every worker.
struct RequestWindow: Sendable {
    var requests: [String: Double] = [:]
    var tooManyRequests: [String: Double] = [:]

    static func between(_ before: [[RequestCount]], _ after: [[RequestCount]]) -> RequestWindow {
        var window = RequestWindow()
        for counts in after { window.add(counts, sign: 1) }
        for counts in before { window.add(counts, sign: -1) }
        return window
    }

    private mutating func add(_ counts: [RequestCount], sign: Double) {
        for count in counts {
            requests[count.tenant, default: 0] += sign * count.count
            if count.status == "429" { tooManyRequests[count.tenant, default: 0] += sign * count.count }
        }
    }

    func total(_ tenants: [String]? = nil) -> Double {
        requests.filter { tenants?.contains($0.key) ?? true }.values.reduce(0, +)
    }

    var totalTooManyRequests: Double { tooManyRequests.values.reduce(0, +) }
}

/// CPU and memory of a process, from `/proc`.
struct ProcessStat {
    let pid: pid_t

    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let afterName = stat.range(of: ") ")?.upperBound
        else { return .nan }
        // Fields after the command name start at field 3; utime and stime are fields 14 and 15.
        let fields = stat[afterName...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    var rssMB: Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return .nan }
        return kilobytes / 1024
    }
}
