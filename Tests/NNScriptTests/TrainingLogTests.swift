import Foundation
import Testing

@testable import NNScript

/// `train … log:`: the checksum and encodings of TensorBoard's event files, metrics.csv, and
/// the files read back by TensorBoard itself.
struct TrainingLogTests {
  // MARK: Encodings

  @Test func crc32cMatchesKnownVectors() {
    #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    #expect(CRC32C.checksum([UInt8]()) == 0)
    // RFC 3720, appendix B.4.
    #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
    #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
    #expect(CRC32C.checksum(Array(0...31)) == 0x46DD_794E)
  }

  /// The values TensorBoard's own `masked_crc32c` gives.
  @Test func maskedChecksumsMatchTensorBoard() {
    #expect(CRC32C.masked(Array("123456789".utf8)) == 0xC78A_B0E5)
    #expect(CRC32C.masked([24, 0, 0, 0, 0, 0, 0, 0]) == 0x224B_7FA3)
  }

  @Test func protobufFieldsFollowTheWireFormat() {
    var writer = ProtobufWriter()
    writer.varint(1, 300)
    #expect(writer.bytes == [0x08, 0xAC, 0x02])
    writer = ProtobufWriter()
    writer.int64(2, -1)
    #expect(writer.bytes == [0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
    writer = ProtobufWriter()
    writer.double(1, 1.0)
    #expect(writer.bytes == [0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
    writer = ProtobufWriter()
    writer.float(2, 1.0)
    #expect(writer.bytes == [0x15, 0, 0, 0x80, 0x3F])
    writer = ProtobufWriter()
    writer.string(3, "ab")
    #expect(writer.bytes == [0x1A, 0x02, 0x61, 0x62])
  }

  @Test func aScalarEventHasTheFieldsOfEventProto() {
    let event = TensorBoardEvent.scalars([("lr", 0.5)], step: 3, wallTime: 2)
    let value: [UInt8] = [0x0A, 0x02, 0x6C, 0x72, 0x15, 0, 0, 0, 0x3F]
    let summary: [UInt8] = [0x0A, UInt8(value.count)] + value
    #expect(event == [0x09, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x10, 0x03, 0x2A, UInt8(summary.count)] + summary)
  }

  @Test func recordsAreFramedWithLengthAndChecksums() {
    let data = Array("hello".utf8)
    let record = TFRecord.frame(data)
    #expect(record.count == 8 + 4 + data.count + 4)
    #expect(Array(record[0..<8]) == [5, 0, 0, 0, 0, 0, 0, 0])
    #expect(Self.uint32(record[8..<12]) == CRC32C.masked(record[0..<8]))
    #expect(Array(record[12..<17]) == data)
    #expect(Self.uint32(record[17..<21]) == CRC32C.masked(data))
  }

  private static func uint32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    bytes.enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * $1.offset) }
  }

  // MARK: The log folder

  private static func training(log folder: String, epochs: Int = 5) -> String {
    """
    seed 2
    data = split(standardize(load("iris")), 0.8)
    net < dense 8 relu; dense 3 softmax >
    r = train epochs: \(epochs) lr: 0.01 log: "\(folder)" quiet: true

    """
  }

  private static func history(_ engine: Engine) -> [(loss: Float, acc: Float, valLoss: Float, valAcc: Float, lr: Float)]
  {
    guard case .run(let run)? = engine[variable: "r"] else { return [] }
    return run.run.history.map {
      ($0.loss, $0.accuracy!, $0.validationLoss!, $0.validationAccuracy!, $0.learningRate)
    }
  }

  @Test func metricsCSVHasAHeaderAndARowPerEpoch() throws {
    let folder = try Support.folder("log").appendingPathComponent("runs/first")
    let run = Support.run(Self.training(log: folder.path))
    #expect(run.errors == "")
    let lines = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
      .split(separator: "\n").map(String.init)
    #expect(lines.first == "epoch,loss,acc,val_loss,val_acc,lr,seconds")
    let history = Self.history(run.engine)
    #expect(lines.count == 1 + history.count && history.count == 5)
    for (line, record) in zip(lines.dropFirst(), history) {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      #expect(fields.count == 7)
      #expect(
        fields[1...5].map { Float($0) } == [record.loss, record.acc, record.valLoss, record.valAcc, record.lr],
        "\(line)")
      #expect(Double(fields[6]).map { $0 >= 0 } == true)
    }
  }

  @Test func regressionLeavesTheAccuracyFieldsEmpty() throws {
    let folder = try Support.folder("log")
    let run = Support.run(
      """
      data = split(regression(n: 80), 0.8)
      net < dense 4 tanh; dense 1 >
      train epochs: 2 log: "\(folder.path)" quiet: true
      """)
    #expect(run.errors == "")
    let rows = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst()
    #expect(rows.count == 2)
    for row in rows {
      let fields = row.split(separator: ",", omittingEmptySubsequences: false)
      #expect(fields[2].isEmpty && fields[4].isEmpty, "\(row)")
    }
  }

  /// Each epoch's row is on disk when the next epoch starts, not when the run ends.
  @Test func eachEpochIsWrittenAsItEnds() throws {
    let folder = try Support.folder("log")
    let csv = folder.appendingPathComponent("metrics.csv").path
    var output = ""
    let engine = Engine(output: { output += $0 })
    var rowsSeen: [Int] = []
    engine.onTraining = { event in
      guard case .epoch(let progress) = event else { return }
      // The files open at the first epoch's end, so before it there is no file: no rows.
      let text = (try? String(contentsOfFile: csv, encoding: .utf8)) ?? ""
      rowsSeen.append(max(0, text.split(separator: "\n").count - 1))
      if progress.epoch == 3 { engine.interrupt() }
    }
    let source = Self.training(log: folder.path, epochs: 8).replacingOccurrences(of: " quiet: true", with: "")
    _ = engine.run(SourceFile(name: "t.nns", text: source))
    #expect(rowsSeen.count == 3)
    for (index, rows) in rowsSeen.enumerated() { #expect(rows >= index, "\(rowsSeen)") }
    // Interrupted after epoch 3: the log keeps the three epochs.
    let text = try String(contentsOfFile: csv, encoding: .utf8)
    #expect(text.split(separator: "\n").count == 4, "\(text)")
  }

  /// A new run in the folder replaces the earlier run's files, and only those: the marker
  /// lists what the log wrote, and an event file of another program stays.
  @Test func aNewRunReplacesOnlyTheLogsOwnFiles() throws {
    let folder = try Support.folder("log")
    let foreign = "events.out.tfevents.1.other"
    try Data([1, 2, 3]).write(to: folder.appendingPathComponent(foreign))
    try Data("keep".utf8).write(to: folder.appendingPathComponent("notes.txt"))
    let run = Support.run(Self.training(log: folder.path) + "train epochs: 2 log: \"\(folder.path)\" quiet: true\n")
    #expect(run.errors == "")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    let events = names.filter { $0.hasPrefix("events.out.tfevents.") && $0 != foreign }
    #expect(events.count == 1, "\(names)")
    #expect(names.contains("notes.txt") && names.contains(foreign))
    #expect(try Data(contentsOf: folder.appendingPathComponent(foreign)) == Data([1, 2, 3]))
    let host = ProcessInfo.processInfo.hostName
    #expect(events[0].range(of: #"^events\.out\.tfevents\.\d{10}\."#, options: .regularExpression) != nil)
    #expect(events[0].contains(host))
    let rows = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
    #expect(rows.split(separator: "\n").count == 3)
    let marker = try String(contentsOf: folder.appendingPathComponent(LogMarker.name), encoding: .utf8)
    #expect(marker.split(separator: "\n").dropFirst().map(String.init).sorted() == [events[0], "metrics.csv"])
  }

  /// A marker names files of its own folder only: one that lists paths elsewhere removes nothing.
  @Test func aCraftedMarkerLeadsNowhereElse() throws {
    let base = try Support.folder("log")
    let outside = base.appendingPathComponent("outside.txt")
    try Data("keep".utf8).write(to: outside)
    let folder = base.appendingPathComponent("run")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data("../outside.txt\n\(outside.path)\nevents.out.tfevents.1/../../outside.txt\n".utf8)
      .write(to: folder.appendingPathComponent(LogMarker.name))
    #expect(Support.run(Self.training(log: folder.path, epochs: 1)).errors == "")
    #expect(try String(contentsOf: outside, encoding: .utf8) == "keep")
  }

  /// A folder whose `metrics.csv` the log did not write is refused, the file left as it was.
  @Test func aMetricsFileOfSomeoneElseIsKept() throws {
    let folder = try Support.folder("log")
    let csv = folder.appendingPathComponent("metrics.csv")
    try Data("mine\n".utf8).write(to: csv)
    let run = Support.run(Self.training(log: folder.path))
    #expect(
      run.outcome.diagnostics.last?.message
        == "log: cannot write to \(folder.path): it holds a metrics.csv that its .nnscript-log does not list (another program's, or an earlier nnscript's): remove it or name another folder"
    )
    #expect(try String(contentsOf: csv, encoding: .utf8) == "mine\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["metrics.csv"])
  }

  /// Runs `body` with a small tmpfs mounted at a fresh folder and a function that fills it;
  /// false where mounting is not allowed (not root, a container without the capability).
  static func withFullDisk(_ body: (URL, _ fill: () throws -> Void) throws -> Void) throws -> Bool {
    let folder = try Support.folder("tmpfs")
    guard Self.mount(folder.path) else { return false }
    defer { umount(folder.path) }
    try body(folder) {
      // Filled until a write fails: every later write of a byte does too.
      let filler = open(folder.appendingPathComponent("filler").path, O_WRONLY | O_CREAT, 0o644)
      defer { close(filler) }
      let block = [UInt8](repeating: 0, count: 4096)
      while write(filler, block, block.count) > 0 {}
    }
    return true
  }

  static func mount(_ path: String) -> Bool { Glibc.mount("tmpfs", path, "tmpfs", 0, "size=256k") == 0 }

  static let canMount: Bool = {
    guard let folder = try? Support.folder("tmpfs-probe"), Self.mount(folder.path) else { return false }
    umount(folder.path)
    return true
  }()

  /// A disk that fills up during `log:` leaves no empty event file, and the earlier run's log
  /// stays whole: it is replaced only once the new run's first epoch is on disk.
  @Test(.enabled(if: canMount, "mounting a tmpfs needs root"))
  func aFullDiskLeavesTheEarlierLogWhole() throws {
    let mounted = try Self.withFullDisk { disk, fill in
      let first = disk.appendingPathComponent("first")
      // A full disk with no log yet: no file of the log is left.
      try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
      let earlier = disk.appendingPathComponent("earlier")
      #expect(Support.run(Self.training(log: earlier.path)).errors == "")
      let logged = try FileManager.default.contentsOfDirectory(atPath: earlier.path).sorted()
      let contents = try logged.map { try Data(contentsOf: earlier.appendingPathComponent($0)) }
      try fill()
      let none = Support.run(Self.training(log: first.path))
      #expect(none.outcome.diagnostics.last?.message.hasSuffix("no space left on device") == true, "\(none.errors)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: first.path) == [])
      let again = Support.run(Self.training(log: earlier.path, epochs: 50))
      #expect(again.outcome.diagnostics.last?.message.hasSuffix("no space left on device") == true, "\(again.errors)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: earlier.path).sorted() == logged)
      #expect(try logged.map { try Data(contentsOf: earlier.appendingPathComponent($0)) } == contents)
    }
    #expect(mounted)
  }

  @Test func mistakesPointAtTheLogOption() throws {
    let folder = try Support.folder("log")
    let file = folder.appendingPathComponent("taken")
    try Data().write(to: file)
    let asFile = Support.run(Self.training(log: file.path))
    #expect(
      asFile.errors.contains("error: log: cannot write to \(file.path): it is a file, not a folder"), "\(asFile.errors)"
    )
    #expect(asFile.errors.contains("log: \"\(file.path)\""))
    let number = Support.run(Self.training(log: "x").replacingOccurrences(of: "\"x\"", with: "3"))
    #expect(
      number.errors.contains("error: log: expects a folder name such as \"runs/first\", found number"),
      "\(number.errors)")
    let empty = Support.run(Self.training(log: ""))
    #expect(empty.errors.contains("found an empty string"), "\(empty.errors)")
  }

  @Test func logPathsAreRelativeToTheScript() throws {
    let folder = try Support.folder("log")
    let script = folder.appendingPathComponent("s.nns")
    try Self.training(log: "runs/a").write(to: script, atomically: true, encoding: .utf8)
    let outcome = Engine().runFile(atPath: script.path, name: "s.nns")
    #expect(outcome.exitCode == 0)
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("runs/a/metrics.csv").path))
  }

  // MARK: TensorBoard itself

  @Test func tensorBoardReadsTheScalars() throws {
    let python = try TensorBoardPython.interpreter()
    let folder = try Support.folder("log")
    let run = Support.run(Self.training(log: folder.path))
    #expect(run.errors == "")
    let reader = """
      import json, sys
      from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
      acc = EventAccumulator(sys.argv[1])
      acc.Reload()
      print(json.dumps({t: [[e.step, e.value] for e in acc.Scalars(t)] for t in acc.Tags()["scalars"]}))
      """
    let result = try ExternalProgram.run(python, ["-c", reader, folder.path])
    #expect(result.status == 0, "\(result.stderr)")
    let scalars = try #require(
      JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [[Double]]], "\(result.stdout)")
    #expect(Set(scalars.keys) == ["train/loss", "val/loss", "train/acc", "val/acc", "lr"])
    let history = Self.history(run.engine)
    let expected: [String: [Float]] = [
      "train/loss": history.map(\.loss), "val/loss": history.map(\.valLoss), "train/acc": history.map(\.acc),
      "val/acc": history.map(\.valAcc), "lr": history.map(\.lr),
    ]
    for (tag, values) in expected {
      #expect(scalars[tag]?.map { $0[0] } == [1, 2, 3, 4, 5], "steps of \(tag)")
      #expect(scalars[tag]?.map { Float($0[1]) } == values, "values of \(tag)")
    }
  }
}

/// A Python with the `tensorboard` package, in a virtual environment under `.build/py-venv`
/// made the first time it is needed. Tests that need it are cancelled, with the reason, when
/// it cannot be made (no python3, no network).
enum TensorBoardPython {
  static let folder = Support.root.appendingPathComponent(".build/py-venv")

  static func interpreter() throws -> String {
    let python = folder.appendingPathComponent("bin/python").path
    if FileManager.default.isExecutableFile(atPath: python),
      (try? ExternalProgram.run(python, ["-c", "import tensorboard"]))?.status == 0
    {
      return python
    }
    let venv = try? ExternalProgram.run("/usr/bin/env", ["python3", "-m", "venv", folder.path])
    guard let venv, venv.status == 0 else {
      try Test.cancel(
        "skipped: python3 -m venv \(folder.path) failed (\(venv?.stderr ?? "no python3")); TensorBoard cannot read the log"
      )
    }
    let pip = try ExternalProgram.run(python, ["-m", "pip", "install", "--quiet", "tensorboard"])
    guard pip.status == 0 else {
      try Test.cancel("skipped: pip install tensorboard failed (offline?): \(pip.stderr.suffix(300))")
    }
    return python
  }
}

/// Runs a program outside the package and collects what it printed.
enum ExternalProgram {
  static func run(_ executable: String, _ arguments: [String]) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
  }
}
