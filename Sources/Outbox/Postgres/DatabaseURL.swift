import Foundation
import PostgresNIO

/// Parses `DATABASE_URL` (`postgres://user:password@host:port/database?sslmode=…`) into a client
/// configuration. Errors never repeat the URL, because it may hold a password.
public enum DatabaseURL {
    public static func configuration(from text: String, applicationName: String = "dixa-importer") throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw OutboxError(.invalidConfiguration, "DATABASE_URL must look like postgres://user:password@host:5432/database")
        }
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        let database = String(components.path.drop(while: { $0 == "/" }))
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        let password = components.password.flatMap { $0.removingPercentEncoding }
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        default:
            throw OutboxError(.invalidConfiguration, "DATABASE_URL has sslmode=\(sslMode); use disable, prefer or require")
        }
        var configuration = PostgresClient.Configuration(
            host: host,
            port: components.port ?? 5432,
            username: user,
            password: password,
            database: database.isEmpty ? user : database,
            tls: tls
        )
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }
}
