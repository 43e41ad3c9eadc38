import Foundation
import NNCore

/// `save PATH` and `load_net(PATH)`, whose network text `resume` reads the same way
/// (Interpreter+Checkpoints.swift).
extension Interpreter {
  func saveModel(to path: (Value, SourceRange), at range: SourceRange) throws -> Value {
    let model = try trainedModel(for: "save", at: range)
    let (shown, absolute) = try self.path(path, for: "save", what: "a file", use: .writing)
    try writeFile(ModelFile.encoded(model.network, ModelMetadata(model)), to: absolute, shown: shown, at: path.1)
    return .none
  }

  /// `load_net(path)`: makes a model file's network the session's trained network, as a net
  /// statement and a `train` would, and returns it. Throws a `FileFailure` for a file that
  /// is not a model file, and diagnostics in the file's network text for a network that is wrong.
  func loadNetwork(from path: String, resolvedTo absolute: String) throws -> NetworkValue {
    let file = try SafeTensors(contentsOf: absolute)
    let metadata = try ModelMetadata(entries: file.metadata)
    let stub = Self.stub(metadata, name: path)
    let description = try network(NetworkText(SourceFile(name: path, text: metadata.network)))
    let network = try NetworkCompiler(network: description, dataset: stub).compile(seed: 0, budget: memoryBudget)
    let used = try ModelFile.load(file, format: metadata.format, into: network)
    if let extra = file.tensors.first(where: { !used.contains($0.name) }) {
      throw FileFailure("it holds a tensor '\(extra.name)' that its network has no place for")
    }
    currentNetwork = description
    model = Model(description: description, network: network, dataset: stub)
    return description
  }

  /// A dataset without samples that describes what a model file's network expects.
  private static func stub(_ metadata: ModelMetadata, name: String) -> Dataset {
    var stub = Dataset(
      name: name, features: Matrix(rows: 0, columns: metadata.inputs.count), featureNames: metadata.inputs,
      targetName: metadata.target, targets: metadata.classes.map { .classes([], names: $0) } ?? .values([]),
      sampleShape: metadata.shape)
    stub.preparation = metadata.preparation
    return stub
  }

  // MARK: Paths

  /// A path argument as the script gave it, and where it leads for `use`: relative to the script.
  func path(_ argument: (Value, SourceRange), for command: String, what: String, use: Capabilities.Use) throws -> (
    shown: String, absolute: String
  ) {
    guard case .string(let path) = argument.0 else {
      throw Diagnostic(error: "\(command) expects \(what) path, found \(argument.0.typeName)", at: argument.1)
    }
    guard !path.isEmpty else { throw Diagnostic(error: "\(command) expects \(what) path, found \"\"", at: argument.1) }
    return (path, try resolve(path, for: use, at: argument.1))
  }
}
