import Foundation
import Testing

@testable import NNScript

/// The search on a Ray cluster: a local head started here, Ray installed from PyPI into a
/// throw-away virtualenv under .build/ray-venv (made once, reused after). Skipped, saying
/// why, where Ray cannot be installed.
@Suite(
  .serialized,
  .enabled(if: RayVenv.python != nil, "Ray cannot be installed here (pip install ray into .build/ray-venv failed)"))
struct RayTests {
  private static var python: String? { RayVenv.python }
  /// A Ray head on this machine for the length of `body`, on a port of its own; stopped by
  /// ending the process that started it.
  private func withHead(_ body: (String) throws -> Void) throws {
    let python = try #require(Self.python)
    let ray = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("ray").path
    let port = Int.random(in: 20000..<30000)
    let head = Process()
    // Through Python, to start Ray with no signal blocked: a child inherits the test thread's
    // mask, and a head that ignores SIGTERM would outlive the test.
    head.executableURL = URL(fileURLWithPath: python)
    head.arguments = [
      "-c",
      "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])",
      ray, "start", "--head", "--block", "--port=\(port)", "--num-cpus=2", "--disable-usage-stats",
      "--include-dashboard=false",
    ]
    head.standardOutput = FileHandle.nullDevice
    head.standardError = FileHandle.nullDevice
    try head.run()
    // `ray start --block` stops what it started on SIGTERM; whatever is left of its process
    // group after half a minute is killed.
    defer {
      head.terminate()
      let deadline = Date().addingTimeInterval(30)
      while head.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
      kill(-head.processIdentifier, SIGKILL)
    }
    let address = "127.0.0.1:\(port)"
    let deadline = Date().addingTimeInterval(120)
    while RayVenv.run([ray, "status", "--address", address]) != 0 {
      guard Date() < deadline, head.isRunning else {
        Issue.record("the Ray head did not come up")
        return
      }
      Thread.sleep(forTimeInterval: 1)
    }
    try body(address)
  }

  @Test func aTwelveTrialSearchRunsOnTheCluster() throws {
    let folder = try Support.folder("ray")
    let script = folder.appendingPathComponent("search.nns")
    try """
    seed 4
    data = split(standardize(load("iris")), 0.8)
    fn make(width) { return net < dense width relu; dense 3 softmax > }
    s = search net: make width: [4, 16] lr: log(1e-3, 1e-1) epochs: 9 trials: 12 cluster: args[0] quiet: true
    print len(s.trials)
    for t in s.trials { print t.trial t.state t.epochs }
    """.write(to: script, atomically: true, encoding: .utf8)
    try withHead { address in
      let result = try Support.exec([script.path, address], environment: ["NNSCRIPT_PYTHON": Self.python!])
      #expect(result.status == 0, "\(result.stderr)")
      let lines = result.stdout.split(separator: "\n")
      #expect(lines.first == "12", "\(result.stdout)\(result.stderr)")
      let rows = lines.dropFirst().map { $0.split(separator: " ") }
      #expect(Set(rows.map { $0[0] }).count == 12)
      // Every trial ran on the cluster and came back with a result: none was lost.
      #expect(rows.allSatisfy { $0[1] == "complete" || $0[1] == "pruned" }, "\(result.stdout)")
      #expect(rows.contains { $0[1] == "complete" && $0[2] == "9" })
    }
  }

  @Test func aTrialKilledBeforeItsStatusLineIsLost() throws {
    try withHead { address in
      let bridge = Process()
      bridge.executableURL = URL(fileURLWithPath: Self.python!)
      // A stand-in for nnscript: prints an epoch, then dies without a status line.
      let command = #"["sh", "-c", "echo '{\"epoch\": 1, \"loss\": 0.5}'; kill -9 $$"]"#
      bridge.arguments = [
        Support.root.appendingPathComponent("Sources/NNScript/Search/ray_trials.py").path, "--address", address,
        "--command", command,
        "--script", "unused.nns",
      ]
      let input = Pipe()
      let output = Pipe()
      bridge.standardInput = input
      bridge.standardOutput = output
      try bridge.run()
      let lines = LineReader(output.fileHandleForReading)
      #expect(lines.next().flatMap(JSONScalar.parse)?["event"] == .string("ready"))
      input.fileHandleForWriting.write(
        Data(#"{"op": "start", "trial": 1, "seed": 5, "search_seed": 6, "params": "{}"}"#.utf8 + [10]))
      let epoch = lines.next().flatMap(JSONScalar.parse)
      #expect(epoch?["event"] == .string("epoch") && epoch?["trial"]?.number == 1)
      let end = lines.next().flatMap(JSONScalar.parse)
      #expect(end?["event"] == .string("lost"), "\(String(describing: end))")
      input.fileHandleForWriting.write(Data(#"{"op": "close"}"#.utf8 + [10]))
      try input.fileHandleForWriting.close()
      bridge.waitUntilExit()
      #expect(bridge.terminationStatus == 0)
    }
  }
}

/// Ray in a virtualenv of its own, installed from PyPI the first time.
enum RayVenv {
  /// The virtualenv's python with Ray importable, or nil when it cannot be had.
  static let python: String? = {
    let venv = Support.root.appendingPathComponent(".build/ray-venv")
    let python = venv.appendingPathComponent("bin/python").path
    if run([python, "-c", "import ray"]) == 0 { return python }
    guard run(["python3", "-m", "venv", venv.path]) == 0,
      run([python, "-m", "pip", "install", "--quiet", "ray"]) == 0,
      run([python, "-c", "import ray"]) == 0
    else { return nil }
    return python
  }()

  @discardableResult
  static func run(_ arguments: [String], environment: [String: String] = [:]) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return -1 }
    process.waitUntilExit()
    return process.terminationStatus
  }

}
