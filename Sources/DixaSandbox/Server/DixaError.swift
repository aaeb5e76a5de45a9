import Foundation
import Hummingbird

/// An error answered the way Dixa answers errors: the status and `{"message": "..."}`.
struct DixaError: HTTPResponseError, CustomStringConvertible {
    let status: HTTPResponse.Status
    let message: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    var description: String { "\(status.code) \(message)" }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        self.response()
    }

    func response() -> Response {
        var response = JSONResponse.make(ErrorBody(message: message), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    private struct ErrorBody: Encodable {
        let message: String
    }

    // Dixa's wording, from the OpenAPI 400/401/404/500 descriptions and examples.
    static let unauthorized = DixaError(.unauthorized, "User is unauthorized to perform an underlying operation")
    static let notFound = DixaError(.notFound, "The requested resource could not be found")
    static let internalError = DixaError(.internalServerError, "There was an internal server error while processing the request")
    static let invalidBody = DixaError(.badRequest, "Invalid value for: body")
    static let tooManyFilters = DixaError(.badRequest, "Invalid filters: Cannot provide more than one filter")
    static let unsupportedChannel = DixaError(.badRequest, "Unsupported ConversationChannel")
    static let requesterDoesNotExist = DixaError(.badRequest, "Requester does not exist")
    static let agentDoesNotExist = DixaError(.badRequest, "Agent does not exist")
    static let invalidMessage = DixaError(.badRequest, "Invalid input for Message")
    static let invalidPatch = DixaError(.badRequest, "Invalid input for patching")
    static let queueDoesNotExist = DixaError(.badRequest, "Queue does not exist")
    static let userNotFound = DixaError(.badRequest, "User not found")
    static let userNotAgent = DixaError(.badRequest, "User is not agent/admin")
    static let webhookValidationFailure = DixaError(.badRequest, "Validation failure during Webhook Subscription creation")

    static func invalidPathParameter(_ name: String) -> DixaError {
        DixaError(.badRequest, "Invalid value for: path parameter \(name)")
    }

    static func invalidQueryParameter(_ name: String) -> DixaError {
        DixaError(.badRequest, "Invalid value for: query parameter \(name)")
    }

    static func tooManyRequests(retryAfterSeconds: Int?) -> DixaError {
        var headers: HTTPFields = [:]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return DixaError(.tooManyRequests, "Too Many Requests", headers: headers)
    }

    /// A Dixa-like message for a status that a fault rule sets without one.
    static func defaultMessage(for status: Int) -> String {
        switch status {
        case 400: return "Invalid value in request"
        case 401: return unauthorized.message
        case 404: return notFound.message
        case 429: return "Too Many Requests"
        case 500...599: return internalError.message
        default: return HTTPResponse.Status(code: status).reasonPhrase
        }
    }

    /// Any error as the response Dixa would give: Dixa errors as they are, Hummingbird's own
    /// (`404` for an unknown route, `413`...) reworded into `{"message": ...}`, anything else a 500.
    static func response(for error: any Error) -> Response {
        switch error {
        case let error as DixaError:
            return error.response()
        case let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed:
            return notFound.response()
        case let error as HTTPError:
            return DixaError(error.status, error.body ?? defaultMessage(for: error.status.code)).response()
        case let error as any HTTPResponseError:
            return DixaError(error.status, defaultMessage(for: error.status.code)).response()
        default:
            return internalError.response()
        }
    }
}
