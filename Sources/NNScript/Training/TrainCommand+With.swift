import NNCore

extension TrainCommand {
  /// `train with: R`: R's fields as options, the ones written beside `with:` winning. A
  /// function in `net:` is called with the fields that are its parameters, as `search` did.
  func expandingWith(_ options: TrainingOptions) throws -> TrainingOptions {
    guard let (value, range) = options.values["with"] else { return options }
    guard case .record(let record) = value else {
      throw Diagnostic(error: "with: expects a record of options, found \(value.typeName)", at: range).located(
        in: interpreter)
    }
    var expanded = options
    expanded.values["with"] = nil
    let spec = CommandCatalog.spec(for: .train)!
    let net = options.values["net"]?.value ?? record["net"]
    var arguments: [(Name, Value)] = []
    let parameters: [String]
    if case .function(let builder) = net {
      parameters = builder.declaration.parameters.map(\.name.text)
    } else {
      parameters = []
    }
    for (key, field) in record.fields where options.values[key] == nil {
      if parameters.contains(key) {
        arguments.append((Name(text: key, range: range), field))
      } else if spec.option(key) != nil, key != "with" {
        expanded.values[key] = (field, range)
      } else {
        throw Diagnostic(error: "with: '\(key)' is not an option of 'train'", at: range)
          .suggesting(key, from: spec.options.map(\.name) + parameters).located(in: interpreter)
      }
    }
    if case .function(let builder) = net {
      let built = try interpreter.call(
        .function(builder), positional: [], named: arguments, argumentRanges: [], at: range)
      guard case .network = built else {
        throw Diagnostic(error: "'\(builder.name)' returned a \(built.typeName), not a network", at: range).located(
          in: interpreter)
      }
      expanded.values["net"] = (built, expanded.values["net"]?.range ?? range)
    }
    return expanded
  }
}
