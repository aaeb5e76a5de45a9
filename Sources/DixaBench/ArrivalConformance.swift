import AsyncHTTPClient
import Foundation
import NIOFoundationCompat

/// Whether the requests the sandbox accepted had come within Dixa's limit as they arrived, before its 50–150 ms of
/// answer time (the sandbox's bucket sees them after it). Each organisation's accepted requests are run through a
/// bucket of 10 a second and the given burst in order of arrival; the count is those that bucket would have refused.
/// Refusals with a burst of 4 mean the requests reached the sandbox bunched, more than its bucket forgives.
enum ArrivalConformance {
    private struct Recorded: Decodable {
        let organization: String?
        let receivedAt: String
        let status: Int
    }

    /// Fetches the sandbox's request log and counts, for each burst of `bursts`, the accepted requests a bucket of
    /// `requestsPerSecond` with that burst would have refused on arrival.
    static func refusals(sandboxURL: String, requestsPerSecond: Double = 10, bursts: [Int] = [4, 5, 6]) async throws -> [Int: Int] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: sandboxURL + "/_sandbox/requests"), timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 1 << 31)
        let recorded = try JSONDecoder().decode([Recorded].self, from: Data(buffer: body))
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        // A time on the whole second comes without a fraction.
        let wholeSeconds = ISO8601DateFormatter()
        var arrivals: [String: [Double]] = [:]
        for request in recorded where request.status != 429 {
            guard let organization = request.organization,
                let date = parser.date(from: request.receivedAt) ?? wholeSeconds.date(from: request.receivedAt)
            else { continue }
            arrivals[organization, default: []].append(date.timeIntervalSince1970)
        }
        var refused: [Int: Int] = [:]
        for burst in bursts {
            var count = 0
            for times in arrivals.values {
                let sorted = times.sorted()
                var tokens = Double(burst)
                var last = sorted.first ?? 0
                for time in sorted {
                    // The log keeps milliseconds: a thousandth of a token is the rounding, not a refusal.
                    tokens = min(Double(burst), tokens + (time - last) * requestsPerSecond)
                    last = time
                    if tokens >= 1 - 1e-3 { tokens -= 1 } else { count += 1 }
                }
            }
            refused[burst] = count
        }
        return refused
    }
}
