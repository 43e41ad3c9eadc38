import Foundation
import NNScript

/// What the fuzz targets feed their inputs to, shared by the libFuzzer targets under Fuzz/
/// (which compile this very file) and by the tests that mutate files and replay the corpus.
///
/// Each target reaches its reader the way a user does, through an engine: the checker as
/// `Engine.check`, the others as a one-line script that reads the input from a file. An input
/// must end in a value or in errors that say what is wrong; `problem(with:)` names what else
/// happened.
public final class FuzzHarness {
  /// One reader to fuzz.
  public enum Target: String, CaseIterable, Sendable {
    /// A script, through the lexer, parser and checker.
    case check
    /// A CSV file, through `csv`.
    case csv
    /// A model file, through `load_net`.
    case model
    /// A checkpoint folder's file, through `resume`.
    case checkpoint
  }

  /// The data the seed checkpoints were trained on: `resume` reads a checkpoint only for the
  /// data it was made on.
  public static let checkpointData = "seed 1\ndata = split(standardize(load(\"iris\")), 0.8)\n"

  public let target: Target
  private let engine = Engine(options: Engine.Options(seed: 1))
  private let folder: URL
  private let input: URL
  private let script: SourceFile

  /// A harness whose files live in a fresh temporary folder, which `remove()` deletes.
  public init(_ target: Target) {
    self.target = target
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nnscript-fuzz-\(target.rawValue)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // The input's path as a string literal: the temporary folder's path holds nothing to escape.
    func quoted(_ url: URL) -> String { "\"\(url.path)\"" }
    // Each target's input file, and the line that reads it.
    let file =
      switch target {
      case .check: "input.nns"
      case .csv: "input.csv"
      case .model: "input.safetensors"
      case .checkpoint: "run/checkpoint.safetensors"
      }
    input = folder.appendingPathComponent(file)
    let text =
      switch target {
      case .check: ""
      case .csv: "d = csv(\(quoted(input)))"
      case .model: "m = load_net(\(quoted(input)))"
      case .checkpoint: "r = resume \(quoted(input.deletingLastPathComponent()))"
      }
    if target == .checkpoint {
      try? FileManager.default.createDirectory(at: input.deletingLastPathComponent(), withIntermediateDirectories: true)
      _ = engine.run(SourceFile(name: "data.nns", text: Self.checkpointData))
    }
    script = SourceFile(name: "fuzz.nns", text: text)
  }

  /// The folder the harness writes its inputs to, as messages quote it.
  public var folderPath: String { folder.path }

  /// Deletes the harness's files.
  public func remove() { try? FileManager.default.removeItem(at: folder) }

  /// Feeds one input to the target; throws only when the input cannot be written to its file.
  public func run(_ bytes: [UInt8]) throws -> Outcome {
    if target == .check {
      return engine.check(SourceFile(name: "fuzz.nns", text: String(decoding: bytes, as: UTF8.self)))
    }
    try Data(bytes).write(to: input)
    return engine.run(script)
  }

  /// What is wrong with an outcome, or nil when it is a value or explained errors.
  public static func problem(with outcome: Outcome) -> String? {
    let errors = outcome.diagnostics.filter { $0.severity == .error }
    if outcome.status == .success {
      // A run the doctor judged failed (nan-loss, say) still ends its statement: its findings
      // are the only errors a script that ran to the end may report.
      let unexplained = errors.filter { error in
        !Finding.Code.allCases.contains { error.message.hasPrefix("\($0.rawValue): ") }
      }
      return unexplained.isEmpty ? nil : "succeeded with errors: \(unexplained.map(\.message))"
    }
    if errors.isEmpty { return "status \(outcome.status) without an error" }
    if let empty = errors.first(where: { $0.message.isEmpty }) {
      return "an error without a message at \(String(describing: empty.range))"
    }
    return nil
  }
}
