import Console
import Foundation

/// The console's credentials, read from the environment only: a flag's value shows in `ps`.
enum ConsoleOptions {
    static let basicAuthVariable = "DIXA_CONSOLE_BASIC_AUTH"
    static let tokenVariable = "DIXA_CONSOLE_TOKEN"

    /// The settings of `console` and of `run --console-port`, refused without authentication unless on loopback
    /// with `--no-auth`.
    static func settings(
        host: String,
        port: Int,
        noAuth: Bool,
        readOnly: Bool,
        defaultRateLimit: Double = 10,
        portFlag: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ConsoleSettings {
        let authentication = try ConsoleAuthentication(
            basic: environment[basicAuthVariable],
            token: environment[tokenVariable],
            noAuth: noAuth
        )
        return try ConsoleSettings(
            host: host,
            port: port,
            authentication: authentication,
            readOnly: readOnly,
            defaultRateLimit: defaultRateLimit,
            name: portFlag
        )
    }
}
