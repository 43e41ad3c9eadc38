import Foundation
import NNCore

/// Runs checked programs: evaluates expressions, runs statements, calls functions and hands
/// each command to its type (`TrainCommand`, `SearchCommand`, `FixCommand`…). One
/// interpreter is one session: its globals, its random generator and its workspace (the
/// network, the model, the runs) live as long as it does.
final class Interpreter {
  let globals: Environment
  var environment: Environment
  /// Where `print` and other output goes; the library never writes to the terminal itself.
  var output: (String) -> Void
  /// Where notes and warnings raised while running go as they arise; when nil they are
  /// kept in `pendingNotes` and returned with the outcome.
  var onNote: ((Diagnostic) -> Void)?
  var pendingNotes: [Diagnostic] = []
  let modules: ModuleLoader
  /// The network, model, runs and reports the commands work on.
  let workspace = Workspace()
  var random: SeededGenerator
  /// The last `seed N`, for the commands that start their own generators from it.
  var seed: UInt64?
  /// Active calls, outermost first: the function running and where it was called from.
  private var callStack: [(function: String, site: SourceRange)] = []
  let maxCallDepth: Int
  /// Files whose top level is running, for cycles and to run each import once.
  private var importStack: [String] = []
  private var imported: Set<String> = []

  init(modules: ModuleLoader, output: @escaping (String) -> Void, maxCallDepth: Int, seed: UInt64) {
    self.globals = Environment(parent: nil)
    self.environment = globals
    self.modules = modules
    self.output = output
    self.maxCallDepth = maxCallDepth
    self.random = SeededGenerator(seed: seed)
    for builtin in Builtins.all { globals.define(builtin.name, .builtin(builtin)) }
  }

  // MARK: Session state the engine snapshots

  struct Snapshot {
    let globals: [String: Value]
    let workspace: Workspace.Snapshot
    let random: SeededGenerator
    let seed: UInt64?
    let imported: Set<String>
  }

  func snapshot() -> Snapshot {
    Snapshot(
      globals: globals.values, workspace: workspace.snapshot, random: random,
      seed: seed,
      imported: imported)
  }

  func restore(_ s: Snapshot) {
    globals.values = s.globals
    workspace.restore(s.workspace)
    random = s.random
    seed = s.seed
    imported = s.imported
  }

  var globalNames: Set<String> { Set(globals.values.keys) }

  // MARK: Errors

  /// A note or warning about the running script (a CSV column one-hot encoded…).
  func note(_ diagnostic: Diagnostic) {
    if let onNote { onNote(diagnostic) } else { pendingNotes.append(diagnostic) }
  }

  /// An error at `range`, with the traceback of the calls active now.
  func error(_ message: String, at range: SourceRange, label: String? = nil) -> RuntimeError {
    var diagnostic = Diagnostic(error: message, at: range)
    diagnostic.label = label
    diagnostic.traceback = traceback(innermost: range)
    return RuntimeError(diagnostic: diagnostic)
  }

  private func traceback(innermost range: SourceRange) -> [Diagnostic.Frame] {
    guard !callStack.isEmpty else { return [] }
    var frames = [Diagnostic.Frame(function: callStack.last!.function, range: range)]
    for i in stride(from: callStack.count - 1, through: 0, by: -1) {
      let caller = i > 0 ? callStack[i - 1].function : nil
      frames.append(Diagnostic.Frame(function: caller, range: callStack[i].site))
    }
    return frames
  }

  // MARK: Programs and statements

  /// Runs a file's statements at the top level and returns the value of the last statement
  /// when it was a bare expression (what the REPL echoes).
  func run(_ program: Program) throws -> Value? {
    let key = program.file.path ?? program.file.name
    importStack.append(key)
    defer { importStack.removeLast() }
    imported.insert(key)
    var last: Value?
    for statement in program.statements {
      last = nil
      // A Ctrl-C belongs to the statement it came during, from its first moment (before its
      // training starts, too) to its end: it does not stop the statements after it.
      defer { workspace.cancellation.reset() }
      if case .expression(let expr) = statement.kind {
        let value = try evaluateStatementExpression(expr)
        if case .command = expr.kind {} else if case .network = expr.kind {} else { last = value }
        continue
      }
      switch try execute(statement) {
      case .normal: break
      case .returned, .broke, .continued:
        // The checker rejects these at the top level; reaching here means it was skipped.
        throw error("'\(statement.range.text)' outside a function or loop", at: statement.range)
      }
    }
    return last
  }

  /// A net literal written as a statement defines the current network.
  private func evaluateStatementExpression(_ expr: Expr) throws -> Value {
    let value = try evaluate(expr)
    if case .network(let network) = value, case .network = expr.kind {
      // A network statement defines a new network: fresh weights at the next `train`.
      workspace.currentNetwork = network
      workspace.model = nil
    }
    return value
  }

  func execute(_ statements: [Stmt]) throws -> Flow {
    for statement in statements {
      let flow = try execute(statement)
      if case .normal = flow { continue }
      return flow
    }
    return .normal
  }

  /// Stops a loop (or `fix` between its retrainings) when Ctrl-C (the host's interrupter) was
  /// pressed: a training stops after its batch, and the loop around it, or a loop that trains
  /// nothing, stops here.
  func checkInterrupt(at range: SourceRange) throws {
    if workspace.cancellation.isCancelled { throw error("interrupted", at: range) }
  }

  func execute(_ statement: Stmt) throws -> Flow {
    switch statement.kind {
    case .expression(let expr):
      _ = try evaluateStatementExpression(expr)
    case .assign(let target, let op, let valueExpr):
      var value = try evaluate(valueExpr)
      if let binary = op.binary {
        value = try apply(binary, try evaluate(target), value, at: statement.range)
      }
      try store(value, into: target)
    case .function(let decl):
      environment.assign(decl.name!.text, .function(Closure(declaration: decl, environment: environment)))
    case .if(let condition, let then, let otherwise):
      if try truth(condition, "the condition of 'if'") {
        return try execute(then)
      } else if let otherwise {
        return try execute(otherwise)
      }
    case .for(let variable, let iterableExpr, let body):
      for item in try elements(of: try evaluate(iterableExpr), at: iterableExpr.range) {
        try checkInterrupt(at: statement.range)
        environment.assign(variable.text, item)
        switch try execute(body) {
        case .normal, .continued: continue
        case .broke: return .normal
        case .returned(let value): return .returned(value)
        }
      }
    case .while(let condition, let body):
      while try truth(condition, "the condition of 'while'") {
        try checkInterrupt(at: statement.range)
        switch try execute(body) {
        case .normal, .continued: continue
        case .broke: return .normal
        case .returned(let value): return .returned(value)
        }
      }
    case .return(let expr):
      return .returned(try expr.map(evaluate) ?? .none)
    case .break:
      return .broke
    case .continue:
      return .continued
    case .import(let path, let pathRange):
      try runImport(path, at: pathRange)
    case .assert(let condition, let messageExpr):
      if try !truth(condition, "the condition of 'assert'") {
        let message = try messageExpr.map { try evaluate($0).display }
        throw error(message.map { "assertion failed: \($0)" } ?? "assertion failed", at: condition.range)
      }
    }
    return .normal
  }

  private func runImport(_ path: String, at range: SourceRange) throws {
    let program: Program
    do {
      program = try modules.load(path, from: range.file)
    } catch let failure as ModuleLoader.Failure {
      throw error(failure.message, at: range)
    }
    let key = program.file.path ?? program.file.name
    if importStack.contains(key) { throw error("import cycle: '\(path)' is already being imported", at: range) }
    if imported.contains(key) { return }
    if let first = program.diagnostics.first(where: { $0.severity == .error }) {
      throw RuntimeError(diagnostic: first)
    }
    let saved = environment
    environment = globals
    defer { environment = saved }
    _ = try run(program)
  }

  /// Assigns to a variable, a record field or a list element, rebuilding the containers on
  /// the way back up (values have value semantics).
  private func store(_ value: Value, into target: Expr) throws {
    switch target.kind {
    case .variable(let name):
      if case .builtin = environment.lookup(name) {
        throw error("'\(name)' is a builtin function and cannot be reassigned", at: target.range)
      }
      environment.assign(name, value)
    case .member(let base, let name):
      try checkNesting(value, inside: target.accessDepth, at: target.range)
      guard case .record(var record) = try evaluate(base) else {
        throw error("only record fields can be assigned", at: target.range)
      }
      record[name.text] = value
      try store(.record(record), into: base)
    case .index(let base, let indexExpr):
      try checkNesting(value, inside: target.accessDepth, at: target.range)
      let container = try evaluate(base)
      let index = try evaluate(indexExpr)
      switch (container, index) {
      case (.list(var items), .number):
        let i = try listIndex(index, count: items.count, at: indexExpr.range)
        items[i] = value
        try store(.list(items), into: base)
      case (.record(var record), .string(let key)):
        record[key] = value
        try store(.record(record), into: base)
      default:
        throw error(
          "cannot assign to an element of a \(container.typeName) with a \(index.typeName) index", at: target.range)
      }
    default:
      throw error("cannot assign to this expression", at: target.range)
    }
  }

  func truth(_ expr: Expr, _ role: String) throws -> Bool {
    let value = try evaluate(expr)
    guard case .bool(let b) = value else {
      throw error("\(role) must be true or false, found \(value.typeName)", at: expr.range)
    }
    return b
  }

  /// What `for` loops over in a value: a list's elements, a string's characters, a record's keys.
  func elements(of value: Value, at range: SourceRange) throws -> [Value] {
    switch value {
    case .list(let items): return items
    case .string(let s): return s.map { .string(String($0)) }
    case .record(let r): return r.keys.map { .string($0) }
    default:
      throw error("cannot loop over a \(value.typeName)", at: range, label: "expected a list, a string or a record")
    }
  }

  func listIndex(_ index: Value, count: Int, at range: SourceRange) throws -> Int {
    guard case .number(let n) = index, n == n.rounded(), abs(n) < 1e15 else {
      throw error("an index must be a whole number, found \(index.description)", at: range)
    }
    let i = n < 0 ? Int(n) + count : Int(n)
    guard i >= 0, i < count else {
      throw error("index \(Value.format(n)) is out of range for \(count) element\(count == 1 ? "" : "s")", at: range)
    }
    return i
  }

  // MARK: Calls

  /// Calls a function value with evaluated arguments; `site` is where the call was written.
  func call(
    _ callee: Value, positional: [Value], named: [(Name, Value)], argumentRanges: [SourceRange], at site: SourceRange
  ) throws -> Value {
    switch callee {
    case .function(let closure):
      return try callClosure(closure, positional: positional, named: named, at: site)
    case .builtin(let builtin):
      return try callBuiltin(builtin, positional: positional, named: named, argumentRanges: argumentRanges, at: site)
    default:
      throw error("a \(callee.typeName) is not a function", at: site)
    }
  }

  /// Calls from Swift (builtins such as `map` calling back into script functions).
  func call(_ callee: Value, _ arguments: [Value], at site: SourceRange) throws -> Value {
    try call(callee, positional: arguments, named: [], argumentRanges: [], at: site)
  }

  private func callClosure(_ closure: Closure, positional: [Value], named: [(Name, Value)], at site: SourceRange) throws
    -> Value
  {
    let decl = closure.declaration
    let parameters = decl.parameters
    guard positional.count <= parameters.count else {
      throw error(
        "'\(closure.name)' takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), got \(positional.count + named.count)",
        at: site)
    }
    guard callStack.count < maxCallDepth else {
      throw error("too many nested calls (more than \(maxCallDepth)): is there a recursion without an end?", at: site)
    }
    let scope = Environment(parent: closure.environment)
    var given = [Value?](repeating: nil, count: parameters.count)
    for (i, value) in positional.enumerated() { given[i] = value }
    for (name, value) in named {
      guard let i = parameters.firstIndex(where: { $0.name.text == name.text }) else {
        throw error("'\(closure.name)' has no parameter '\(name.text)'", at: name.range)
      }
      guard given[i] == nil else { throw error("argument '\(name.text)' is given twice", at: name.range) }
      given[i] = value
    }
    for (i, parameter) in parameters.enumerated() where given[i] == nil && parameter.defaultValue == nil {
      throw error("missing argument '\(parameter.name.text)' for '\(closure.name)'", at: site)
    }
    callStack.append((closure.name, site))
    let saved = environment
    environment = scope
    defer {
      environment = saved
      callStack.removeLast()
    }
    for (i, parameter) in parameters.enumerated() {
      // Defaults are evaluated in the callee's scope, so they may use earlier parameters.
      scope.define(parameter.name.text, try given[i] ?? evaluate(parameter.defaultValue!))
    }
    if case .returned(let value) = try execute(decl.body) { return value }
    return .none
  }

  private func callBuiltin(
    _ builtin: Builtin, positional: [Value], named: [(Name, Value)], argumentRanges: [SourceRange], at site: SourceRange
  ) throws -> Value {
    let parameters = builtin.parameters
    var values = [Value?](repeating: nil, count: parameters.count)
    var sources = [Int?](repeating: nil, count: parameters.count)
    var rest: [Value] = []
    for (i, value) in positional.enumerated() {
      if builtin.isVariadic, i >= parameters.count - 1 {
        rest.append(value)
        sources[parameters.count - 1] = sources[parameters.count - 1] ?? i
      } else if i < parameters.count {
        values[i] = value
        sources[i] = i
      } else {
        throw error(
          "'\(builtin.name)' takes at most \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), got \(positional.count)",
          at: site, label: "expected \(builtin.signature)")
      }
    }
    if builtin.isVariadic { values[parameters.count - 1] = .list(rest) }
    for (offset, (name, value)) in named.enumerated() {
      guard let i = parameters.firstIndex(where: { $0.name == name.text }) else {
        throw error(
          "'\(builtin.name)' has no parameter '\(name.text)'", at: name.range, label: "expected \(builtin.signature)")
      }
      guard values[i] == nil else { throw error("argument '\(name.text)' is given twice", at: name.range) }
      values[i] = value
      sources[i] = positional.count + offset
    }
    for (i, parameter) in parameters.enumerated() where parameter.isRequired && values[i] == nil {
      throw error(
        "missing argument '\(parameter.name)' for '\(builtin.name)'", at: site, label: "expected \(builtin.signature)")
    }
    let arguments = Arguments(values: values, sources: sources, interpreter: self, site: site)
    do {
      return try builtin.body(arguments)
    } catch let failure as ScriptFailure {
      let range = failure.argument.flatMap { $0 < argumentRanges.count ? argumentRanges[$0] : nil } ?? site
      throw error("\(builtin.name): \(failure.message)", at: range, label: failure.label)
    }
  }
}

extension Expr {
  /// How many member and index steps lead to this target: `a.b[0]` is 2.
  fileprivate var accessDepth: Int {
    switch kind {
    case .member(let base, _), .index(let base, _): return 1 + base.accessDepth
    default: return 0
    }
  }
}
