extension Interpreter {
  /// Evaluates a net literal's layer arguments and checks each against its slot.
  func buildNetwork(_ literal: NetLiteral, at range: SourceRange) throws -> NetworkValue {
    let layers = try literal.layers.map { node in
      try layer(node.name, arguments: node.arguments.map { ($0.label, $0.value.range) }, at: node.range) {
        index, slot in try evaluate(node.arguments[index].value, words: slot.vocabulary)
      }
    }
    return NetworkValue(layers: layers, range: range)
  }

  /// The network a model file's or checkpoint's `nnscript.net` holds, its values checked as a
  /// net literal's are; nothing in it is evaluated.
  func network(_ text: NetworkText) throws -> NetworkValue {
    let layers = try text.layers.map { layer in
      try self.layer(layer.name, arguments: layer.arguments.map { ($0.label, $0.range) }, at: layer.range) {
        index, _ in layer.arguments[index].value
      }
    }
    return NetworkValue(layers: layers, range: text.range)
  }

  /// The layer `name`, its arguments bound to the layer's slots by label or position and
  /// checked; `value` gives the value of the argument at an index, for the slot it fills.
  private func layer(
    _ name: Name, arguments: [(label: Name?, range: SourceRange)], at range: SourceRange,
    value: (Int, Slot) throws -> Value
  ) throws -> NetworkValue.Layer {
    guard let spec = LayerCatalog.spec(name.text) else {
      throw Diagnostic(error: "unknown layer '\(name.text)'", at: name.range)
        .suggesting(name.text, from: LayerCatalog.names).located(in: self)
    }
    var bound: [(slot: String, value: Value)] = []
    var nextPositional = 0
    for (index, argument) in arguments.enumerated() {
      let slot: Slot
      if let label = argument.label {
        guard let option = spec.option(label.text) else {
          throw Diagnostic(error: "'\(spec.name)' has no option '\(label.text)'", at: label.range)
            .suggesting(label.text, from: spec.options.map(\.name)).located(in: self)
        }
        slot = option
      } else {
        guard nextPositional < spec.positional.count else {
          throw error(
            "too many arguments for '\(spec.name)'", at: argument.range, label: "expected \(spec.summary)")
        }
        slot = spec.positional[nextPositional]
        nextPositional += 1
      }
      bound.append((slot.name, try checkSlot(slot, try value(index, slot), of: spec, at: argument.range)))
    }
    if nextPositional < spec.required {
      throw error(
        "'\(spec.name)' needs its \(spec.positional[nextPositional].name)", at: range,
        label: "expected \(spec.summary)")
    }
    return NetworkValue.Layer(name: spec.name, arguments: bound, range: range)
  }

  private func checkSlot(_ slot: Slot, _ value: Value, of spec: LayerSpec, at range: SourceRange) throws -> Value {
    let role = "the \(slot.name) of '\(spec.name)'"
    switch (slot.kind, value) {
    case (.count, .number(let n)):
      guard n >= 1, n == n.rounded(), n <= 1e8 else {
        throw error("\(role) must be a whole number ≥ 1, found \(Value.format(n))", at: range)
      }
    case (.fraction, .number(let n)):
      guard n >= 0, n < 1 else {
        throw error("\(role) must be at least 0 and below 1, found \(Value.format(n))", at: range)
      }
    case (.number, .number(let n)):
      guard n.isFinite else { throw error("\(role) must be a finite number", at: range) }
    case (.bool, .bool):
      break
    case (.word(let vocabulary), .term(let term)):
      if let problem = vocabulary.problem(with: term) {
        let diagnostic = Diagnostic(error: problem, at: range)
        throw
          (vocabulary.word(term.name) == nil
          ? diagnostic.suggesting(term.name, from: vocabulary.names) : diagnostic).located(in: self)
      }
    case (.word(let vocabulary), _):
      throw error(
        "\(role) must be \(vocabulary.kind == "activation" ? "an" : "a") \(vocabulary.kind), found \(value.typeName)",
        at: range, label: "expected one of \(vocabulary.names.joined(separator: ", "))")
    default:
      throw error("\(role) must be \(slot.kind.noun), found \(value.typeName)", at: range)
    }
    return value
  }
}

extension Slot {
  var vocabulary: Vocabulary? {
    if case .word(let v) = kind { return v }
    return nil
  }
}

extension Slot.Kind {
  var noun: String {
    switch self {
    case .count: return "a whole number ≥ 1"
    case .fraction: return "a number in [0, 1)"
    case .number: return "a number"
    case .bool: return "true or false"
    case .word(let v): return "a \(v.kind)"
    }
  }
}
