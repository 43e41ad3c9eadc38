import Foundation
import NNCore

/// `save PATH` and `load_net(PATH)`, and the reading of what nnscript wrote that `resume`
/// (Interpreter+Checkpoints.swift) shares.
extension Interpreter {
  func saveModel(to path: (Value, SourceRange), at range: SourceRange) throws -> Value {
    let model = try trainedModel(for: "save", at: range)
    let (shown, absolute) = try self.path(path, for: "save", what: "a file", use: .writing)
    do {
      try AtomicFile.write(ModelFile.encoded(model.network, ModelMetadata(model)), to: absolute)
    } catch {
      throw Diagnostic(error: "cannot write '\(shown)': \(error.reason)", at: path.1)
    }
    return .none
  }

  /// `load_net(path)`: makes a model file's network the session's trained network, as a net
  /// statement and a `train` would, and returns it. Throws a `ModelFileError` for a file that
  /// is not a model file, and diagnostics in the file's network text for a network that is wrong.
  func loadNetwork(from path: String, resolvedTo absolute: String) throws -> NetworkValue {
    let file = try SafeTensors(decoding: try Self.contents(of: absolute))
    let metadata = try ModelMetadata(entries: file.metadata)
    let stub = Self.stub(metadata, name: path)
    let description = try network(metadata.network, in: SourceFile(name: path, text: metadata.network))
    let network = try NetworkCompiler(network: description, dataset: stub).compile(seed: 0)
    let used = try ModelFile.load(file, format: metadata.format, into: network)
    if let extra = file.tensors.first(where: { !used.contains($0.name) }) {
      throw ModelFileError("it holds a tensor '\(extra.name)' that its network has no place for")
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

  // MARK: Reading what nnscript wrote

  /// The network a net literal's text describes, evaluated with `file` as its source.
  func network(_ text: String, in file: SourceFile) throws -> NetworkValue {
    let program = Parser.parse(file)
    guard program.diagnostics.isEmpty, case .expression(let expr)? = program.statements.first?.kind,
      case .network(let literal) = expr.kind
    else {
      throw Diagnostic(error: "'\(text)' is not a network", at: SourceRange(file: file, start: 0, end: text.utf8.count))
    }
    return try buildNetwork(literal, at: expr.range)
  }

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

  /// A file's bytes, or why there are none.
  private static func contents(of path: String) throws(ModelFileError) -> Data {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw ModelFileError("there is no such file")
    }
    guard !isFolder.boolValue else { throw ModelFileError("it is a folder") }
    guard let data = FileManager.default.contents(atPath: path) else { throw ModelFileError("it cannot be read") }
    return data
  }
}
