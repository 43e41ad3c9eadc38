import Foundation
import NNCore

/// `save PATH`, `save VALUE to: PATH` and `load_net(PATH)`, whose network text `resume`
/// reads the same way (ResumeCommand.swift).
struct ModelFileCommands: Command {
  let interpreter: Interpreter

  /// `save PATH` writes the trained network as safetensors; `save VALUE to: PATH` writes a
  /// table (a search's trials, a run's history, a list of records) as CSV or JSON.
  func save(
    _ value: (Value, SourceRange)?, to target: (value: Value, range: SourceRange)?, at range: SourceRange
  ) throws -> Value {
    guard let target else {
      guard let value else {
        throw Diagnostic(error: "'save' needs a file to write", at: range)
          .expecting("save \"model.safetensors\", or save s to: \"trials.csv\"")
      }
      return try saveModel(to: value, at: range)
    }
    guard let (table, tableRange) = value else { return try saveModel(to: (target.value, target.range), at: range) }
    guard let file = TableFile(table) else {
      throw Diagnostic(
        error: "save … to: writes a search's trials, a run's history or a list of records, found a \(table.typeName)",
        at: tableRange
      )
      .note("the trained network is saved with save \"model.safetensors\"")
    }
    let (shown, absolute) = try interpreter.path(
      (target.value, target.range), for: "save", what: "a file", use: .writing)
    try interpreter.writeFile(Data(file.text(for: absolute).utf8), to: absolute, shown: shown, at: target.range)
    return .none
  }

  func saveModel(to path: (Value, SourceRange), at range: SourceRange) throws -> Value {
    let model = try trainedModel(for: "save", at: range)
    let (shown, absolute) = try interpreter.path(path, for: "save", what: "a file", use: .writing)
    try interpreter.writeFile(
      ModelFile.encoded(model.network, ModelMetadata(model)), to: absolute, shown: shown, at: path.1)
    return .none
  }

  /// `load_net(path)`: makes a model file's network the session's trained network, as a net
  /// statement and a `train` would, and returns it. Throws a `FileFailure` for a file that
  /// is not a model file, and diagnostics in the file's network text for a network that is wrong.
  func loadNetwork(from path: String, resolvedTo absolute: String) throws -> NetworkValue {
    let file = try SafeTensors(contentsOf: absolute)
    let metadata = try ModelMetadata(entries: file.metadata)
    let stub = Self.stub(metadata, name: path)
    let description = try interpreter.network(NetworkText(SourceFile(name: path, text: metadata.network)))
    let network = try NetworkCompiler(network: description, dataset: stub).compile(
      seed: 0, budget: workspace.memoryBudget)
    let used = try ModelFile.load(file, format: metadata.format, into: network)
    if let extra = file.tensors.first(where: { !used.contains($0.name) }) {
      throw FileFailure("it holds a tensor '\(extra.name)' that its network has no place for")
    }
    workspace.currentNetwork = description
    workspace.model = Model(
      description: description, network: network, dataset: stub, preparation: metadata.preparation, ids: metadata.ids)
    return description
  }

  /// A dataset without samples that describes what a model file's network expects.
  private static func stub(_ metadata: ModelMetadata, name: String) -> Dataset {
    Dataset(
      name: name, features: Matrix(rows: 0, columns: metadata.inputs.count), featureNames: metadata.inputs,
      targetName: metadata.target, targets: metadata.classes.map { .classes([], names: $0) } ?? .values([]),
      sampleShape: metadata.shape)
  }
}
