import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs programs with `posix_spawn` and `waitpid`. Foundation's `Process.waitUntilExit` can wait forever on Linux
/// when called from a Swift concurrency thread, leaving the child a zombie.
public enum ChildProcess {
    /// Starts `command` (path first) with stdin from `inputPath` and stdout and stderr appended to `outputPath`.
    /// `environment` nil inherits this process's environment.
    public static func spawn(_ command: [String], environment: [String: String]? = nil, inputPath: String = "/dev/null", outputPath: String) throws
        -> pid_t
    {
        try spawn(command, environment: environment, input: .path(inputPath), outputPath: outputPath, ownProcessGroup: false)
    }

    /// Where a child's standard input comes from.
    enum Input {
        case path(String)
        /// A descriptor of ours, such as a pipe's read end.
        case descriptor(Int32)
    }

    /// As the public `spawn`; `ownProcessGroup` puts the child in a process group of its own, so that a signal to
    /// ours (a terminal's Ctrl-C, a CI runner killing the job's group) does not reach it.
    static func spawn(_ command: [String], environment: [String: String]?, input: Input, outputPath: String, ownProcessGroup: Bool) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        switch input {
        case .path(let path): posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours leaks into the child: not our sockets (a sandbox's listening port, database
        // connections), not our pipes. A PostgreSQL server started from here would otherwise hold them for its life.
        if let closeFrom = Self.addCloseFrom {
            _ = closeFrom(&actions, 3)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if ownProcessGroup {
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        var pid = pid_t()
        let spawned =
            envp.map { posix_spawn(&pid, command[0], &actions, &attributes, argv, $0) }
            ?? posix_spawn(&pid, command[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw LocalPostgresError("could not start \(command[0]): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run time because the
    /// Glibc module does not export GNU extensions; nil where the C library lacks it.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Waits for `pid` and returns its exit status, or 128 + the signal that ended it.
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs `command` to completion; see `spawn`.
    static func run(_ command: [String], outputPath: String) throws -> Int32 {
        wait(try spawn(command, outputPath: outputPath))
    }
}
