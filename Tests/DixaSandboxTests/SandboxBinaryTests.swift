import DixaSandbox
import Foundation
import Testing

@Suite("dixa-sandbox organisations and latency flags")
struct SandboxBinaryTests {
    @Test("--organizations 3 serves three organisations and prints each one's name, token and bot agent")
    func threeOrganizations() async throws {
        let running = try SandboxBinary.start(["--port", "0", "--organizations", "3", "--log-level", "error"])
        do {
            let lines = try await running.lines(afterListening: 3)
            let url = try #require(lines[0].split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init))
            for number in 1...3 {
                let ids = SandboxOrganizationIDs(number: number)
                let line = lines[number]
                #expect(line.contains("\"\(ids.name)\""), "\(line)")
                #expect(line.contains("token \(ids.token)"), "\(line)")
                #expect(line.contains("bot agent \(ids.botAgentID.dixa)"), "\(line)")
                let client = SandboxClient.remote(url)
                let queues = try await client.send(.GET, "/v1/queues", authorization: ids.token)
                #expect(queues.json["data"]?.arrayValue?.first?["id"] == .string(ids.supportQueueID.dixa))
            }
        } catch {
            Issue.record(error)
        }
        await running.stop()
    }

    @Test("--seed with several organisations, topped up by --organizations, and --latency-ms")
    func seedFileAndLatency() async throws {
        let file = try SeedFile(#"{"organizations":[{},{"name":"Acme","tokens":["acme-token"]}]}"#)
        defer { file.remove() }
        let running = try SandboxBinary.start([
            "--port", "0", "--seed", file.path, "--organizations", "3", "--latency-ms", "120-150", "--log-level", "error",
        ])
        do {
            let lines = try await running.lines(afterListening: 3)
            #expect(lines[2].contains("\"Acme\": token acme-token, bot agent 00000002-0000-4000-8000-0000000000b0"), "\(lines[2])")
            #expect(lines[3].contains("\"Dixa Sandbox 3\": token sandbox-org-3-token"), "\(lines[3])")
            let url = try #require(lines[0].split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init))
            let client = SandboxClient.remote(url)
            let start = ContinuousClock.now
            #expect(try await client.send(.GET, "/v1/queues", authorization: "acme-token").status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(120))
        } catch {
            Issue.record(error)
        }
        await running.stop()
    }

    @Test("--help teaches the organisations and latency flags; bad values are refused")
    func helpAndValidation() async throws {
        let help = try await SandboxBinary.run(["--help"])
        #expect(help.status == 0)
        for text in [
            "--organizations <n>", "--latency-ms <min-max>", "sandbox-org-k-token", "00000002-0000-4000-8000-0000000000b0", "?organization=",
        ] {
            #expect(help.output.contains(text), "\(text)")
        }
        for arguments in [["--organizations", "0"], ["--latency-ms", "150-50"], ["--latency-ms", "fast"]] {
            let refused = try await SandboxBinary.run(["--port", "0"] + arguments)
            #expect(refused.status != 0, "\(arguments)")
        }
    }
}
