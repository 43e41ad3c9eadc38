import NNCore

extension Builtins {
  static let training: [Builtin] = [
    Builtin(
      "predict", "x net? probs?",
      "what the trained network predicts: for a dataset, one prediction per sample; for a list of feature values, one; for a list of such lists, one each; net: M checks that M is that network; probs: true gives each class's probability, a record of class name → probability per sample"
    ) { args in
      let model = try args.modelOrFailure()
      if args[1] != nil { try args.checkTrained(model, is: try args.value(1)) }
      let probabilities = try args.probabilitiesAsked(of: model)
      let value = try args.value(0)
      let (features, single) = try samples(value, model, args)
      let outputs = try model.network.predict(features)
      let predictions = try (0..<outputs.rows).map {
        try prediction(Array(outputs.row($0)), model, probabilities: probabilities, args)
      }
      return single ? predictions[0] : .list(predictions)
    }
  ]

  /// The features to predict from: a dataset as it is (already prepared), or raw numbers
  /// that get the training data's preparation first.
  private static func samples(_ value: Value, _ model: Model, _ args: Arguments) throws -> (Matrix, single: Bool) {
    if case .dataset(let d) = value {
      guard d.features.columns == model.inputWidth else {
        throw args.failure(
          "the network takes \(model.inputWidth) features, this dataset has \(d.features.columns)", at: 0)
      }
      return (d.features, false)
    }
    guard case .list(let items) = value else {
      throw args.failure("expected a dataset or a list of numbers, found \(value.typeName)", at: 0)
    }
    let single = items.first.map { if case .number = $0 { return true } else { return false } } ?? false
    var matrix = Matrix(rows: 0, columns: model.inputWidth)
    for item in single ? [value] : items {
      guard case .list(let numbers) = item, numbers.count == model.inputWidth else {
        throw args.failure("each sample must be a list of \(model.inputWidth) numbers", at: 0)
      }
      var row = try numbers.map { n -> Float in
        guard case .number(let x) = n else {
          throw args.failure("each sample must be a list of \(model.inputWidth) numbers", at: 0)
        }
        return Float(x)
      }
      for step in model.preparation { step.apply(to: &row) }
      matrix.appendRow(row)
    }
    return (matrix, single)
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
    var value = output[0]
    for case .scaleTarget(let shift, let scale) in model.preparation.reversed() { value = value * scale + shift }
    return .number(value.asScriptNumber)
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
