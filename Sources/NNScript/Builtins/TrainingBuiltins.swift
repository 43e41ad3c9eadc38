import NNCore

extension Builtins {
  static let training: [Builtin] = [
    Builtin(
      "predict", "x net? probs?",
      "what the trained network predicts, from samples prepared as its training data was: for a dataset or a CSV file's path, one prediction per sample (a record with the ids beside it when the data has id columns); for a list of a sample's values (numbers and texts, one per column as read), one; for a list of such lists, one each; net: M checks that M is that network; probs: true gives each class's probability, a record of class name → probability per sample (p_NAME fields beside the ids)"
    ) { args in
      let model = try args.modelOrFailure()
      if args[1] != nil { try args.checkTrained(model, is: try args.value(1)) }
      let probabilities = try args.probabilitiesAsked(of: model)
      let value = try args.value(0)
      let (samples, single) = try args.data(at: 0) { try Self.samples(value, model, args) }
      for note in samples.notes { args.interpreter.note(Diagnostic(severity: .note, message: note, at: args.site)) }
      let outputs = try model.network.predict(samples.features)
      let predictions = try (0..<outputs.rows).map {
        try prediction(Array(outputs.row($0)), model, probabilities: probabilities && samples.ids.isEmpty, args)
      }
      if single { return predictions[0] }
      guard !samples.ids.isEmpty else { return .list(predictions) }
      // Beside the ids, as a file of predictions is written: the prediction, then each
      // class's probability when asked.
      return .list(
        try predictions.enumerated().map { r, prediction in
          var fields = samples.ids.map { ($0.name, Value.string($0.values[r])) } + [(model.targetName, prediction)]
          if probabilities,
            case .record(let p) = try Self.prediction(
              Array(outputs.row(r)), model, probabilities: true, args)
          {
            fields += p.keys.map { ("p_\($0)", p[$0]!) }
          }
          return .record(Record(fields))
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
      // Missing values are read as missing, not refused: the model's fitted fills decide, and
      // a sample they cannot fill is an error naming it.
      var options = CSVOptions(target: model.targetName, missing: .mean)
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

  /// A class name for classes (or, asked for, a record of each class's probability), else
  /// the value mapped back through any target scaling.
  private static func prediction(_ output: [Float], _ model: Model, probabilities: Bool, _ args: Arguments) throws
    -> Value
  {
    if let names = model.classNames {
      let p = model.probabilities(output)
      guard probabilities else { return .string(names[ClassOutputs.predicted(output, probabilities: p)]) }
      guard let p else {
        throw args.failure(
          "probs: the network's outputs are no probabilities: end it with softmax (or sigmoid), or train it with ce",
          at: 2)
      }
      return .record(Record(zip(names, p).map { ($0, .number(Float($1).asScriptNumber)) }))
    }
    return .number(model.preparation.unscaled(output[0]).asScriptNumber)
  }
}

extension Arguments {
  /// `predict`'s `probs:`: true or false, and true only for a network that predicts classes.
  fileprivate func probabilitiesAsked(of model: Model) throws -> Bool {
    guard let value = self[2] else { return false }
    guard case .bool(let asked) = value else {
      throw failure("probs: expects true or false, found \(value.typeName)", at: 2)
    }
    if asked, model.classNames == nil {
      throw failure("probs: the network predicts values, not classes: probabilities need class targets", at: 2)
    }
    return asked
  }

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
