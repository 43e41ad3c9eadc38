import NNCore

/// A command that works on the session's workspace: `train`, `search`, `fix`, `save`… It
/// asks its interpreter to evaluate the script's expressions and call its functions, and to
/// say what it prints and notes; everything else it does on its own.
protocol Command {
  var interpreter: Interpreter { get }
}

extension Command {
  var workspace: Workspace { interpreter.workspace }

  func evaluate(_ expr: Expr, words vocabulary: Vocabulary? = nil) throws -> Value {
    try interpreter.evaluate(expr, words: vocabulary)
  }

  func output(_ text: String) { interpreter.output(text) }

  func note(_ diagnostic: Diagnostic) { interpreter.note(diagnostic) }

  /// A seed for a command's own generator, drawn from the script's.
  func drawSeed() -> UInt64 { interpreter.random.next() >> 1 }

  /// The dataset a command works on: `on:`, else the variable `data`.
  func dataset(_ given: (value: Value, range: SourceRange)?, for command: String, at range: SourceRange) throws
    -> Dataset
  {
    if let (value, valueRange) = given {
      guard case .dataset(let d) = value else {
        throw Diagnostic(error: "on: expects a dataset, found \(value.typeName)", at: valueRange)
      }
      return d.dataset
    }
    guard let value = interpreter.environment.lookup("data") else {
      throw Diagnostic(error: "'\(command)' needs data: assign a dataset to `data`, or give on: D", at: range)
        .expecting("data = load(\"iris\") before this line")
    }
    guard case .dataset(let d) = value else {
      throw Diagnostic(
        error: "'\(command)' trains on `data`, which holds a \(value.typeName), not a dataset", at: range)
    }
    return d.dataset
  }

  /// The trained model, or a diagnostic saying there is none yet.
  func trainedModel(for command: String, at range: SourceRange) throws -> Model {
    guard let model = workspace.model else {
      throw Diagnostic(error: "'\(command)' needs a trained network: train first", at: range)
    }
    return model
  }
}
