import Foundation
import NNCore
import Testing

@testable import NNScript

/// `train … checkpoint: DIR every: N` and `resume DIR`: a resumed run ends with exactly the
/// numbers of the uninterrupted one, and a process killed at any moment leaves a checkpoint
/// that loads and resumes.
struct CheckpointTests {
  /// Seeded, so that every script splits the same way.
  static let data = "seed 3\ndata = split(standardize(load(\"iris\")), 0.8)"
  static let network = "net < dense 16 relu; dropout 0.2; bn; dense 3 softmax >"

  /// Runs a script in a fresh engine; `interrupt` stops its training after that epoch, as
  /// Ctrl-C would.
  static func run(_ script: String, interruptingAfter interrupt: Int? = nil) -> (
    engine: Engine, errors: String, outcome: Outcome
  ) {
    let engine = Engine(output: { _ in })
    let interrupter = engine.interrupter
    engine.onTraining = { event in
      if case .epoch(let progress) = event, progress.epoch == interrupt { interrupter.interrupt() }
    }
    let outcome = engine.run(SourceFile(name: "test.nns", text: script))
    return (engine, DiagnosticRenderer().render(outcome.diagnostics), outcome)
  }

  /// A run's history without wall times, as a script reads it.
  static func history(_ run: Value?) -> [String] {
    guard case .list(let records)? = Support.member(run, "history") else { return [] }
    return records.map { record in
      ["epoch", "loss", "acc", "val_loss", "val_acc", "lr"].map { Support.member(record, $0)?.description ?? "-" }
        .joined(separator: " ")
    }
  }

  /// The resumed run (`r` in `resumed`) ended as the uninterrupted one did: the same history
  /// of `epochs` epochs, and the same weights in the files each saved in `folder`. Returns the
  /// history.
  @discardableResult
  static func expectSameRun(
    _ whole: (engine: Engine, errors: String, outcome: Outcome),
    _ resumed: (engine: Engine, errors: String, outcome: Outcome), savedIn folder: URL, epochs: Int
  ) throws -> [String] {
    let expected = history(whole.engine[variable: "r"])
    #expect(expected.count == epochs)
    #expect(history(resumed.engine[variable: "r"]) == expected)
    let sameWeights =
      try tensors(folder.appendingPathComponent("whole.safetensors"))
      == tensors(folder.appendingPathComponent("resumed.safetensors"))
    #expect(sameWeights)
    return expected
  }

  /// The tensors of a model file.
  static func tensors(_ file: URL) throws -> [SafeTensors.Tensor] {
    try SafeTensors(decoding: Data(contentsOf: file)).tensors
  }

  @Test func resumingAnInterruptedRunEndsAsTheUninterruptedOne() throws {
    let folder = try Support.folder("models")
    let checkpoint = folder.appendingPathComponent("run")
    let whole = Self.run(
      """
      \(Self.data)
      \(Self.network)
      r = train epochs: 7 batch: 16 lr: plateau(0.05, 0.5, 0)
      save "\(folder.path)/whole.safetensors"
      """)
    #expect(whole.outcome.status == .success, "\(whole.errors)")
    // Stopped during epoch 5, after the checkpoint of epoch 4 (every 2): resume trains 5 to 7.
    let interrupted = Self.run(
      """
      \(Self.data)
      \(Self.network)
      first = train epochs: 7 batch: 16 lr: plateau(0.05, 0.5, 0) checkpoint: "\(checkpoint.path)" every: 2
      r = resume "\(checkpoint.path)"
      save "\(folder.path)/resumed.safetensors"
      """, interruptingAfter: 4)
    #expect(interrupted.outcome.status == .success, "\(interrupted.errors)")
    #expect(Support.member(interrupted.engine[variable: "first"], "stopped")?.display == "cancelled at epoch 5, step 1")
    let expected = try Self.expectSameRun(whole, interrupted, savedIn: folder, epochs: 7)
    // The finished run's last checkpoint resumes to the same run, without another step.
    let again = Self.run("\(Self.data)\nr = resume \"\(checkpoint.path)\"")
    #expect(again.outcome.status == .success, "\(again.errors)")
    #expect(Self.history(again.engine[variable: "r"]) == expected)
  }

  /// A convolutional run, whose checkpoint holds its weights in PyTorch's layout (and the
  /// best epoch's, under `early:`), resumes to exactly the uninterrupted run.
  @Test func aConvolutionalRunResumesAsTheUninterruptedOne() throws {
    let folder = try Support.folder("models")
    let checkpoint = folder.appendingPathComponent("run")
    let setup = """
      seed 5
      data = split(minmax(load("digits")), 0.8)
      net < conv2d 4 3 relu; bn; maxpool 2; flatten; dropout 0.1; dense 10 softmax >
      """
    let whole = Self.run(
      "\(setup)\nr = train epochs: 3 batch: 64 early: 5\nsave \"\(folder.path)/whole.safetensors\"")
    #expect(whole.outcome.status == .success, "\(whole.errors)")
    let interrupted = Self.run(
      """
      \(setup)
      first = train epochs: 3 batch: 64 early: 5 checkpoint: "\(checkpoint.path)"
      r = resume "\(checkpoint.path)"
      save "\(folder.path)/resumed.safetensors"
      """, interruptingAfter: 1)
    #expect(interrupted.outcome.status == .success, "\(interrupted.errors)")
    #expect(Support.member(interrupted.engine[variable: "first"], "stopped")?.display.hasPrefix("cancelled") == true)
    try Self.expectSameRun(whole, interrupted, savedIn: folder, epochs: 3)
    let saved = try SafeTensors(decoding: Data(contentsOf: checkpoint.appendingPathComponent(CheckpointFile.name)))
    #expect(saved["0.weight"]?.shape == [4, 1, 3, 3])
    #expect(saved["best.0.weight"]?.shape == [4, 1, 3, 3])
    // As format 2 wrote it, each layer's tensors named by its place in the net literal, the
    // checkpoint of the finished run resumes to it all the same.
    let old = ModelFileTests.earlier(saved, format: 2, layers: ["0": 0, "2": 1, "6": 5])
    #expect(old.tensors.contains { $0.name == "best.layers.5.weight" })
    try old.encoded().write(to: checkpoint.appendingPathComponent(CheckpointFile.name))
    let resumed = Self.run("\(setup)\nr = resume \"\(checkpoint.path)\"\nsave \"\(folder.path)/resumed.safetensors\"")
    #expect(resumed.outcome.status == .success, "\(resumed.errors)")
    try Self.expectSameRun(whole, resumed, savedIn: folder, epochs: 3)
  }

  @Test func aRunWithoutValidationDataHoldsOutTheSameRowsWhenResumed() throws {
    let checkpoint = try Support.folder("models").appendingPathComponent("run")
    let script = """
      seed 8
      data = standardize(load("wine"))
      net < dense 8 tanh; dense 3 softmax >
      r = train epochs: 5 batch: 32 early: 2 checkpoint: "\(checkpoint.path)" every: 3 quiet: true
      """
    let whole = Self.run(script)
    #expect(whole.outcome.status == .success, "\(whole.errors)")
    // The last checkpoint is of epoch 5 (the end), between two `every`s.
    let resumed = Self.run("data = standardize(load(\"wine\"))\nr = resume \"\(checkpoint.path)\"")
    #expect(resumed.outcome.status == .success, "\(resumed.errors)")
    #expect(Self.history(resumed.engine[variable: "r"]) == Self.history(whole.engine[variable: "r"]))
  }

  @Test func resumingOnOtherDataIsAnError() throws {
    let checkpoint = try Support.folder("models").appendingPathComponent("run")
    let trained = Self.run(
      "\(Self.data)\n\(Self.network)\ntrain epochs: 1 checkpoint: \"\(checkpoint.path)\" quiet: true")
    #expect(trained.outcome.status == .success, "\(trained.errors)")
    let cases = [
      (
        "seed 3\ndata = split(standardize(load(\"wine\")), 0.8)",
        "the checkpoint was made on iris (150 samples × 4 features, 3 classes), but `data` is wine (178 samples × 13 features, 3 classes)"
      ),
      (
        "seed 3\ndata = split(load(\"iris\"), 0.8)",
        "the checkpoint was made on iris (150 samples × 4 features, 3 classes), but `data` holds other values of that shape"
      ),
      ("data = 3", "'resume' trains on `data`, which holds no dataset"),
    ]
    for (data, message) in cases {
      let run = Self.run("\(data)\nresume \"\(checkpoint.path)\"")
      #expect(run.outcome.status == .failed)
      #expect(run.outcome.diagnostics.last?.message == message, "\(run.errors)")
      #expect(run.outcome.diagnostics.last?.range?.text == "resume")
    }
  }

  @Test func checkpointOptionsAreChecked() throws {
    let folder = try Support.folder("models")
    let cases: [(String, String)] = [
      ("every: 2", "every: says how often to save a checkpoint, and there is no checkpoint:"),
      ("checkpoint: \"\(folder.path)\" every: 0", "every: expects a whole number of epochs ≥ 1, found 0"),
      ("checkpoint: 3", "checkpoint: expects a folder path, found number"),
      (
        "checkpoint: \"\(folder.path)\" restarts: 1",
        "a run with restarts: cannot be checkpointed: each restart starts over"
      ),
    ]
    for (options, message) in cases {
      let run = Self.run("\(Self.data)\n\(Self.network)\ntrain epochs: 1 \(options)")
      #expect(run.outcome.status == .failed)
      #expect(run.outcome.diagnostics.last?.message == message, "\(run.errors)")
    }
  }

  @Test func brokenCheckpointsAreErrors() throws {
    let folder = try Support.folder("models")
    let checkpoint = folder.appendingPathComponent("run")
    let trained = Self.run(
      "\(Self.data)\n\(Self.network)\ntrain epochs: 2 checkpoint: \"\(checkpoint.path)\" quiet: true\nsave \"\(folder.path)/model.safetensors\""
    )
    #expect(trained.outcome.status == .success, "\(trained.errors)")
    let file = checkpoint.appendingPathComponent(CheckpointFile.name)
    let original = try SafeTensors(decoding: Data(contentsOf: file))
    let model = try Data(contentsOf: folder.appendingPathComponent("model.safetensors"))
    func variant(_ change: (inout SafeTensors) -> Void) -> Data {
      var copy = original
      change(&copy)
      return copy.encoded()
    }
    let state = try #require(original.metadata["nnscript.checkpoint"])
    let cases: [(Data?, String)] = [
      (nil, "there is no such folder"),
      (Data(), "the file is too short to be a safetensors file"),
      (model, "its checkpoint.safetensors is a model file, not a checkpoint"),
      (variant { $0.metadata["nnscript.checkpoint"] = "{" }, "its training state is malformed"),
      (
        variant {
          $0.metadata["nnscript.checkpoint"] = state.replacingOccurrences(
            of: "\"random\":[", with: "\"random\":[\"x\",")
        },
        "its random state is malformed"
      ),
      (variant { $0.tensors.removeAll { $0.name == "optimizer.1" } }, "the saved state does not fit"),
      (
        variant { $0.tensors.removeAll { $0.name == "3.running_var" } },
        "it has no tensor '3.running_var'"
      ),
      (
        variant { $0.tensors.append(SafeTensors.Tensor("optimizer.2", shape: [1], .f32([0]))) },
        "tensor 'optimizer.2' is not"
      ),
      (variant { $0.tensors.removeAll { $0.name == "order" } }, "it has no tensor 'order'"),
      (
        variant { $0.tensors.removeAll { $0.name == "telemetry.layers" } }, "it has no tensor 'telemetry.layers'"
      ),
      (
        variant { $0.tensors.append(SafeTensors.Tensor("notes", shape: [0], .f32([]))) },
        "it holds a tensor 'notes' that its run has no place for"
      ),
      (
        variant { ModelFileTests.replaceFirst(of: "optimizer.0", in: &$0, with: .nan) },
        "tensor 'optimizer.0' holds NaN or infinite values"
      ),
      (
        variant { ModelFileTests.replaceFirst(of: "0.weight", in: &$0, with: .infinity) },
        "tensor '0.weight' holds NaN or infinite values"
      ),
      (
        variant {
          var object = (try? JSONSerialization.jsonObject(with: Data(state.utf8))) as? [String: Any] ?? [:]
          object["run"] = ["options": "epochs: len(csv(\"/etc/passwd\"))"]
          $0.metadata["nnscript.checkpoint"] = String(
            decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
        },
        "it was written by an earlier nnscript, which kept train's options as text"
      ),
      (
        variant { $0.metadata["nnscript.checkpoint"] = Self.withOptions(state, ["foo": ["number": 1]]) },
        "its train options hold 'foo', which a checkpointed train does not take"
      ),
      (
        variant { $0.metadata["nnscript.checkpoint"] = Self.withOptions(state, ["net": ["string": "x"]]) },
        "its train options hold 'net', which a checkpointed train does not take"
      ),
      (
        variant {
          $0.metadata["nnscript.checkpoint"] = Self.withOptions(state, ["epochs": ["number": 1, "string": "x"]])
        },
        "its training state is malformed"
      ),
      (
        variant {
          $0.metadata["nnscript.checkpoint"] = Self.withOptions(
            state, ["opt": ["word": "sgd", "arguments": [], "options": ["momentm": ["number": 0.9]]]])
        },
        "its train option opt: is not what train takes: 'sgd' has no parameter 'momentm'"
      ),
      (
        variant {
          let deep = String(repeating: #"{"list": ["#, count: 10_000) + String(repeating: "]}", count: 10_000)
          $0.metadata["nnscript.checkpoint"] = Self.withOptions(state, ["lr": "DEEP"])
            .replacingOccurrences(of: #""DEEP""#, with: deep)
        },
        "its training state is malformed"
      ),
    ]
    for (index, (contents, reason)) in cases.enumerated() {
      let broken = folder.appendingPathComponent("broken-\(index)")
      if let contents {
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try contents.write(to: broken.appendingPathComponent(CheckpointFile.name))
      }
      let run = Self.run("\(Self.data)\nresume \"\(broken.path)\"")
      #expect(run.outcome.status == .failed)
      let message = run.outcome.diagnostics.last?.message ?? ""
      #expect(message.hasPrefix("cannot resume from '\(broken.path)': \(reason)"), "\(run.errors)")
    }
    // The run's network and options are data, and mistakes in them point at the checkpoint.
    let written = folder.appendingPathComponent("written.csv")
    let data: [(Data, String)] = [
      (
        variant {
          $0.metadata["nnscript.net"] =
            "net < dense (fn() { save [{a: 1}] to: \"\(written.path)\"\n return 16 })() relu; dense 3 softmax >"
        },
        "checkpoint.safetensors:1:13: error: nnscript.net holds '(' where nnscript writes a number"
      ),
      (
        variant {
          $0.metadata["nnscript.checkpoint"] = Self.withOptions(
            state,
            ["epochs": ["word": "len", "arguments": [["word": "csv", "arguments": [["string": "/etc/passwd"]]]]]])
        },
        "checkpoint.safetensors:1:9: error: epochs: expects a number"
      ),
    ]
    for (index, (contents, error)) in data.enumerated() {
      let broken = folder.appendingPathComponent("data-\(index)")
      try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
      try contents.write(to: broken.appendingPathComponent(CheckpointFile.name))
      let run = Self.run("\(Self.data)\nresume \"\(broken.path)\"")
      #expect(run.errors.hasPrefix("\(broken.path)/\(error)"), "\(run.errors)")
    }
    #expect(!FileManager.default.fileExists(atPath: written.path))
  }

  /// `state` with `train_options` set to `options`, as JSON text.
  static func withOptions(_ state: String, _ options: Any) -> String {
    var object = (try? JSONSerialization.jsonObject(with: Data(state.utf8))) as? [String: Any] ?? [:]
    var run = object["run"] as? [String: Any] ?? [:]
    run["train_options"] = options
    object["run"] = run
    return String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
  }

  /// A schedule nested as deep as a checkpoint keeps resumes; one deeper is refused at `train`.
  @Test func optionsAsDeepAsACheckpointKeepsResume() throws {
    let folder = try Support.folder("models")
    // `depth` levels: the words, and the numbers of the innermost one.
    func schedule(_ depth: Int) -> String {
      String(repeating: "warmup(1, ", count: depth - 2) + "cosine(0.1, 3)" + String(repeating: ")", count: depth - 2)
    }
    let deepest = OptionValue.maxDepth
    let trained = Self.run(
      "\(Self.data)\n\(Self.network)\ntrain epochs: 3 lr: \(schedule(deepest)) checkpoint: \"\(folder.path)\" quiet: true"
    )
    #expect(trained.outcome.status == .success, "\(trained.errors)")
    let resumed = Self.run("\(Self.data)\nresume \"\(folder.path)\"")
    #expect(resumed.outcome.status == .success, "\(resumed.errors)")
    let deeper = Self.run(
      "\(Self.data)\n\(Self.network)\ntrain epochs: 3 lr: \(schedule(deepest + 1)) checkpoint: \"\(folder.path)/deeper\" quiet: true"
    )
    #expect(
      deeper.errors.contains("a checkpoint keeps train's options as data, and lr: holds a word"), "\(deeper.errors)")
  }

  /// A checkpoint keeps train's options as typed values, which it reads back as data.
  @Test func theOptionsAreKeptAsTypedValues() throws {
    let folder = try Support.folder("models")
    let trained = Self.run(
      "\(Self.data)\n\(Self.network)\ntrain epochs: 1 opt: sgd(momentum: 0.9) lr: exp(0.01, 0.5, 20) shuffle: false checkpoint: \"\(folder.path)\" quiet: true"
    )
    #expect(trained.outcome.status == .success, "\(trained.errors)")
    let file = try SafeTensors(decoding: Data(contentsOf: folder.appendingPathComponent(CheckpointFile.name)))
    let state = try #require(JSONCoding.value(CheckpointState.self, from: file.metadata["nnscript.checkpoint"] ?? ""))
    #expect(
      state.run.options == [
        "epochs": .number(1), "opt": .word("sgd", arguments: [], options: ["momentum": .number(0.9)]),
        "lr": .word("exp", arguments: [.number(0.01), .number(0.5), .number(20)], options: [:]),
        "shuffle": .bool(false), "checkpoint": .string(folder.path), "quiet": .bool(true),
      ])
  }
  // MARK: Killed mid-run

  /// The script the killed process runs: epochs long enough to kill it in the middle of one,
  /// and a checkpoint large enough (480 kB) to take a while to write.
  /// Far more epochs than the test waits for before it kills: the run cannot end first.
  static let killedEpochs = 40

  static func killedScript(_ checkpoint: URL, resume: Bool) -> String {
    """
    seed 12
    data = split(standardize(load("digits")), 0.8)
    net < dense 512 relu; dense 10 softmax >
    \(resume ? "r = resume \"\(checkpoint.path)\"\nprint r.epochs" : "train epochs: \(killedEpochs) batch: 64 checkpoint: \"\(checkpoint.path)\" every: 1")
    """
  }

  /// When the test kills the run, once it has reported some epochs and written a checkpoint.
  /// Each moment is something the test observes, never a wait: the run has `killedEpochs`
  /// epochs, so dozens are still to come when the test acts.
  enum KillMoment: Sendable, CustomTestStringConvertible {
    /// As soon as anything in the checkpoint folder changes after that epoch's line: in the
    /// middle of writing the next checkpoint.
    case duringTheWriteAfter(epoch: Int)
    /// As soon as that epoch's line is read: wherever the run then is.
    case onTheLineOf(epoch: Int)
    /// Once the checkpoint on disk holds that epoch: after its write, in the next epoch.
    case betweenWritesAfter(epoch: Int)

    var epoch: Int {
      switch self {
      case .duringTheWriteAfter(let epoch), .onTheLineOf(let epoch), .betweenWritesAfter(let epoch): epoch
      }
    }

    var testDescription: String {
      switch self {
      case .duringTheWriteAfter(let epoch): "during the write after epoch \(epoch)"
      case .onTheLineOf(let epoch): "on the line of epoch \(epoch)"
      case .betweenWritesAfter(let epoch): "between writes after epoch \(epoch)"
      }
    }
  }

  /// What is in a folder: each file's name, size and modification time.
  static func listing(_ folder: URL) -> [String: [Int]] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return Dictionary(
      uniqueKeysWithValues: names.map { name in
        var info = stat()
        lstat(folder.appendingPathComponent(name).path, &info)
        return (name, [Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)])
      })
  }

  /// Kills `nnscript` with SIGKILL while it writes a checkpoint and between writes. Each time
  /// the checkpoint loads, lags the epochs the run reported by at most one (every: 1), and
  /// resumes to the end. A checkpoint written in place would be caught half-written.
  @Test(arguments: [
    KillMoment.duringTheWriteAfter(epoch: 2), .duringTheWriteAfter(epoch: 3), .onTheLineOf(epoch: 2),
    .betweenWritesAfter(epoch: 2), .betweenWritesAfter(epoch: 3),
  ])
  func aKilledRunLeavesACheckpointThatResumes(_ moment: KillMoment) throws {
    let folder = try Support.folder("models")
    let checkpoint = folder.appendingPathComponent("run")
    let script = folder.appendingPathComponent("train.nns")
    try Self.killedScript(checkpoint, resume: false).write(to: script, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = Support.binary
    process.arguments = [script.path]
    process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { $1 }
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    let reported = EpochCounter()
    errors.fileHandleForReading.readabilityHandler = { handle in reported.read(handle.availableData) }
    try process.run()
    let file = checkpoint.appendingPathComponent(CheckpointFile.name)
    let deadline = Date().addingTimeInterval(300)
    func waiting() -> Bool { Date() < deadline && process.isRunning }
    while reported.epochs < moment.epoch || !FileManager.default.fileExists(atPath: file.path), waiting() {
      Thread.sleep(forTimeInterval: 0.001)
    }
    switch moment {
    case .duringTheWriteAfter:
      let before = Self.listing(checkpoint)
      while Self.listing(checkpoint) == before, waiting() {}
    case .onTheLineOf:
      break
    case .betweenWritesAfter(let epoch):
      while ((try? CheckpointFile(folder: checkpoint.path))?.tensors["history"]?.shape.first ?? 0) < epoch, waiting() {}
    }
    let seen = reported.epochs
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    errors.fileHandleForReading.readabilityHandler = nil
    #expect(process.terminationReason == .uncaughtSignal, "the run ended before it was killed")
    // The resume below reads all of it; here, how far it got.
    let saved = try CheckpointFile(folder: checkpoint.path)
    let epochs = try #require(saved.tensors["history"]?.shape.first)
    #expect(epochs >= seen - 1, "saw \(seen) epochs, the checkpoint has \(epochs)")
    try Self.killedScript(checkpoint, resume: true).write(to: script, atomically: true, encoding: .utf8)
    let resumed = try Support.exec([script.path])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.hasSuffix("\n\(Self.killedEpochs)\n"), "\(resumed.stdout)")
  }
}

/// Counts the epoch lines `nnscript` writes to a pipe as it trains (`epoch 3/60 …`).
final class EpochCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var text = ""
  private var count = 0

  var epochs: Int { lock.withLock { count } }

  func read(_ data: Data) {
    lock.withLock {
      text += String(decoding: data, as: UTF8.self)
      while let end = text.firstIndex(of: "\n") {
        if text[..<end].hasPrefix("epoch ") { count += 1 }
        text = String(text[text.index(after: end)...])
      }
    }
  }
}

/// `log:` beside `checkpoint:`: the log survives what the checkpoint survives.
struct CheckpointLogTests {
  private static func epochs(_ csv: URL) throws -> [Int] {
    try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").dropFirst()
      .map { Int($0.prefix { $0 != "," }) ?? -1 }
  }

  /// A resumed run goes on with its log: each epoch once, in order, what a crash logged after
  /// the checkpoint dropped, and the earlier event file kept.
  @Test func aResumedRunGoesOnWithItsLog() throws {
    let folder = try Support.folder("checkpoint-log")
    let (log, checkpoint) = (folder.appendingPathComponent("log"), folder.appendingPathComponent("run"))
    let first = CheckpointTests.run(
      """
      \(CheckpointTests.data)
      \(CheckpointTests.network)
      train epochs: 6 batch: 16 checkpoint: "\(checkpoint.path)" every: 2 log: "\(log.path)"
      """, interruptingAfter: 4)
    #expect(first.outcome.status == .success, "\(first.errors)")
    let csv = log.appendingPathComponent("metrics.csv")
    #expect(try Self.epochs(csv) == [1, 2, 3, 4])
    // As if the process had died after logging epoch 5 but before its checkpoint.
    let handle = try FileHandle(forWritingTo: csv)
    handle.seekToEndOfFile()
    handle.write(Data("5,0.1,1,0.1,1,0.001,0.01\n".utf8))
    try handle.close()
    let resumed = CheckpointTests.run("\(CheckpointTests.data)\nresume \"\(checkpoint.path)\"")
    #expect(resumed.outcome.status == .success, "\(resumed.errors)")
    #expect(try Self.epochs(csv) == [1, 2, 3, 4, 5, 6])
    let events = try FileManager.default.contentsOfDirectory(atPath: log.path).filter {
      $0.hasPrefix("events.out.tfevents.")
    }
    #expect(events.count == 2)
  }

  /// A `train` refused before its first epoch leaves the log of the run before it alone.
  @Test func aRefusedRunLeavesTheEarlierLog() throws {
    let folder = try Support.folder("checkpoint-log")
    let log = folder.appendingPathComponent("log")
    let result = CheckpointTests.run(
      """
      \(CheckpointTests.data)
      \(CheckpointTests.network)
      train epochs: 3 batch: 16 log: "\(log.path)"
      train epochs: 3 restarts: 1 checkpoint: "\(folder.path)/run" log: "\(log.path)"
      """)
    #expect(result.outcome.diagnostics.last?.message.contains("restarts") == true, "\(result.errors)")
    #expect(try Self.epochs(log.appendingPathComponent("metrics.csv")) == [1, 2, 3])
  }
}
