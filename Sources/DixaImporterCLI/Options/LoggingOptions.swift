import ArgumentParser
import Foundation
import Logging

extension Logger.Level: @retroactive ExpressibleByArgument {}

struct LoggingOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical (default: $LOG_LEVEL or info).")
    var logLevel: Logger.Level?

    /// Sets up logging to standard error and returns the root logger.
    func bootstrap() -> Logger {
        let fromEnvironment = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) }
        return bootstrapLogging(level: logLevel ?? fromEnvironment ?? .info)
    }
}

/// Sends every log line to standard error at `level` or above. Call once per process.
func bootstrapLogging(level: Logger.Level, label: String = "dixa-importer") -> Logger {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
    return Logger(label: label)
}
