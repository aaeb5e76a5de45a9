import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster on a free loopback port, for `demo`, the tests and the benchmark.
///
/// It runs `initdb` and `pg_ctl` from PATH or the usual install folders. Those refuse to run as root,
/// so as root it runs them as the `postgres` user through `runuser`. `stop()` removes everything.
public final class LocalPostgres: Sendable {
    public let host = "127.0.0.1"
    public let port: Int
    public let username = "postgres"
    let directory: URL
    let binaries: URL
    let runAs: String?
    let durable: Bool
    /// The write end of the pipe the watchdog reads (see `watchOurDeath`); -1 until it runs.
    private let watchdogPipe = Mutex<Int32>(-1)

    /// Starts a new cluster; throws with what is missing when PostgreSQL is not installed.
    ///
    /// `durable: false` (tests, `demo`) turns off `fsync`, `synchronous_commit` and `full_page_writes`: nothing here
    /// outlives the process, so flushing to disk would only slow it down. `durable: true` (the benchmark) keeps
    /// PostgreSQL's stock settings, as a production server has them.
    public static func start(durable: Bool = false, logger: Logger) throws -> LocalPostgres {
        let binaries = try findBinaries()
        let runAs = getuid() == 0 ? "postgres" : nil
        var lastError: (any Error)?
        for _ in 0..<3 {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dixa-pg-\(UUID().uuidString.prefix(8))")
            do {
                let server = LocalPostgres(port: try freePort(), directory: directory, binaries: binaries, runAs: runAs, durable: durable)
                // The watchdog first: a process killed while the server starts, or the moment it is ready, leaves
                // nothing behind either.
                try server.watchOurDeath()
                do {
                    try server.initialise()
                    try server.startServer()
                } catch {
                    server.stop()
                    throw error
                }
                logger.debug("started a throwaway PostgreSQL", metadata: ["port": "\(server.port)", "dir": "\(directory.path)"])
                return server
            } catch {
                lastError = error
                try? FileManager.default.removeItem(at: directory)
            }
        }
        throw lastError!
    }

    init(port: Int, directory: URL, binaries: URL, runAs: String?, durable: Bool) {
        self.durable = durable
        self.port = port
        self.directory = directory
        self.binaries = binaries
        self.runAs = runAs
    }

    /// A `postgres://` URL for the database `name` on this cluster.
    public func url(database: String = "postgres") -> String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=disable"
    }

    /// Stops the server at once and deletes its files. Safe to call twice.
    public func stop() {
        _ = try? run(binaries.appendingPathComponent("pg_ctl").path, ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: directory)
        // The watchdog finds nothing left to do.
        let pipe = watchdogPipe.withLock { pipe in
            defer { pipe = -1 }
            return pipe
        }
        if pipe >= 0 { close(pipe) }
    }

    /// How `stopServer` stops it: `fast` as a maintenance restart does (sessions are ended cleanly), `immediate` as a
    /// crash does (no shutdown checkpoint; recovery at the next start).
    public enum StopMode: String, Sendable {
        case fast
        case immediate
    }

    /// Stops the server, keeping its data, as a crash or maintenance restart would.
    public func stopServer(_ mode: StopMode = .fast) throws {
        try run(binaries.appendingPathComponent("pg_ctl").path, ["-D", dataDirectory, "-m", mode.rawValue, "-w", "stop"])
    }

    /// Starts a watchdog that stops the server and deletes its files when this process dies, however it dies: a
    /// SIGKILL, a crash or a CI runner's timeout never runs `stop()`, and `pg_ctl` puts the server in a session of
    /// its own, so it would outlive us. The watchdog reads a pipe that only this process holds open; the kernel closes
    /// it when we die, and the read returns. It runs in a process group of its own, so a signal to ours spares it.
    private func watchOurDeath() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw LocalPostgresError("could not create the watchdog's pipe: \(String(cString: strerror(errno)))") }
        // Not inherited by anything we start later: only our own death may close it.
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        let pgCtl = Self.quoted(binaries.appendingPathComponent("pg_ctl").path)
        let stopServer = (runAs.map { "/usr/sbin/runuser -u \($0) -- " } ?? "") + "\(pgCtl) -D \(Self.quoted(dataDirectory)) -m immediate -w stop"
        // Stopped three times a second apart: when we die during `pg_ctl start`, the server it starts may write its
        // pid file after the first try. The files go last, as `pg_ctl stop` needs them.
        let script = "cat >/dev/null; for try in 1 2 3; do \(stopServer) >/dev/null 2>&1; sleep 1; done; rm -rf \(Self.quoted(directory.path))"
        do {
            let watchdog = try ChildProcess.spawn(
                ["/bin/sh", "-c", script],
                environment: nil,
                input: .descriptor(ends[0]),
                outputPath: "/dev/null",
                ownProcessGroup: true
            )
            // Reaped once it is done, after `stop()`.
            Thread.detachNewThread { _ = ChildProcess.wait(watchdog) }
        } catch {
            close(ends[0])
            close(ends[1])
            throw error
        }
        close(ends[0])
        watchdogPipe.withLock { $0 = ends[1] }
    }

    /// `text` in single quotes for `/bin/sh`.
    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Starts the server again on the same port.
    public func startAgain() throws {
        try startServer()
    }

    private var dataDirectory: String { directory.appendingPathComponent("data").path }

    private func initialise() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let runAs {
            try run("/bin/chown", [runAs, directory.path], asUser: nil)
        }
        try run(
            binaries.appendingPathComponent("initdb").path,
            ["-D", dataDirectory, "-A", "trust", "-U", username, "-E", "UTF8", "--locale=C", "--no-sync"]
        )
    }

    private func startServer() throws {
        let throwaway = ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        let options = (["-p \(port)", "-k \(directory.path)", "-c listen_addresses=\(host)", "-c max_connections=500"] + (durable ? [] : throwaway))
            .joined(separator: " ")
        try run(
            binaries.appendingPathComponent("pg_ctl").path,
            ["-D", dataDirectory, "-o", options, "-l", directory.appendingPathComponent("server.log").path, "-w", "-t", "60", "start"]
        )
    }

    @discardableResult
    private func run(_ executable: String, _ arguments: [String]) throws -> String {
        try run(executable, arguments, asUser: runAs)
    }

    @discardableResult
    private func run(_ executable: String, _ arguments: [String], asUser user: String?) throws -> String {
        let command = user.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] } ?? [executable]
        // A file, not a pipe: the server that pg_ctl starts inherits the descriptors, and a pipe would
        // never reach end-of-file while the server runs.
        let outputPath = directory.appendingPathComponent("tool-\(UUID().uuidString.prefix(8)).out").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let status = try ChildProcess.run(command + arguments, outputPath: outputPath)
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw LocalPostgresError("\((executable as NSString).lastPathComponent) failed (exit \(status)): \(text.suffix(600))")
        }
        return text
    }

    static func findBinaries() throws -> URL {
        var candidates: [String] = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let versioned = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versioned.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        candidates += ["/usr/local/pgsql/bin", "/usr/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin"]
        for folder in candidates {
            let url = URL(fileURLWithPath: folder)
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("initdb").path),
                FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("pg_ctl").path)
            {
                return url.resolvingSymlinksInPath()
            }
        }
        throw LocalPostgresError(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin. "
                + "Install them (Debian: apt-get install postgresql) or set DATABASE_URL to an existing server."
        )
    }

    /// A port the kernel says is free right now on 127.0.0.1.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LocalPostgresError("could not open a socket to find a free port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw LocalPostgresError("could not bind a socket to find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Starting or stopping the throwaway cluster failed; the message says why.
public struct LocalPostgresError: Error, CustomStringConvertible, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
