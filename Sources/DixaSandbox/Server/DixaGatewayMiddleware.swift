import Foundation
import Hummingbird
import Logging

/// Everything that happens to a `/v1` request before its route: the body is collected, the latency is waited, fault
/// rules fire, the token is checked and gives the organisation, the rate limit applies; and afterwards the request is
/// recorded with the status it got and its token's organisation, whatever happened.
struct DixaGatewayMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let directory: OrganizationDirectory
    let recorder: RequestRecorder
    let faults: FaultInjector
    let limiter: RateLimiter
    let latency: ResponseLatency
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/v1" || path.hasPrefix("/v1/") else { return try await next(request, context) }

        let sequence = await recorder.arrival()
        let receivedAt = Timestamp.now().normalized
        let credentials = Credentials(request.headers[.authorization])
        let organization = credentials.flatMap { directory.organization(token: $0.token) }
        var request = request
        var context = context
        let response: Response
        do {
            context.body = try await request.collectBody(upTo: context.maxUploadSize)
            if let milliseconds = await latency.draw() {
                try await Task.sleep(for: .milliseconds(milliseconds))
            }
            response = try await admit(request, context: context, credentials: credentials, organization: organization, next: next)
        } catch {
            response = DixaError.response(for: error)
        }

        await recorder.record(
            SandboxRecordedRequest(
                sequence: sequence,
                method: request.method.rawValue,
                path: path,
                query: request.uri.query,
                body: context.json,
                rawBody: context.bodyText,
                status: Int(response.status.code),
                authorizationScheme: credentials?.scheme,
                receivedAt: receivedAt,
                organization: organization?.name
            )
        )
        // Method, path and status only: queries carry emails and headers carry the token.
        logger.debug("\(request.method) \(path) -> \(response.status.code)")
        return response
    }

    private func admit(
        _ request: Request,
        context: Context,
        credentials: Credentials?,
        organization: Organization?,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let decision = await faults.decide(method: request.method.rawValue, path: request.uri.path)
        if decision.delayMilliseconds > 0 {
            try await Task.sleep(for: .milliseconds(decision.delayMilliseconds))
        }
        if decision.drop == .before {
            try? await context.channel.close()
            throw DixaError(.serviceUnavailable, "connection dropped by a fault rule before handling")
        }
        if let error = decision.error { throw error }

        guard let credentials, let organization else { throw DixaError.unauthorized }
        // Per token, not per organisation: Dixa's budget belongs to the token, and each organisation has its own.
        if let error = await limiter.admit(token: credentials.token) { throw error }

        var context = context
        context.organization = organization
        context.faultPartialErrors = decision.partialErrors
        let response = try await next(request, context)
        if decision.drop == .after {
            // Applied, but the client never hears of it.
            try? await context.channel.close()
        }
        return response
    }
}

/// The token of an `Authorization` header, sent raw (as Dixa documents) or as `Bearer <token>`.
struct Credentials {
    let token: String
    /// `raw` or `bearer`, recorded so tests can tell which form a client sends.
    let scheme: String

    init?(_ header: String?) {
        guard let header else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("bearer ") {
            token = String(trimmed.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            scheme = "bearer"
        } else {
            token = trimmed
            scheme = "raw"
        }
    }
}

/// Renders any error that escapes a route as Dixa's `{"message": ...}`, for `/_sandbox` routes and
/// unknown paths alike.
struct DixaErrorMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return DixaError.response(for: error)
        }
    }
}
