import Foundation
import Hummingbird
import NIOFoundationCompat

extension SandboxRoutes {
    /// `/_sandbox/...`: fault rules, rate limit, latency, inspection and reset. No token needed, nothing recorded.
    /// Inspection lists every organisation's items, each naming its organisation; `?organization=NAME` keeps one
    /// organisation's (an unknown name matches nothing).
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

        router.post("/_sandbox/latency") { request, context in
            let body = try await Self.decode(LatencyBody.self, from: request, context: context)
            guard let range = body.range else {
                throw DixaError(.badRequest, "Invalid latency: minMilliseconds must be at least 0 and at most maxMilliseconds")
            }
            await latency.configure(range)
            return JSONResponse.make(body)
        }

        router.delete("/_sandbox/latency") { _, _ in
            await latency.configure(nil)
            return JSONResponse.noContent()
        }

        router.get("/_sandbox/requests") { request, _ in
            JSONResponse.make(Self.filter(await recorder.all(), request) { $0.organization })
        }

        router.delete("/_sandbox/requests") { _, _ in
            await recorder.clear()
            return JSONResponse.noContent()
        }

        router.get("/_sandbox/conversations") { request, _ in
            JSONResponse.make(Self.filter(await store.conversationRecords(), request) { $0.organization })
        }

        router.get("/_sandbox/endusers") { request, _ in
            JSONResponse.make(Self.filter(await store.allEndUsers(), request) { $0.organization })
        }

        router.post("/_sandbox/reset") { _, _ in
            await store.reset()
            await recorder.clear()
            await faults.clear()
            await limiter.configure(initialRateLimit)
            await latency.configure(initialLatency)
            await hub.reset()
            return JSONResponse.noContent()
        }
    }

    /// The items of the organisation named by the request's `organization` query item, or all without one.
    static func filter<Item>(_ items: [Item], _ request: Request, organization: (Item) -> String?) -> [Item] {
        guard let name = QueryItems(request.uri.query)["organization"] else { return items }
        return items.filter { organization($0) == name }
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

/// `{"minMilliseconds": 50, "maxMilliseconds": 150}`.
private struct LatencyBody: Codable {
    var minMilliseconds: Int
    var maxMilliseconds: Int

    /// `nil` when negative or backwards.
    var range: ClosedRange<Int>? {
        guard 0 <= minMilliseconds, minMilliseconds <= maxMilliseconds else { return nil }
        return minMilliseconds...maxMilliseconds
    }
}
