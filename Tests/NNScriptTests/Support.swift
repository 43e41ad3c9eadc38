import Foundation

@testable import NNScript

/// Paths and helpers shared by the tests.
enum Support {
  /// The package's root folder.
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The `nnscript` executable built beside the tests.
  static var binary: URL {
    let testBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let beside = testBundle.appendingPathComponent("nnscript")
    if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
    return root.appendingPathComponent(".build/debug/nnscript")
  }

  /// A fresh folder under the temporary directory for one test's files, named after `purpose`.
  static func folder(_ purpose: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("nnscript-\(purpose)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Runs source in a fresh engine; returns the engine (for its variables), what it printed,
  /// its rendered diagnostics and its outcome.
  static func run(_ text: String, name: String = "test.nns") -> (
    engine: Engine, output: String, errors: String, outcome: Outcome
  ) {
    var output = ""
    let engine = Engine(output: { output += $0 })
    let outcome = engine.run(SourceFile(name: name, text: text))
    return (engine, output, DiagnosticRenderer().render(outcome.diagnostics), outcome)
  }

  /// A field of a record, or a member of a run or dataset, as a script reads it.
  static func member(_ value: Value?, _ name: String) -> Value? {
    switch value {
    case .record(let r): return r[name]
    case .run(let r): return r.member(name)
    case .dataset(let d): return d.dataset.member(name)
    default: return nil
    }
  }

  static func number(_ value: Value?) -> Double? {
    if case .number(let n) = value { return n }
    return nil
  }

  /// The `.nns` files below a folder of the package, sorted.
  static func scripts(in folder: String) -> [URL] {
    let base = root.appendingPathComponent(folder)
    guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
    return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "nns" }.sorted { $0.path < $1.path }
  }

  /// Runs the built `nnscript` with arguments and optional standard input.
  static func exec(
    _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in directory: URL? = nil
  )
    throws -> (status: Int32, stdout: String, stderr: String)
  {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
    let stderrData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: stdoutData, as: UTF8.self),
      String(decoding: stderrData, as: UTF8.self)
    )
  }
}
