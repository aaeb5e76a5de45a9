import Foundation
import Hummingbird
import NIOFoundationCompat

extension SandboxRoutes {
    /// `/_sandbox/...`: fault rules, rate limit, inspection and reset. No token needed, nothing recorded.
    func addAdminRoutes(to router: Router<SandboxRequestContext>) {
        router.post("/_sandbox/faults") { request, context in
            let body = try await Self.decode(SandboxFaultRules.self, from: request, context: context)
            if let problem = body.rules.lazy.compactMap(\.problem).first {
                throw DixaError(.badRequest, "Invalid fault rule: \(problem)")
            }
            await faults.replace(with: body.rules)
            return JSONResponse.make(body)
        }

        router.delete("/_sandbox/faults") { _, _ in
            await faults.clear()
            return JSONResponse.noContent()
        }

        router.post("/_sandbox/rate-limit") { request, context in
            let limit = try await Self.decode(SandboxRateLimit.self, from: request, context: context)
            if let problem = limit.problem { throw DixaError(.badRequest, "Invalid rate limit: \(problem)") }
            await limiter.configure(limit)
            return JSONResponse.make(limit)
        }

        router.delete("/_sandbox/rate-limit") { _, _ in
            await limiter.configure(nil)
            return JSONResponse.noContent()
        }

        router.get("/_sandbox/requests") { _, _ in
            JSONResponse.make(await recorder.all())
        }

        router.delete("/_sandbox/requests") { _, _ in
            await recorder.clear()
            return JSONResponse.noContent()
        }

        router.get("/_sandbox/conversations") { _, _ in
            JSONResponse.make(await store.conversationRecords())
        }

        router.get("/_sandbox/endusers") { _, _ in
            JSONResponse.make(await store.allEndUsers())
        }

        router.post("/_sandbox/reset") { _, _ in
            await store.reset()
            await recorder.clear()
            await faults.clear()
            await limiter.configure(initialRateLimit)
            await hub.reset()
            return JSONResponse.noContent()
        }
    }

    /// Decodes an admin body; with `emptyAs`, an absent body means that value.
    static func decode<T: Decodable>(
        _ type: T.Type,
        from request: Request,
        context: SandboxRequestContext,
        emptyAs empty: T? = nil
    ) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        if let empty, buffer.readableBytes == 0 { return empty }
        do {
            return try JSONDecoder().decode(T.self, from: buffer)
        } catch {
            throw DixaError(.badRequest, "Invalid value for: body (\(error))")
        }
    }
}
