import NNCore

extension Interpreter {
  /// Evaluates a command's arguments against its spec, then runs it.
  func runCommand(_ call: CommandCall, at range: SourceRange) throws -> Value {
    guard let spec = CommandCatalog.spec(for: call.command) else {
      throw error("unknown command '\(call.name.text)'", at: call.name.range)
    }
    // `search` reads its options as spaces and choices, so it evaluates them itself.
    if call.command == .search { return try SearchCommand(interpreter: self).run(call, at: call.name.range) }
    var positional: [(Value, SourceRange)] = []
    var options: [String: (value: Value, range: SourceRange)] = [:]
    for argument in call.arguments {
      if let label = argument.label {
        let vocabulary = spec.option(label.text)?.vocabulary
        options[label.text] = (try evaluate(argument.value, words: vocabulary), argument.value.range)
      } else {
        positional.append((try evaluate(argument.value, words: spec.positionalVocabulary), argument.value.range))
      }
    }
    do {
      switch call.command {
      case .print:
        output(positional.map(\.0.display).joined(separator: " ") + "\n")
        return .none
      case .seed:
        guard let (value, _) = positional.first, case .number(let n) = value, n >= 0, n == n.rounded(), n < 1e18 else {
          throw error("'seed' takes a whole number ≥ 0", at: positional.first?.1 ?? range)
        }
        seed = UInt64(n)
        random = SeededGenerator(seed: UInt64(n))
        return .none
      case .train:
        return try TrainCommand(interpreter: self).train(TrainingOptions(values: options), at: call.name.range)
      case .eval:
        return try ModelCommands(interpreter: self).evaluateModel(on: options["on"], at: call.name.range)
      case .summary:
        try ModelCommands(interpreter: self).printSummary(at: call.name.range)
        return .none
      case .reset:
        try ModelCommands(interpreter: self).resetModel(at: call.name.range)
        return .none
      case .doctor:
        return try DoctorCommand(interpreter: self).diagnose(options: options, at: call.name.range)
      case .fix:
        return try FixCommand(interpreter: self).run(budget: options["budget"], at: call.name.range)
      case .save:
        return try ModelFileCommands(interpreter: self).save(positional.first, to: options["to"], at: call.name.range)
      case .resume:
        return try ResumeCommand(interpreter: self).run(from: positional[0], at: call.name.range)
      case .plot:
        return try PlotCommands(interpreter: self).plot(positional, options: options, at: call.name.range)
      case .report:
        return try PlotCommands(interpreter: self).writeReport(to: positional[0], at: call.name.range)
      default:
        // Every keyword with a spec is a command handled above (`search` before the switch).
        preconditionFailure("the command '\(spec.name)' has a spec but no implementation")
      }
    } catch let diagnostic as Diagnostic {
      throw diagnostic.located(in: self)
    }
  }

  /// Evaluates an argument whose slot has a vocabulary: there a word (`adam`) or a call of a
  /// word (`sgd(momentum: 0.9)`) means that word, and a list holds such words element-wise.
  func evaluate(_ expr: Expr, words vocabulary: Vocabulary?) throws -> Value {
    guard let vocabulary else { return try evaluate(expr) }
    switch expr.kind {
    case .variable(let name) where vocabulary.word(name) != nil:
      return .term(Term(name: name))
    case .call(let callee, let arguments):
      guard case .variable(let name) = callee.kind, let word = vocabulary.word(name) else { break }
      var positional: [Value] = []
      var named: [(name: String, value: Value)] = []
      for (position, argument) in arguments.enumerated() {
        let parameter = argument.label?.text ?? (position < word.parameters.count ? word.parameters[position] : "")
        let value = try evaluate(argument.value, words: parameter == "schedule" ? vocabulary : nil)
        if let label = argument.label {
          guard word.parameters.contains(label.text) else {
            throw Diagnostic(error: "'\(name)' has no parameter '\(label.text)'", at: label.range)
              .suggesting(label.text, from: word.parameters).located(in: self)
          }
          named.append((label.text, value))
        } else {
          positional.append(value)
        }
      }
      guard positional.count + named.count <= word.parameters.count else {
        throw error(
          "'\(name)' takes at most \(word.parameters.count) argument\(word.parameters.count == 1 ? "" : "s")",
          at: expr.range, label: "expected \(name)(\(word.parameters.joined(separator: ", ")))")
      }
      return .term(Term(name: name, arguments: positional, options: named))
    case .list(let elements):
      return .list(try elements.map { try evaluate($0, words: vocabulary) })
    default:
      break
    }
    let value = try evaluate(expr)
    // A string holding a word (`act = "tanh"; dense 8 act`) means the word too.
    if case .string(let s) = value, vocabulary.word(s) != nil { return .term(Term(name: s)) }
    return value
  }
}
