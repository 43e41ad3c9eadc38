import NNCore

extension Builtins {
  static let training: [Builtin] = [
    Builtin(
      "predict", "x net?",
      "what the trained network predicts, from samples prepared as its training data was: for a dataset or a CSV file's path, one prediction per sample (a record with the ids beside it when the data has id columns); for a list of a sample's values (numbers and texts, one per column as read), one; for a list of such lists, one each; net: M checks that M is that network"
    ) { args in
      let model = try args.modelOrFailure()
      if args[1] != nil { try args.checkTrained(model, is: try args.value(1)) }
      let value = try args.value(0)
      let (samples, single) = try args.data(at: 0) { try Self.samples(value, model, args) }
      for note in samples.notes { args.interpreter.note(Diagnostic(severity: .note, message: note, at: args.site)) }
      let outputs = try model.network.predict(samples.features)
      let predictions = (0..<outputs.rows).map { prediction(Array(outputs.row($0)), model) }
      if single { return predictions[0] }
      guard !samples.ids.isEmpty else { return .list(predictions) }
      return .list(
        predictions.enumerated().map { r, prediction in
          .record(Record(samples.ids.map { ($0.name, Value.string($0.values[r])) } + [(model.targetName, prediction)]))
        })
    }
  ]

  /// The samples to predict from, prepared as the training data was: a dataset from its
  /// columns as read, a CSV file's rows by column name, or values given in the script.
  private static func samples(_ value: Value, _ model: Model, _ args: Arguments) throws -> (
    PreparedSamples, single: Bool
  ) {
    switch value {
    case .dataset(let d): return (try model.prepared(d.dataset), false)
    case .string:
      var options = CSVOptions(target: model.targetName)
      options.ids = model.ids
      let path = try args.path(0, for: .reading)
      let samples = try CSVReader.readSamples(path: path.absolute, name: path.shown, options: options)
      return (try model.prepared(samples), false)
    case .list(let items):
      let single = items.first.map { !$0.isList } ?? false
      let columns = model.preparation.columns
      let usage =
        "each sample must be a list of \(columns.count) values, one per column as the training data was read: \(columns.map(\.name).joined(separator: ", "))"
      let rows = try (single ? [value] : items).map { item -> [Preparation.Cell] in
        guard case .list(let values) = item, values.count == columns.count else { throw args.failure(usage, at: 0) }
        return try values.map { value -> Preparation.Cell in
          switch value {
          case .number(let x): return .number(Float(x))
          case .string(let text): return .text(text)
          case .none: return .missing
          default: throw args.failure(usage, at: 0)
          }
        }
      }
      return (try model.prepared(cells: rows), single)
    default:
      throw args.failure("expected a dataset, a CSV file's path or a list of values, found \(value.typeName)", at: 0)
    }
  }

  /// A class name for classes, else the value in the target's own units.
  private static func prediction(_ output: [Float], _ model: Model) -> Value {
    if let names = model.classNames {
      let index = output.count == 1 ? (output[0] >= 0.5 ? 1 : 0) : output.indices.max { output[$0] < output[$1] }!
      return .string(names[index])
    }
    return .number(model.preparation.unscaled(output[0]).asScriptNumber)
  }
}

extension Arguments {
  func modelOrFailure() throws -> Model {
    guard let model = interpreter.workspace.model else {
      throw ScriptFailure("there is no trained network: train first")
    }
    return model
  }

  /// `predict(x, net: m)`: the session holds one trained network's weights, the last trained
  /// or loaded, so `m` must be that very network (the same literal, or the same `load_net`).
  fileprivate func checkTrained(_ model: Model, is value: Value) throws {
    guard case .network(let network) = value else {
      throw failure("net: expects a network, found \(value.typeName)", at: 1)
    }
    let trained = model.description
    guard trained.description == network.description, trained.range.file === network.range.file,
      trained.range.start == network.range.start
    else {
      throw failure(
        "this network is not the one the session trained or loaded last: train it or load_net it first", at: 1)
    }
  }
}
