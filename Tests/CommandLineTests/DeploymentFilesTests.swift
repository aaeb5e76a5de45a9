import DixaSandbox
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

// Docker and systemd do not run here, so these tests check the deployment files' structure instead: every command
// they start is a real `dixa-importer` subcommand with flags its --help lists, every variable they set is one the
// README documents, the token only ever comes from a file, and the timeouts leave room for a graceful shutdown.

@Suite("Deployment files: jobs/ (cron, wrapper, systemd) and the Dockerfile")
struct DeploymentFilesTests {
    // MARK: every file

    @Test("every deployment file says at its top what to change for a real deployment")
    func whatToChange() throws {
        let files = try Deployment.deploymentFiles()
        #expect(files.count >= 11, "expected the jobs/ files, the systemd units and the Docker files, found \(files)")
        for file in files where !Deployment.dataFiles.keys.contains(file) {
            let header = try Deployment.leadingComment(of: file)
            #expect(header.lowercased().contains("for a real deployment, change"), "\(file) lacks the \"for a real deployment, change\" comment")
        }
    }

    @Test("no deployment file assigns DIXA_API_TOKEN (the token itself); only DIXA_API_TOKEN_FILE")
    func noTokenValues() throws {
        #expect(Deployment.assignsToken("Environment=DIXA_API_TOKEN=abc"))
        #expect(Deployment.assignsToken("      DIXA_API_TOKEN: abc"))
        #expect(!Deployment.assignsToken("Environment=DIXA_API_TOKEN_FILE=%d/dixa-token"))
        #expect(!Deployment.assignsToken(#"if [[ -z "${DIXA_API_TOKEN:-}" ]]"#))
        for file in try Deployment.deploymentFiles() {
            for (number, line) in try Deployment.text(file).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                #expect(!Deployment.assignsToken(String(line)), "\(file):\(number + 1) sets DIXA_API_TOKEN; use a token file")
            }
        }
    }

    @Test("the sandbox's token file holds the sandbox's public token and nothing else")
    func sandboxTokenFile() throws {
        for file in Deployment.dataFiles.keys {
            #expect(try Deployment.text(file).trimmingCharacters(in: .whitespacesAndNewlines) == SandboxSeed.standardToken)
        }
    }

    @Test("every dixa-importer invocation in jobs/ uses a real subcommand and flags that --help lists")
    func invocationsAreReal() async throws {
        let invocations = try Deployment.jobInvocations()
        let counts = Dictionary(grouping: invocations, by: \.file).mapValues(\.count)
        #expect(counts["jobs/crontab", default: 0] >= 2, "the crontab should show a plain and a flock line")
        #expect(counts["jobs/dixa-importer-cron", default: 0] >= 1)
        for unit in ["dixa-importer.service", "dixa-importer-drain.service", "dixa-importer-migrate.service"] {
            #expect(counts["jobs/systemd/\(unit)"] == 1, "\(unit) should start dixa-importer once")
        }
        for invocation in invocations {
            try await ImporterHelp.expectValid(invocation)
        }
    }

    @Test("the invocation check itself rejects an unknown subcommand or flag")
    func invocationCheckCanFail() async throws {
        #expect(try await ImporterHelp.problems(Invocation(file: "x", line: 1, subcommand: "bogus", arguments: [])).count == 1)
        #expect(try await ImporterHelp.problems(Invocation(file: "x", line: 1, subcommand: "drain", arguments: ["--max-minutes", "4"])).count == 1)
        #expect(try await ImporterHelp.problems(Invocation(file: "x", line: 1, subcommand: "drain", arguments: ["--max-duration=240"])).isEmpty)
        let parsed = Deployment.invocations(inLine: "ExecStart=/usr/local/bin/dixa-importer run --poll-interval 5 >>log", file: "x", number: 1)
        #expect(parsed.map(\.subcommand) == ["run"] && parsed.first?.arguments == ["--poll-interval", "5"])
    }

    // MARK: cron

    @Test("the crontab runs the wrapper with drain --max-duration shorter than its interval, appends to a log, shows flock -n")
    func crontab() throws {
        let jobs = try Deployment.cronJobs()
        #expect(jobs.count >= 2)
        #expect(jobs.contains { !$0.commented }, "one job line should be active")
        #expect(jobs.contains { $0.tokens.contains("flock") && $0.tokens.contains("-n") }, "one job line should show flock -n")
        for job in jobs {
            let interval = try #require(job.intervalSeconds, "line \(job.line): cannot work out the interval of \(job.schedule)")
            let invocation = try #require(
                Deployment.invocations(in: job.tokens, file: "jobs/crontab", number: job.line).first,
                "line \(job.line) does not run the wrapper"
            )
            #expect(invocation.subcommand == "drain")
            let maxDuration = try #require(invocation.value(of: "--max-duration").flatMap(Double.init), "line \(job.line) lacks --max-duration")
            #expect(maxDuration < interval, "line \(job.line): --max-duration \(maxDuration) s is not shorter than the \(interval) s interval")
            #expect(job.tokens.contains { $0.hasPrefix(">>") }, "line \(job.line) should append to a log")
            let wrapper = try #require(job.tokens.first { $0.hasSuffix("/dixa-importer-cron") })
            #expect(Deployment.isExecutable("jobs/\(URL(fileURLWithPath: wrapper).lastPathComponent)"))
        }
        #expect(Deployment.intervalSeconds(minuteField: "*/5") == 300)
        #expect(Deployment.intervalSeconds(minuteField: "0,20,40") == 1200)
        #expect(Deployment.intervalSeconds(minuteField: "7") == 3600)
    }

    @Test("the wrapper is executable, bash -n clean, strict, and reads /etc/dixa-importer/env by default")
    func wrapperIsSound() async throws {
        let path = "jobs/dixa-importer-cron"
        #expect(Deployment.isExecutable(path))
        let syntax = try await Deployment.run("bash", ["-n", Deployment.url(path).path])
        #expect(syntax.status == 0, "bash -n: \(syntax.output)")
        let lines = try Deployment.text(path).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.first == "#!/usr/bin/env bash")
        #expect(lines.contains("set -euo pipefail"))
        #expect(lines.contains(#"env_file="${DIXA_IMPORTER_ENV_FILE:-/etc/dixa-importer/env}""#))
    }

    @Test("the wrapper keeps drain's exit code and explains every non-zero one", arguments: [0, 1, 2, 3, 130, 7] as [Int32])
    func wrapperExitCodes(code: Int32) async throws {
        let fake = try FakeImporter()
        defer { fake.remove() }
        try fake.writeEnvironment("DATABASE_URL=postgres://u:p@db/x?sslmode=require\n")
        let result = try await fake.runWrapper(["--max-duration", "240"], exitCode: code)
        #expect(result.status == code)
        #expect(result.stdout.contains("args:drain --max-duration 240"))
        if code == 0 {
            #expect(result.stderr.isEmpty)
        } else {
            #expect(result.stderr.hasPrefix("dixa-importer-cron: ") && result.stderr.contains("\(code)"), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line of explanation, got: \(result.stderr)")
        }
        if code == 3 {
            #expect(result.stderr.contains("configuration halt (exit 3): see the message above; fix the setting it names"))
        }
    }

    @Test("the wrapper reads KEY=VALUE lines literally (no shell), exports them, and defaults the token file")
    func wrapperEnvironmentFile() async throws {
        let fake = try FakeImporter()
        defer { fake.remove() }
        try fake.writeEnvironment(
            """
            # a comment

              export LOG_LEVEL=debug
            DATABASE_URL=postgres://u:p@db:5432/x?sslmode=require&application_name=$HOME
            DIXA_BASE_URL="http://127.0.0.1:8089"
            DIXA_AGENT_ID='00000000-0000-4000-8000-0000000000b0'
            """
        )
        let result = try await fake.runWrapper([])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("DATABASE_URL=postgres://u:p@db:5432/x?sslmode=require&application_name=$HOME\n"))
        #expect(result.stdout.contains("DIXA_BASE_URL=http://127.0.0.1:8089\n"))
        #expect(result.stdout.contains("DIXA_AGENT_ID=00000000-0000-4000-8000-0000000000b0\n"))
        #expect(result.stdout.contains("LOG_LEVEL=debug\n"))
        #expect(result.stdout.contains("DIXA_API_TOKEN_FILE=/etc/dixa-importer/dixa-token\n"))

        try fake.writeEnvironment("this is not an assignment\n")
        let refused = try await fake.runWrapper([])
        #expect(refused.status == 1 && refused.stderr.contains("line 1 is not KEY=VALUE") && !refused.stdout.contains("args:"))
    }

    @Test("the wrapper stops with exit 1 and says so when the environment file is missing")
    func wrapperWithoutEnvironmentFile() async throws {
        let fake = try FakeImporter()
        defer { fake.remove() }
        let result = try await fake.runWrapper([])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot read the environment file \(fake.environmentFile.path)"))
        #expect(!result.stdout.contains("args:"), "drain must not run without its environment")
    }

    @Test("jobs/env.example is KEY=VALUE, sets only documented variables, a token file and no token, and the wrapper reads it")
    func environmentExample() async throws {
        let documented = try Deployment.documentedVariables()
        let assignments = try Deployment.environmentFile("jobs/env.example")
        #expect(!assignments.isEmpty)
        for (key, _) in assignments {
            #expect(documented.contains(key), "env.example sets \(key), which the README does not document")
            #expect(key != "DIXA_API_TOKEN")
        }
        #expect(Set(assignments.map(\.key)).isSuperset(of: ["DATABASE_URL", "DIXA_AGENT_ID"]))
        #expect(try Deployment.text("jobs/env.example").contains("DIXA_API_TOKEN_FILE="))

        let fake = try FakeImporter()
        defer { fake.remove() }
        let result = try await fake.runWrapper([], environmentFile: Deployment.url("jobs/env.example"))
        let databaseURL = try #require(assignments.first { $0.key == "DATABASE_URL" }?.value)
        #expect(result.status == 0 && result.stdout.contains("DATABASE_URL=\(databaseURL)\n"), "\(result.output)")
    }

    @Test("through the wrapper, the real drain's configuration halt exits 3 with what to fix, then 0 once fixed")
    func wrapperWithRealDrain() async throws {
        try await TestEnvironment.with { env in
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cron-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let tokenFile = scratch.appendingPathComponent("token")
            try "\(TestEnvironment.token)\n".write(to: tokenFile, atomically: true, encoding: .utf8)
            let environmentFile = scratch.appendingPathComponent("env")
            func writeEnvironment(agent: UUID) throws {
                let lines = [
                    "DATABASE_URL=\(env.databaseURL)", "DIXA_BASE_URL=\(env.baseURL)", "DIXA_AGENT_ID=\(agent.uuidString)",
                    "DIXA_API_TOKEN_FILE=\(tokenFile.path)",
                ]
                try lines.joined(separator: "\n").write(to: environmentFile, atomically: true, encoding: .utf8)
            }
            let line = #"{"sourceKey":"cron-row","transcript":\#(Transcripts.simple())}"#
            let enqueued = try await CommandRunner.run(["enqueue"], environment: ["DATABASE_URL": env.databaseURL], input: line)
            #expect(enqueued.status == 0)
            let wrapperEnvironment = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                "DIXA_IMPORTER_ENV_FILE": environmentFile.path,
                "DIXA_IMPORTER_PATH": URL(fileURLWithPath: CommandRunner.binary).deletingLastPathComponent().path + ":/usr/bin:/bin",
            ]
            let wrapper = Deployment.url("jobs/dixa-importer-cron").path

            try writeEnvironment(agent: UUID())
            let halted = try await Deployment.run(wrapper, ["--retry-base", "0.01", "--retry-max", "0.01"], environment: wrapperEnvironment)
            #expect(halted.status == 3)
            #expect(halted.stderr.contains("DIXA_AGENT_ID"))
            #expect(halted.stderr.contains("dixa-importer-cron: configuration halt (exit 3)"))

            try writeEnvironment(agent: SandboxSeed.botAgentID)
            let fixed = try await Deployment.run(wrapper, ["--max-duration", "60"], environment: wrapperEnvironment)
            #expect(fixed.status == 0, "\(fixed.output)")
            #expect(fixed.output.contains("drain: imported 1"))
            #expect(!halted.output.contains(TestEnvironment.token) && !fixed.output.contains(TestEnvironment.token))
            #expect(await env.sandbox.conversations().map(\.externalId) == ["cron-row"])
        }
    }

    // MARK: systemd

    @Test("the worker unit: run, Restart=on-failure, SIGTERM, TimeoutStopSec above the grace, credential token, hardening")
    func workerUnit() async throws {
        let unit = try UnitFile("jobs/systemd/dixa-importer.service")
        let invocation = try #require(Deployment.invocations(in: unit.values("Service", "ExecStart").joined(separator: "\n"), file: unit.path).first)
        #expect(invocation.subcommand == "run")
        #expect(unit.value("Service", "Restart") == "on-failure")
        #expect(unit.value("Service", "KillSignal") == "SIGTERM")
        try await Self.expectStopTimeout(unit, invocation)
        Self.expectTokenCredential(unit)
        Self.expectHardening(unit)
        #expect(unit.words("Unit", "After").contains("dixa-importer-migrate.service"))
        #expect(unit.words("Unit", "Requires").contains("dixa-importer-migrate.service"))
        #expect(unit.value("Install", "WantedBy") == "multi-user.target")
    }

    @Test("the drain unit and timer: oneshot drain, --max-duration below the timer interval, TimeoutStopSec above the grace")
    func drainUnitAndTimer() async throws {
        let unit = try UnitFile("jobs/systemd/dixa-importer-drain.service")
        let timer = try UnitFile("jobs/systemd/dixa-importer-drain.timer")
        let invocation = try #require(Deployment.invocations(in: unit.values("Service", "ExecStart").joined(separator: "\n"), file: unit.path).first)
        #expect(invocation.subcommand == "drain")
        #expect(unit.value("Service", "Type") == "oneshot")
        #expect(unit.value("Service", "KillSignal") == "SIGTERM")
        try await Self.expectStopTimeout(unit, invocation)
        Self.expectTokenCredential(unit)
        Self.expectHardening(unit)
        #expect(unit.words("Unit", "After").contains("dixa-importer-migrate.service"))
        #expect((timer.value("Timer", "Unit") ?? "dixa-importer-drain.service") == "dixa-importer-drain.service")
        #expect(timer.value("Install", "WantedBy") == "timers.target")
        let interval = try #require(timer.value("Timer", "OnUnitActiveSec").flatMap(Deployment.seconds), "the timer needs OnUnitActiveSec")
        let maxDuration = try #require(invocation.value(of: "--max-duration").flatMap(Double.init), "the drain unit needs --max-duration")
        #expect(maxDuration < interval, "--max-duration \(maxDuration) s is not shorter than the timer's \(interval) s")
        if let startTimeout = unit.value("Service", "TimeoutStartSec").flatMap(Deployment.seconds) {
            #expect(startTimeout > maxDuration)
        }
    }

    @Test("the migrate unit: oneshot migrate, ordered before the worker, needs no token")
    func migrateUnit() throws {
        let unit = try UnitFile("jobs/systemd/dixa-importer-migrate.service")
        let invocation = try #require(Deployment.invocations(in: unit.values("Service", "ExecStart").joined(separator: "\n"), file: unit.path).first)
        #expect(invocation.subcommand == "migrate")
        #expect(unit.value("Service", "Type") == "oneshot")
        #expect(unit.values("Service", "LoadCredential").isEmpty)
        #expect(!unit.values("Service", "EnvironmentFile").isEmpty)
        Self.expectHardening(unit)
    }

    @Test("every variable the units set is documented in the README", arguments: Deployment.unitFiles)
    func unitVariables(path: String) throws {
        let documented = try Deployment.documentedVariables()
        let unit = try UnitFile(path)
        for assignment in unit.values("Service", "Environment").flatMap({ $0.split(separator: " ") }) {
            let key = String(assignment.prefix { $0 != "=" })
            #expect(documented.contains(key), "\(path) sets \(key), which the README does not document")
        }
    }

    @Test("the duration and unit-file parsers read what systemd and compose write")
    func parsers() throws {
        #expect(Deployment.seconds("40s") == 40)
        #expect(Deployment.seconds("5min") == 300)
        #expect(Deployment.seconds("1m30s") == 90)
        #expect(Deployment.seconds("1min 30s") == 90)
        #expect(Deployment.seconds("25") == 25)
        #expect(Deployment.seconds("soon") == nil)
        let unit = UnitFile(path: "x", text: "[Service]\n# Restart=no\nRestart=on-failure\nEnvironment=A=1\nEnvironment=B=2\n")
        #expect(unit.value("Service", "Restart") == "on-failure")
        #expect(unit.values("Service", "Environment") == ["A=1", "B=2"])
    }

    static func expectStopTimeout(_ unit: UnitFile, _ invocation: Invocation) async throws {
        let grace = try await ImporterHelp.shutdownGrace(invocation)
        let stop = try #require(unit.value("Service", "TimeoutStopSec").flatMap(Deployment.seconds), "\(unit.path) needs TimeoutStopSec")
        #expect(stop > grace, "\(unit.path): TimeoutStopSec \(stop) s must exceed the \(grace) s shutdown grace")
    }

    static func expectTokenCredential(_ unit: UnitFile) {
        #expect(!unit.values("Service", "EnvironmentFile").isEmpty, "\(unit.path) needs EnvironmentFile=")
        let credential = unit.value("Service", "LoadCredential") ?? ""
        let name = String(credential.prefix { $0 != ":" })
        #expect(!name.isEmpty && credential.count > name.count + 1, "\(unit.path): LoadCredential=NAME:PATH")
        let environment = unit.values("Service", "Environment").flatMap { $0.split(separator: " ").map(String.init) }
        #expect(environment.contains("DIXA_API_TOKEN_FILE=%d/\(name)"), "\(unit.path) should point DIXA_API_TOKEN_FILE at the credential")
    }

    static func expectHardening(_ unit: UnitFile) {
        for (key, value) in [("DynamicUser", "yes"), ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict")] {
            #expect(unit.value("Service", key) == value, "\(unit.path): \(key)=\(value)")
        }
    }

    // MARK: Dockerfile

    @Test("the Dockerfile builds the package's executables in release on CI's toolchain and runs as non-root")
    func dockerfile() async throws {
        let dockerfile = try Dockerfile()
        let stages = dockerfile.stages
        #expect(stages.count >= 2, "multi-stage")
        let buildImage = try #require(stages.first?.image)
        let buildVersion = try #require(buildImage.firstMatch(of: #/^swift:(\d+\.\d+(?:\.\d+)?)-bookworm$/#)?.1, "\(buildImage)")
        let toolchain = try await Deployment.run("swift", ["--version"])
        let localVersion = try #require(toolchain.output.firstMatch(of: #/Swift version (\d+\.\d+(?:\.\d+)?)/#)?.1)
        #expect(buildVersion == localVersion, "the Dockerfile builds with Swift \(buildVersion), CI with \(localVersion)")

        let packageText = try Deployment.text("Package.swift")
        let executables = Set(packageText.matches(of: #/\.executable\(name: "([^"]+)"/#).map { String($0.1) })
        let builds = stages.first?.runs.flatMap { $0.matches(of: #/swift build ([^&;]*)/#).map { String($0.1) } } ?? []
        let products = builds.compactMap { $0.firstMatch(of: #/--product ([\w-]+)/#).map { String($0.1) } }
        #expect(!executables.isEmpty && Set(products) == executables, "builds \(products), the package declares \(executables)")
        for build in builds where build.contains("--product") {
            #expect(build.contains("-c release"), "swift build \(build)")
        }

        let final = try #require(stages.last)
        #expect(final.image.contains("slim"), "the final stage should be slim, not \(final.image)")
        let user = try #require(final.instructions.last { $0.keyword == "USER" }?.argument, "the final stage sets no USER")
        #expect(!["root", "0", "0:0", "root:root"].contains(user), "runs as \(user)")
        #expect(try final.json("ENTRYPOINT") == ["dixa-importer"])
        let command = try #require(try final.json("CMD"))
        let invocation = Invocation(file: "Dockerfile", line: 0, subcommand: command.first ?? "", arguments: Array(command.dropFirst()))
        #expect(invocation.subcommand == "run")
        try await ImporterHelp.expectValid(invocation)
        for instruction in dockerfile.instructions where ["ENV", "ARG"].contains(instruction.keyword) {
            #expect(!instruction.argument.contains("DIXA_API_TOKEN"), "the token must not be baked into the image: \(instruction.argument)")
        }
    }

    @Test("what the Dockerfile copies from the context exists and .dockerignore does not exclude it")
    func dockerContext() throws {
        let dockerfile = try Dockerfile()
        let ignored = try Deployment.dockerIgnorePatterns()
        #expect(ignored.contains(".build") && ignored.contains(".git"))
        let sources = dockerfile.instructions.filter { $0.keyword == "COPY" && !$0.argument.hasPrefix("--from") }
            .flatMap { $0.argument.split(separator: " ").dropLast().map(String.init) }
        #expect(sources.contains("Sources") && sources.contains("sql"))
        for source in sources {
            var exists = FileManager.default.fileExists(atPath: Deployment.url(source).path)
            if source.contains("*") {
                exists = try FileManager.default.contentsOfDirectory(atPath: Deployment.root.path).contains { fnmatch(source, $0, 0) == 0 }
            }
            #expect(exists, "the Dockerfile copies \(source), which does not exist")
            #expect(!ignored.contains { fnmatch($0, source, 0) == 0 }, ".dockerignore excludes \(source), which the Dockerfile copies")
        }
    }
}

@Suite(
    "Deployment files: docker-compose.yml",
    .enabled(if: Deployment.canParseYAML, "python3 with PyYAML is needed to parse docker-compose.yml")
)
struct ComposeFileTests {
    @Test("the four services exist; postgres is a recent official image with a named volume and a healthcheck")
    func services() throws {
        let compose = try Compose("docker-compose.yml")
        #expect(Set(compose.services.keys).isSuperset(of: ["postgres", "migrate", "worker", "sandbox"]))
        let postgres = compose.service("postgres")
        let image = postgres["image"] as? String ?? ""
        let major = image.firstMatch(of: #/^postgres:(\d+)/#).flatMap { Int($0.1) } ?? 0
        #expect(major >= 16, "postgres image \(image)")
        let volumes = (postgres["volumes"] as? [Any] ?? []).compactMap { $0 as? String }.map { String($0.prefix { $0 != ":" }) }
        let named = Set((compose.root["volumes"] as? [String: Any] ?? [:]).keys)
        #expect(volumes.contains { named.contains($0) }, "postgres should keep its data in a named volume")
        let healthcheck = (postgres["healthcheck"] as? [String: Any])?["test"] as? [Any] ?? []
        #expect(!healthcheck.isEmpty, "postgres needs a healthcheck, for migrate's depends_on")
    }

    @Test("migrate runs `migrate` once postgres is healthy, with documented variables and no token")
    func migrate() async throws {
        let compose = try Compose("docker-compose.yml")
        let migrate = compose.service("migrate")
        let invocation = compose.invocation("migrate")
        #expect(invocation.subcommand == "migrate")
        try await ImporterHelp.expectValid(invocation)
        #expect(compose.condition("migrate", on: "postgres") == "service_healthy")
        let environment = compose.environment("migrate")
        #expect(environment["DATABASE_URL"] != nil)
        try Self.expectDocumented(environment, "migrate")
        #expect(!environment.keys.contains { $0.hasPrefix("DIXA_API_TOKEN") } && migrate["secrets"] == nil, "migrate needs no token")
    }

    @Test("worker runs `run --metrics-port 9090` after migrate completed, with the token only from a secret file")
    func worker() async throws {
        let compose = try Compose("docker-compose.yml")
        let worker = compose.service("worker")
        let invocation = compose.invocation("worker")
        #expect(invocation.subcommand == "run")
        #expect(invocation.value(of: "--metrics-port") == "9090")
        try await ImporterHelp.expectValid(invocation)
        #expect(compose.condition("worker", on: "migrate") == "service_completed_successfully")
        let environment = compose.environment("worker")
        try Self.expectDocumented(environment, "worker")
        let secrets = (worker["secrets"] as? [Any] ?? []).compactMap { ($0 as? String) ?? (($0 as? [String: Any])?["source"] as? String) }
        let secret = try #require(secrets.first, "worker has no secret")
        #expect(environment["DIXA_API_TOKEN_FILE"] == "/run/secrets/\(secret)")
        let file = try #require(((compose.root["secrets"] as? [String: Any])?[secret] as? [String: Any])?["file"] as? String)
        let directory = file.split(separator: "/").first { $0 != "." }.map(String.init) ?? ""
        #expect(try Deployment.dockerIgnorePatterns().contains(directory), "\(file) must stay out of the Docker build context")
        let grace = try await ImporterHelp.shutdownGrace(invocation)
        let stop = try #require((worker["stop_grace_period"] as? String).flatMap(Deployment.seconds), "worker needs stop_grace_period")
        #expect(stop > grace, "stop_grace_period \(stop) s must exceed the \(grace) s shutdown grace")
    }

    @Test("no service gets DIXA_API_TOKEN as a value, in either compose file")
    func noTokenInCompose() throws {
        for path in ["docker-compose.yml", "docker-compose.sandbox.yml"] {
            let compose = try Compose(path)
            for name in compose.services.keys {
                #expect(compose.environment(name)["DIXA_API_TOKEN"] == nil, "\(path): \(name) sets DIXA_API_TOKEN")
            }
        }
    }

    @Test("sandbox is under a profile and runs dixa-sandbox with flags its --help lists")
    func sandbox() async throws {
        let compose = try Compose("docker-compose.yml")
        let sandbox = compose.service("sandbox")
        #expect(!(sandbox["profiles"] as? [Any] ?? []).isEmpty, "sandbox must only start with its profile")
        #expect(sandbox["entrypoint"] as? [String] == ["dixa-sandbox"])
        let arguments = compose.command("sandbox")
        #expect(Invocation(file: "", line: 0, subcommand: "", arguments: arguments).value(of: "--host") == "0.0.0.0")
        let binary = URL(fileURLWithPath: CommandRunner.binary).deletingLastPathComponent().appendingPathComponent("dixa-sandbox").path
        let help = try await Deployment.run(binary, ["--help"])
        #expect(help.status == 0)
        let flags = ImporterHelp.flags(in: help.stdout)
        #expect(flags.contains("--port"))
        for flag in arguments where flag.hasPrefix("--") {
            #expect(flags.contains(String(flag.prefix { $0 != "=" })), "dixa-sandbox has no \(flag)")
        }
    }

    @Test("the sandbox override points the worker at the sandbox with its bot agent and public token")
    func sandboxOverride() throws {
        let base = try Compose("docker-compose.yml")
        let override = try Compose("docker-compose.sandbox.yml")
        let port = Invocation(file: "", line: 0, subcommand: "", arguments: base.command("sandbox")).value(of: "--port") ?? "8089"
        let environment = override.environment("worker")
        #expect(environment["DIXA_BASE_URL"] == "http://sandbox:\(port)")
        #expect(environment["DIXA_AGENT_ID"]?.lowercased() == SandboxSeed.botAgentID.uuidString.lowercased())
        try Self.expectDocumented(environment, "worker (override)")
        #expect(override.condition("worker", on: "sandbox") != nil)
        let file = try #require(((override.root["secrets"] as? [String: Any])?["dixa_token"] as? [String: Any])?["file"] as? String)
        #expect(try Deployment.text(file).trimmingCharacters(in: .whitespacesAndNewlines) == SandboxSeed.standardToken)
    }

    static func expectDocumented(_ environment: [String: String], _ service: String) throws {
        let documented = try Deployment.documentedVariables()
        #expect(documented.isSuperset(of: ["DATABASE_URL", "DIXA_API_TOKEN_FILE", "DIXA_AGENT_ID"]), "README table not found")
        for key in environment.keys {
            #expect(documented.contains(key), "\(service) sets \(key), which the README does not document")
        }
    }
}

// MARK: - Support

/// One `dixa-importer SUBCOMMAND ARGUMENTS…` found in a deployment file.
struct Invocation: Sendable, CustomStringConvertible {
    let file: String
    let line: Int
    let subcommand: String
    let arguments: [String]

    var description: String { "\(file):\(line): dixa-importer \(subcommand) \(arguments.joined(separator: " "))" }

    /// The flags, without any `=value`.
    var flags: [String] { arguments.filter { $0.hasPrefix("--") }.map { String($0.prefix { $0 != "=" }) } }

    /// The value of `--flag value` or `--flag=value`.
    func value(of flag: String) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument.hasPrefix(flag + "=") { return String(argument.dropFirst(flag.count + 1)) }
            if argument == flag, index + 1 < arguments.count { return arguments[index + 1] }
        }
        return nil
    }
}

/// What the built binary's --help says, so the files are checked against the real commands.
enum ImporterHelp {
    static func text(_ subcommand: String?) async throws -> String {
        let result = try await CommandRunner.run((subcommand.map { [$0] } ?? []) + ["--help"])
        guard result.status == 0 else { throw TestFailure("dixa-importer \(subcommand ?? "") --help exited \(result.status)") }
        return result.output
    }

    static func subcommands() async throws -> Set<String> {
        let help = try await text(nil)
        guard let section = help.range(of: "SUBCOMMANDS:") else { throw TestFailure("no SUBCOMMANDS in --help") }
        return Set(
            help[section.upperBound...].split(separator: "\n").compactMap { $0.firstMatch(of: #/^  ([a-z][a-z-]*)(\s|$)/#).map { String($0.1) } }
        )
    }

    /// The flags an --help text lists in its OPTIONS (each at the start of its own line).
    static func flags(in help: String) -> Set<String> {
        Set(help.split(separator: "\n").compactMap { $0.firstMatch(of: #/^  (?:-[a-zA-Z], )?(--[a-z0-9][a-z0-9-]*)/#).map { String($0.1) } })
    }

    static func problems(_ invocation: Invocation) async throws -> [String] {
        guard try await subcommands().contains(invocation.subcommand) else {
            return ["\(invocation): \(invocation.subcommand) is not a dixa-importer subcommand"]
        }
        let flags = flags(in: try await text(invocation.subcommand))
        return invocation.flags.filter { !flags.contains($0) }.map { "\(invocation): `\(invocation.subcommand) --help` does not list \($0)" }
    }

    static func expectValid(_ invocation: Invocation) async throws {
        let found = try await problems(invocation)
        #expect(found.isEmpty, "\(found.joined(separator: "; "))")
    }

    /// The --shutdown-grace the invocation passes, else the default its --help states.
    static func shutdownGrace(_ invocation: Invocation) async throws -> Double {
        if let value = invocation.value(of: "--shutdown-grace"), let grace = Double(value) { return grace }
        let help = try await text(invocation.subcommand)
        let match = help.firstMatch(of: #/--shutdown-grace <shutdown-grace>[\s\S]*?\(default: ([0-9.]+)\)/#)
        guard let grace = match.flatMap({ Double($0.1) }) else { throw TestFailure("no --shutdown-grace default in \(invocation.subcommand) --help") }
        return grace
    }
}

enum Deployment {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let unitFiles = [
        "jobs/systemd/dixa-importer.service", "jobs/systemd/dixa-importer-drain.service", "jobs/systemd/dixa-importer-migrate.service",
        "jobs/systemd/dixa-importer-drain.timer",
    ]

    /// Files that are data, not configuration, and so cannot carry a comment: the reason why.
    static let dataFiles = ["jobs/sandbox-token.txt": "the sandbox's public token, read whole as the token"]

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    static func text(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }

    static func isExecutable(_ path: String) -> Bool {
        let permissions = (try? FileManager.default.attributesOfItem(atPath: url(path).path))?[.posixPermissions] as? Int ?? 0
        return permissions & 0o111 == 0o111
    }

    /// jobs/ (all of it) and the Docker files.
    static func deploymentFiles() throws -> [String] {
        var files = ["Dockerfile", "docker-compose.yml", "docker-compose.sandbox.yml", ".dockerignore"]
        let jobs = url("jobs")
        guard let walker = FileManager.default.enumerator(at: jobs, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw TestFailure("no jobs/ folder")
        }
        for case let file as URL in walker where (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            files.append("jobs" + file.path.dropFirst(jobs.path.count))
        }
        return files.sorted()
    }

    /// The comment lines a file starts with (a shebang or `# syntax=` line included).
    static func leadingComment(of path: String) throws -> String {
        try text(path).split(separator: "\n").prefix { $0.hasPrefix("#") }.joined(separator: "\n")
    }

    /// Whether a line gives DIXA_API_TOKEN a value (in any of the files' syntaxes), rather than a token file.
    static func assignsToken(_ line: String) -> Bool {
        line.contains(#/(^|[\s="'-])DIXA_API_TOKEN\s*[:=]/#)
    }

    /// The variables the README's Configuration table documents.
    static func documentedVariables() throws -> Set<String> {
        let readme = try text("README.md")
        guard let start = readme.range(of: "\n## Configuration") else { throw TestFailure("README has no Configuration section") }
        let section = String(readme[start.upperBound...]).components(separatedBy: "\n## ").first ?? ""
        var names = Set<String>()
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(2).prefix { $0 != "|" }
            names.formUnion(cell.matches(of: #/`([A-Z][A-Z0-9_]+)`/#).map { String($0.1) })
        }
        return names
    }

    /// KEY=VALUE lines of an environment file (comments and blank lines skipped).
    static func environmentFile(_ path: String) throws -> [(key: String, value: String)] {
        try text(path).split(separator: "\n").compactMap { line -> (key: String, value: String)? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
            guard let match = trimmed.wholeMatch(of: #/([A-Za-z_][A-Za-z0-9_]*)=(.*)/#) else {
                throw TestFailure("\(path): not KEY=VALUE: \(trimmed)")
            }
            return (String(match.1), String(match.2))
        }
    }

    static func dockerIgnorePatterns() throws -> [String] {
        try text(".dockerignore").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    // MARK: invocations

    /// Every dixa-importer invocation in jobs/: crontab job lines (commented examples too), the wrapper's
    /// non-comment lines, and the units' Exec lines.
    static func jobInvocations() throws -> [Invocation] {
        var found: [Invocation] = []
        for job in try cronJobs() {
            found += invocations(in: job.tokens, file: "jobs/crontab", number: job.line)
        }
        found += try invocations(in: text("jobs/dixa-importer-cron"), file: "jobs/dixa-importer-cron")
        for path in unitFiles {
            let unit = try UnitFile(path)
            let exec = unit.entries.filter { $0.key.hasPrefix("Exec") }.map(\.value)
            found += exec.flatMap { invocations(inLine: $0, file: path, number: 0) }
        }
        return found
    }

    static func invocations(in text: String, file: String) -> [Invocation] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { index, line in
            line.trimmingCharacters(in: .whitespaces).hasPrefix("#") ? [] : invocations(inLine: String(line), file: file, number: index + 1)
        }
    }

    static func invocations(inLine line: String, file: String, number: Int) -> [Invocation] {
        invocations(in: line.split(whereSeparator: \.isWhitespace).map(String.init), file: file, number: number)
    }

    /// `dixa-importer SUB ARGS…` (the program possibly as a path or after `Key=`), and the cron wrapper, which runs
    /// `drain ARGS…`. Arguments end at a shell operator or redirection.
    static func invocations(in tokens: [String], file: String, number: Int) -> [Invocation] {
        let cleaned = tokens.map { $0.filter { !"\"'`".contains($0) } }
        var found: [Invocation] = []
        for (index, token) in cleaned.enumerated() {
            let program = URL(fileURLWithPath: String(token.split(separator: "=").last ?? "")).lastPathComponent
            let rest = cleaned[(index + 1)...].prefix { !isShellBoundary($0) }
            if program == "dixa-importer", let subcommand = rest.first {
                found.append(Invocation(file: file, line: number, subcommand: subcommand, arguments: Array(rest.dropFirst())))
            } else if program == "dixa-importer-cron" {
                found.append(Invocation(file: file, line: number, subcommand: "drain", arguments: Array(rest)))
            }
        }
        return found
    }

    static func isShellBoundary(_ token: String) -> Bool {
        ["|", "||", "&&", ";", "&", "\\"].contains(token) || token.first.map { ">|;&#)<".contains($0) } == true
            || token.hasPrefix("2>") || token.hasPrefix("1>")
    }

    // MARK: cron

    struct CronJob {
        let line: Int
        let commented: Bool
        let schedule: [String]
        let tokens: [String]

        var intervalSeconds: Double? {
            guard schedule.dropFirst().allSatisfy({ $0 == "*" }) else { return nil }
            return Deployment.intervalSeconds(minuteField: schedule[0])
        }
    }

    /// Job lines of jobs/crontab, including commented-out examples.
    static func cronJobs() throws -> [CronJob] {
        try text("jobs/crontab").split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, raw in
            var line = raw.trimmingCharacters(in: .whitespaces)
            let commented = line.hasPrefix("#")
            if commented { line = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces) }
            let fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard fields.count > 5, fields.prefix(5).allSatisfy({ $0.wholeMatch(of: #/[0-9*\/,-]+/#) != nil }) else { return nil }
            return CronJob(line: index + 1, commented: commented, schedule: Array(fields.prefix(5)), tokens: Array(fields.dropFirst(5)))
        }
    }

    /// Seconds between runs for a minute field with every other field `*`: `*/N`, a list, or one minute.
    static func intervalSeconds(minuteField field: String) -> Double? {
        if field == "*" { return 60 }
        if let step = field.wholeMatch(of: #/\*\/(\d+)/#).flatMap({ Int($0.1) }), step > 0, 60 % step == 0 { return Double(step * 60) }
        let minutes = field.split(separator: ",").compactMap { Int($0) }.sorted()
        guard !minutes.isEmpty, minutes.count == field.split(separator: ",").count else { return nil }
        let gaps = zip(minutes, minutes.dropFirst() + [minutes[0] + 60]).map { $1 - $0 }
        return Double((gaps.min() ?? 60) * 60)
    }

    // MARK: durations

    /// systemd time spans ("40s", "5min", "1min 30s", "25") and compose durations ("1m30s") in seconds.
    static func seconds(_ text: String) -> Double? {
        let compact = text.filter { !$0.isWhitespace }
        if let plain = Double(compact) { return plain }
        let units: [String: Double] = [
            "ms": 0.001, "msec": 0.001, "s": 1, "sec": 1, "second": 1, "seconds": 1, "m": 60, "min": 60, "minute": 60, "minutes": 60,
            "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600,
        ]
        var rest = Substring(compact)
        var total = 0.0
        while let match = rest.prefixMatch(of: #/(\d+(?:\.\d+)?)([a-z]+)/#) {
            guard let number = Double(match.1), let unit = units[String(match.2)] else { return nil }
            total += number * unit
            rest = rest[match.range.upperBound...]
        }
        return rest.isEmpty && !compact.isEmpty ? total : nil
    }

    // MARK: processes

    struct ProcessResult: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
        var output: String { stdout + stderr }
    }

    /// Runs a program (a path, or a name looked up on PATH), on a thread of its own so the cooperative pool stays free.
    static func run(_ program: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> ProcessResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runSynchronously(program, arguments, environment: environment) })
            }
        }
    }

    static func runSynchronously(_ program: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        if program.contains("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
        }
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let status = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
        return ProcessResult(
            status: status,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        )
    }

    /// Whether `python3 -c 'import yaml'` works.
    static let canParseYAML: Bool = (try? runSynchronously("python3", ["-c", "import yaml"]).status) == 0
}

/// A systemd unit file: `[Section]` and `Key=Value` lines, keys possibly repeated.
struct UnitFile {
    let path: String
    let entries: [(section: String, key: String, value: String)]

    init(_ path: String) throws {
        self.init(path: path, text: try Deployment.text(path))
    }

    init(path: String, text: String) {
        self.path = path
        var section = ""
        var entries: [(section: String, key: String, value: String)] = []
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.hasPrefix(";") || line.isEmpty { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
            } else if let equals = line.firstIndex(of: "=") {
                entries.append((section, String(line[..<equals]), String(line[line.index(after: equals)...])))
            }
        }
        self.entries = entries
    }

    func values(_ section: String, _ key: String) -> [String] {
        entries.filter { $0.section == section && $0.key == key }.map(\.value)
    }

    func value(_ section: String, _ key: String) -> String? { values(section, key).last }

    func words(_ section: String, _ key: String) -> [String] {
        values(section, key).flatMap { $0.split(separator: " ").map(String.init) }
    }
}

/// The Dockerfile's instructions (continuation lines joined) and stages.
struct Dockerfile {
    struct Instruction {
        let keyword: String
        let argument: String
    }

    struct Stage {
        let image: String
        var instructions: [Instruction] = []

        var runs: [String] { instructions.filter { $0.keyword == "RUN" }.map(\.argument) }

        func json(_ keyword: String) throws -> [String]? {
            guard let argument = instructions.last(where: { $0.keyword == keyword })?.argument else { return nil }
            return try JSONDecoder().decode([String].self, from: Data(argument.utf8))
        }
    }

    let instructions: [Instruction]
    let stages: [Stage]

    init() throws {
        let joined = try Deployment.text("Dockerfile").split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .joined(separator: "\n").replacingOccurrences(of: "\\\n", with: " ")
        instructions = joined.split(separator: "\n").compactMap { line in
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            guard let keyword = parts.first else { return nil }
            return Instruction(keyword: keyword.uppercased(), argument: parts.count > 1 ? String(parts[1]) : "")
        }
        var arguments: [String: String] = [:]
        var stages: [Stage] = []
        for instruction in instructions {
            switch instruction.keyword {
            case "ARG" where stages.isEmpty:
                let parts = instruction.argument.split(separator: "=", maxSplits: 1)
                arguments[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            case "FROM":
                var image = String(instruction.argument.split(separator: " ").first ?? "")
                for (name, value) in arguments {
                    image = image.replacingOccurrences(of: "${\(name)}", with: value).replacingOccurrences(of: "$\(name)", with: value)
                }
                stages.append(Stage(image: image))
            default:
                if !stages.isEmpty { stages[stages.count - 1].instructions.append(instruction) }
            }
        }
        self.stages = stages
    }
}

/// A compose file, parsed by PyYAML into JSON.
struct Compose {
    let root: [String: Any]

    init(_ path: String) throws {
        let script = "import sys, yaml, json; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))"
        let result = try Deployment.runSynchronously("python3", ["-c", script, Deployment.url(path).path])
        guard result.status == 0, let root = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw TestFailure("cannot parse \(path): \(result.stderr)")
        }
        self.root = root
    }

    var services: [String: Any] { root["services"] as? [String: Any] ?? [:] }

    func service(_ name: String) -> [String: Any] { services[name] as? [String: Any] ?? [:] }

    func environment(_ name: String) -> [String: String] {
        let value = service(name)["environment"]
        if let map = value as? [String: Any] {
            return map.mapValues { "\($0)" }
        }
        let pairs = (value as? [String] ?? []).map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
        return Dictionary(pairs.map { ($0[0], $0.count > 1 ? $0[1] : "") }) { _, last in last }
    }

    func command(_ name: String) -> [String] {
        let value = service(name)["command"]
        return value as? [String] ?? (value as? String)?.split(separator: " ").map(String.init) ?? []
    }

    /// The service's command as an invocation of the image's ENTRYPOINT, dixa-importer.
    func invocation(_ name: String) -> Invocation {
        let command = command(name)
        return Invocation(file: "docker-compose.yml", line: 0, subcommand: command.first ?? "", arguments: Array(command.dropFirst()))
    }

    func condition(_ name: String, on dependency: String) -> String? {
        ((service(name)["depends_on"] as? [String: Any])?[dependency] as? [String: Any])?["condition"] as? String
    }
}

/// A stand-in `dixa-importer` that prints its arguments and environment and exits with $FAKE_EXIT, for running the
/// cron wrapper without a database.
struct FakeImporter {
    let directory: URL
    var environmentFile: URL { directory.appendingPathComponent("env") }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fake-importer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = """
            #!/usr/bin/env bash
            printf 'args:%s\\n' "$*"
            for name in DATABASE_URL DIXA_BASE_URL DIXA_AGENT_ID DIXA_API_TOKEN_FILE LOG_LEVEL; do
                printf '%s=%s\\n' "$name" "${!name-}"
            done
            exit "${FAKE_EXIT:-0}"

            """
        // Written through a close-on-exec descriptor: a child another test spawns meanwhile must not inherit it
        // open for writing, or running the script fails with ETXTBSY ("Text file busy").
        let path = directory.appendingPathComponent("dixa-importer").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw TestFailure("cannot create \(path): \(String(cString: strerror(errno)))") }
        let bytes = Array(script.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count else { throw TestFailure("cannot write \(path)") }
    }

    func writeEnvironment(_ text: String) throws {
        try text.write(to: environmentFile, atomically: true, encoding: .utf8)
    }

    func runWrapper(_ arguments: [String], exitCode: Int32 = 0, environmentFile: URL? = nil) async throws -> Deployment.ProcessResult {
        let environment = [
            "PATH": "/usr/bin:/bin",
            "DIXA_IMPORTER_ENV_FILE": (environmentFile ?? self.environmentFile).path,
            "DIXA_IMPORTER_PATH": directory.path + ":/usr/bin:/bin",
            "FAKE_EXIT": String(exitCode),
        ]
        return try await Deployment.run(Deployment.url("jobs/dixa-importer-cron").path, arguments, environment: environment)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
