import ArgumentParser
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// How log lines are written to standard error.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    /// `2026-11-24T10:00:00+0000 info dixa-importer: key=value message`, for people.
    case text
    /// One JSON object per line, for log collectors.
    case json
}

struct LoggingOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical (default: $LOG_LEVEL or info).")
    var logLevel: Logger.Level?

    @Option(help: "Log lines as text or json (default: text on a terminal, json otherwise, or $LOG_FORMAT).")
    var logFormat: LogFormat?

    /// Sets up logging to standard error and returns the root logger.
    func bootstrap() -> Logger {
        let environment = ProcessInfo.processInfo.environment
        let level = logLevel ?? environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        let format = logFormat ?? environment["LOG_FORMAT"].flatMap { LogFormat(rawValue: $0.lowercased()) } ?? (isatty(2) == 1 ? .text : .json)
        return bootstrapLogging(level: level, format: format)
    }
}

/// Sends every log line to standard error at `level` or above. Call once per process.
func bootstrapLogging(level: Logger.Level, format: LogFormat = .text, label: String = "dixa-importer") -> Logger {
    LoggingSystem.bootstrap { label in
        switch format {
        case .text:
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        case .json:
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }
    return Logger(label: label)
}
