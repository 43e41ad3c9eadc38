import Foundation
import Synchronization

/// Runs a search's trials as Ray tasks through the Python bridge (ray_trials.py):
/// nnscript keeps the sampler and the pruner, the bridge starts and stops trials and relays
/// what they print. A trial that ends without its status line is a failed trial.
/// `@unchecked Sendable`: the reader thread touches only the inbox, `running` and the
/// reader's flag and condition, which are safe to share.
final class RayCluster: TrialExecutor, @unchecked Sendable {
  let capacity: Int
  let inbox = TrialInbox()
  let prunesFromMessages = true
  /// The search's seed, which every trial needs to pick the same validation rows.
  private let searchSeed: UInt64
  private let process = Process()
  private let input: FileHandle
  /// Trials started and not yet ended, for those the bridge never reports on.
  private let running = Mutex<Set<Int>>([])
  /// Set once the reader has seen the bridge's last line, under `readerDone`.
  private let readerFinished = Mutex(false)
  private let readerDone = NSCondition()

  /// Starts the bridge and waits until it has reached the cluster. The bridge runs
  /// `NNSCRIPT_PYTHON` (else `python3`), which must have Ray installed.
  init(plan: SearchPlan, address: String, host: SearchHost, arguments: [String], at range: SourceRange) throws {
    guard let command = host.trialCommand else {
      throw Diagnostic(error: "this host cannot run trials on a cluster", at: range)
        .expecting("the script run by the nnscript command")
    }
    guard let script = plan.range.file.path else {
      throw Diagnostic(error: "a search on a cluster needs its script in a file the workers can read", at: range)
    }
    let bridge = FileManager.default.temporaryDirectory.appendingPathComponent("nnscript-ray-\(UUID().uuidString).py")
    do {
      try Data(RayBridge.script.utf8).write(to: bridge)
    } catch {
      throw Diagnostic(error: "cannot write the Ray bridge to '\(bridge.path)'", at: range)
    }
    let python = ProcessInfo.processInfo.environment["NNSCRIPT_PYTHON"] ?? "python3"
    let commandJSON = "[" + command.map { JSONScalar.string($0).text }.joined(separator: ", ") + "]"
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      [python, bridge.path, "--address", address, "--command", commandJSON, "--script", script]
      + arguments.map { "--arg=\($0)" }
    let toBridge = Pipe()
    let fromBridge = Pipe()
    process.standardInput = toBridge
    process.standardOutput = fromBridge
    input = toBridge.fileHandleForWriting
    do {
      try process.run()
    } catch {
      throw Diagnostic(error: "cannot start the Ray bridge with '\(python)': \(error.localizedDescription)", at: range)
    }
    let lines = LineReader(fromBridge.fileHandleForReading)
    // The first line says whether the cluster was reached, and how many CPUs it has.
    guard let first = lines.next().flatMap(JSONScalar.parse), case .string("ready") = first["event"] else {
      process.waitUntilExit()
      try? FileManager.default.removeItem(at: bridge)
      throw Diagnostic(error: Self.failure(lines.last ?? "", python: python, address: address), at: range)
    }
    try? FileManager.default.removeItem(at: bridge)
    capacity = plan.jobs ?? max(Int(first["cpus"]?.number ?? 1), 1)
    searchSeed = plan.seed
    let reader = Thread { [self] in
      while let line = lines.next() {
        guard let fields = JSONScalar.parse(line), case .string(let event) = fields["event"],
          let number = fields["trial"]?.number.map(Int.init)
        else { continue }
        switch event {
        case "epoch":
          if running.withLock({ $0.contains(number) }), let epoch = TrialEpoch(json: fields) {
            inbox.post(.epoch(trial: number, fold: Int(fields["fold"]?.number ?? 0), epoch))
          }
        case "status", "lost":
          guard running.withLock({ $0.remove(number) }) != nil else { continue }
          let report = event == "status" ? TrialReport(json: fields) : nil
          var failed = TrialReport(state: .failed)
          if case .string(let message) = fields["message"] { failed.message = message }
          inbox.post(.ended(trial: number, report ?? failed))
        default:
          continue
        }
      }
      // The bridge is gone: what it was running is lost.
      for number in running.withLock({ running in
        defer { running = [] }
        return running
      }) {
        inbox.post(.ended(trial: number, TrialReport(state: .failed, message: "the Ray bridge stopped")))
      }
      readerDone.lock()
      readerFinished.withLock { $0 = true }
      readerDone.broadcast()
      readerDone.unlock()
    }
    reader.start()
  }

  /// What to say when the bridge could not reach the cluster.
  private static func failure(_ line: String, python: String, address: String) -> String {
    if let fields = JSONScalar.parse(line), case .string(let message) = fields["message"] { return message }
    return "the Ray bridge did not start: is Ray installed for '\(python)' (pip install ray), and is \(address) up?"
  }

  func start(_ trial: PreparedTrial) throws {
    running.withLock { _ = $0.insert(trial.number) }
    send([
      ("op", .string("start")), ("trial", .number(Double(trial.number))), ("seed", .number(Double(trial.seed))),
      ("search_seed", .number(Double(searchSeed))), ("params", .string(trial.parametersJSON)),
    ])
  }

  func stop(_ number: Int) {
    send([("op", .string("stop")), ("trial", .number(Double(number)))])
  }

  func close() {
    send([("op", .string("close"))])
    try? input.close()
    process.waitUntilExit()
    readerDone.lock()
    while !readerFinished.withLock({ $0 }) { readerDone.wait() }
    readerDone.unlock()
  }

  private func send(_ fields: [(String, JSONScalar)]) {
    // A bridge that has died is noticed by the reader; a failed write adds nothing to that.
    try? input.write(contentsOf: Data((JSONScalar.object(fields) + "\n").utf8))
  }
}

/// Lines of a pipe, read as they come; remembers the last one.
final class LineReader: @unchecked Sendable {
  // Only the thread reading the lines touches it.
  private let handle: FileHandle
  private var buffer = Data()
  private(set) var last: String?

  init(_ handle: FileHandle) { self.handle = handle }

  func next() -> String? {
    while true {
      if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        let line = String(decoding: buffer[buffer.startIndex..<end], as: UTF8.self)
        buffer.removeSubrange(buffer.startIndex...end)
        last = line
        return line
      }
      let chunk = handle.availableData
      if chunk.isEmpty {
        guard !buffer.isEmpty else { return nil }
        defer { buffer = Data() }
        last = String(decoding: buffer, as: UTF8.self)
        return last
      }
      buffer.append(chunk)
    }
  }
}
