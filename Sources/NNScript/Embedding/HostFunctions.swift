import NNCore

extension Engine {
  /// Makes a Swift function callable from scripts as `name(...)`.
  ///
  /// `signature` names the parameters; a trailing `?` makes one optional and a trailing `...`
  /// collects the remaining arguments as a list: `"path sep?"`, `"values..."`. Calls are
  /// checked against it before a script runs, like the builtins'. The body reads its
  /// arguments through `Arguments`' typed accessors; what they throw, and any
  /// `ScriptFailure` the body throws, becomes a diagnostic that points at the call in the
  /// script (at the argument it names):
  ///
  ///     engine.define("scaled", "x factor?") { args in
  ///       let factor = try args.number(1, default: 2)
  ///       guard factor != 0 else { throw args.failure("the factor must not be 0", at: 1) }
  ///       return .number(try args.number(0) * factor)
  ///     }
  ///
  /// A later definition of the same name replaces the earlier one.
  public func define(
    _ name: String, _ signature: String, summary: String = "a function of the host",
    _ body: @escaping (Arguments) throws -> Value
  ) {
    let unchecked = UncheckedBody(body)
    self[variable: name] = .builtin(Builtin(name, signature, summary) { try unchecked.body($0) })
  }
}

/// A host's closure, which need not be Sendable: the engine calls it only on the thread
/// that runs the script.
private struct UncheckedBody: @unchecked Sendable {
  let body: (Arguments) throws -> Value
  init(_ body: @escaping (Arguments) throws -> Value) { self.body = body }
}

extension Value {
  /// A classification dataset built from Swift arrays: one row of features per sample and
  /// one class name per sample (the classes are the distinct names, in sorted order).
  public static func dataset(
    name: String = "data", features: [[Double]], featureNames: [String]? = nil, classes: [String]
  ) throws -> Value {
    let names = Array(Set(classes)).sorted()
    let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
    return .dataset(
      try hostDataset(
        name, features, featureNames, target: "class", .classes(classes.map { index[$0]! }, names: names),
        count: classes.count))
  }

  /// A regression dataset built from Swift arrays: one row of features and one target value
  /// per sample.
  public static func dataset(
    name: String = "data", features: [[Double]], featureNames: [String]? = nil, values: [Double]
  ) throws -> Value {
    .dataset(
      try hostDataset(
        name, features, featureNames, target: "value", .values(values.map(Float.init)), count: values.count))
  }

  private static func hostDataset(
    _ name: String, _ features: [[Double]], _ featureNames: [String]?, target: String, _ targets: Dataset.Targets,
    count: Int
  ) throws -> Dataset {
    guard let width = features.first?.count, width > 0 else { throw DataError("the dataset has no features") }
    guard features.count == count else {
      throw DataError("there are \(features.count) rows of features for \(count) targets")
    }
    if let row = features.firstIndex(where: { $0.count != width }) {
      throw DataError("row \(row + 1) has \(features[row].count) features, the first has \(width)")
    }
    if let row = features.firstIndex(where: { !$0.allSatisfy(\.isFinite) }) {
      throw DataError("row \(row + 1) holds a value that is not a finite number")
    }
    let names = featureNames ?? (1...width).map { "x\($0)" }
    guard names.count == width else { throw DataError("\(names.count) feature names for \(width) features") }
    return Dataset(
      name: name,
      features: Matrix(rows: features.count, columns: width, values: features.flatMap { $0.map(Float.init) }),
      featureNames: names, targetName: target, targets: targets)
  }
}
