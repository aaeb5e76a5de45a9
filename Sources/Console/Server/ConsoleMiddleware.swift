import Hummingbird
import Logging

/// Outermost: every response, pages and errors alike, gets the security headers, and every error becomes a page
/// whose text is log-safe (a `ConsoleError`'s message, or a generic one: a database error's text may name internals).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let renderer: ConsoleRenderer
    let readOnly: Bool
    let logger: Logger

    static var headers: HTTPFields {
        [
            .contentSecurityPolicy:
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            HTTPFields.Element.Name("X-Frame-Options")!: "DENY",
            HTTPFields.Element.Name("Referrer-Policy")!: "no-referrer",
            .xContentTypeOptions: "nosniff",
            .cacheControl: "no-store",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = errorResponse(error, request: request)
        }
        for field in Self.headers { response.headers[field.name] = field.value }
        return response
    }

    private func errorResponse(_ error: any Error, request: Request) -> Response {
        let status: HTTPResponse.Status
        let message: String
        switch error {
        case let error as ConsoleError:
            status = Self.status(error.code)
            message = error.message
        case let error as any HTTPResponseError where error.status == .notFound:
            status = .notFound
            message = "no page at \(request.uri.path)"
        case let error as any HTTPResponseError:
            status = error.status
            message = error.status.reasonPhrase
        default:
            logger.error("console request failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: type(of: error)))"])
            status = .internalServerError
            message = "the console could not read the database; the importer's log says why"
        }
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        if let error = error as? ConsoleError, error.code == .unauthenticated {
            headers.append(contentsOf: AuthenticationMiddleware<Context>.challenges)
        }
        let page = ErrorPage(title: "\(status.code) \(status.reasonPhrase)", readOnly: readOnly, status: status.code, message: message)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: renderer.render(page, "error"))))
    }

    static func status(_ code: ConsoleError.Code) -> HTTPResponse.Status {
        switch code {
        case .badRequest, .invalid: .badRequest
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .unauthenticated: .unauthorized
        default: .internalServerError
        }
    }
}

/// Every route needs the configured credentials (HTTP Basic or a bearer token), unless the console runs `--no-auth`
/// on loopback.
struct AuthenticationMiddleware<Context: RequestContext>: RouterMiddleware {
    let authentication: ConsoleAuthentication

    static var challenges: HTTPFields {
        [
            .wwwAuthenticate: #"Basic realm="dixa-importer console", charset="UTF-8""#,
            .wwwAuthenticate: #"Bearer realm="dixa-importer console""#,
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard authentication.accepts(request.headers[.authorization]) else {
            throw ConsoleError(.unauthenticated, "sign in: this console needs the credentials it was started with")
        }
        return try await next(request, context)
    }
}
