/// Static checks between parsing and running: unknown names (with "did you mean"), commands
/// and their options, net literals and their layers, imports and their cycles, and
/// `return`/`break`/`continue` out of place. Everything found here stops a script before its
/// first statement runs.
struct Checker {
  private let modules: ModuleLoader
  /// What the session already defines: builtins, the stdlib, variables of earlier REPL lines.
  private let session: [String: Value]
  private var diagnostics = DiagnosticCollector()
  /// Names assigned at the top level anywhere in the import graph.
  private var globals: Set<String> = []
  /// Names of the enclosing function scopes, innermost last.
  private var scopes: [Set<String>] = []
  private var loopDepth = 0
  /// After a syntax error a broken statement may have been the one defining a name, so
  /// unknown names are not reported then.
  private var reportsUnknownNames = true

  /// Checks `program` and every file it imports. Returns the checker's own findings for the
  /// program, and all findings (parse errors included) for the files it imports.
  static func check(_ program: Program, modules: ModuleLoader, session: [String: Value]) -> [Diagnostic] {
    var checker = Checker(modules: modules, session: session)
    checker.reportsUnknownNames = !program.diagnostics.contains { $0.severity == .error }
    var imported: [Program] = []
    var visiting: [String] = [program.file.path ?? program.file.name]
    var visited: Set<String> = Set(visiting)
    checker.collectImports(of: program, into: &imported, visiting: &visiting, visited: &visited)
    for file in [program] + imported { checker.globals.formUnion(checker.declaredNames(file.statements)) }
    for file in imported {
      checker.diagnostics.append(contentsOf: file.diagnostics)
      checker.checkBlock(file.statements)
    }
    checker.checkBlock(program.statements)
    return checker.diagnostics.diagnostics
  }

  // MARK: Imports

  private mutating func collectImports(
    of program: Program, into imported: inout [Program], visiting: inout [String], visited: inout Set<String>
  ) {
    for (path, range) in Checker.imports(in: program.statements) {
      let absolute: String
      do {
        absolute = try modules.resolve(path, from: program.file, for: .reading)
      } catch {
        report(Diagnostic(error: error.message, at: range))
        continue
      }
      if let cycleStart = visiting.firstIndex(of: absolute) {
        let chain = (visiting[cycleStart...] + [absolute]).map(\.lastPathComponent)
        report(Diagnostic(error: "import cycle: \(chain.joined(separator: " → "))", at: range))
        continue
      }
      guard !visited.contains(absolute) else { continue }
      do {
        let child = try modules.load(path, from: program.file)
        visited.insert(absolute)
        visiting.append(absolute)
        collectImports(of: child, into: &imported, visiting: &visiting, visited: &visited)
        visiting.removeLast()
        imported.append(child)
      } catch let failure as ModuleLoader.Failure {
        report(Diagnostic(error: failure.message, at: range))
      } catch {
        report(Diagnostic(error: "cannot import '\(path)'", at: range))
      }
    }
  }

  private static func imports(in statements: [Stmt]) -> [(String, SourceRange)] {
    statements.flatMap { statement -> [(String, SourceRange)] in
      switch statement.kind {
      case .import(let path, let range): return [(path, range)]
      case .if(_, let then, let otherwise): return imports(in: then) + imports(in: otherwise ?? [])
      case .for(_, _, let body), .while(_, let body): return imports(in: body)
      default: return []
      }
    }
  }

  // MARK: Scopes

  /// The names a block assigns, defines or loops over, not looking inside nested functions.
  private func declaredNames(_ statements: [Stmt]) -> Set<String> {
    var names: Set<String> = []
    for statement in statements {
      switch statement.kind {
      case .assign(let target, _, _):
        if case .variable(let name) = target.kind, !isBuiltin(name) { names.insert(name) }
      case .function(let decl): names.insert(decl.name!.text)
      case .for(let variable, _, let body):
        names.insert(variable.text)
        names.formUnion(declaredNames(body))
      case .while(_, let body): names.formUnion(declaredNames(body))
      case .if(_, let then, let otherwise):
        names.formUnion(declaredNames(then))
        names.formUnion(declaredNames(otherwise ?? []))
      default: break
      }
    }
    return names
  }

  private func isBuiltin(_ name: String) -> Bool {
    if case .builtin = session[name] { return true }
    return false
  }

  private func isVisible(_ name: String) -> Bool {
    scopes.contains { $0.contains(name) } || globals.contains(name) || session[name] != nil
  }

  private var visibleNames: Set<String> {
    scopes.reduce(globals.union(session.keys)) { $0.union($1) }
  }

  private mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  // MARK: Statements

  private mutating func checkBlock(_ statements: [Stmt]) {
    for statement in statements { check(statement) }
  }

  private mutating func check(_ statement: Stmt) {
    switch statement.kind {
    case .expression(let expr):
      check(expr)
    case .assign(let target, let op, let value):
      check(value)
      switch target.kind {
      case .variable(let name):
        if isBuiltin(name), !scopes.contains(where: { $0.contains(name) }) {
          report(Diagnostic(error: "'\(name)' is a builtin function and cannot be reassigned", at: target.range))
        } else if op != .assign {
          check(target)
        }
      case .member(let base, _): check(base)
      case .index(let base, let index):
        check(base)
        check(index)
      default: break
      }
    case .function(let decl):
      checkFunction(decl)
    case .if(let condition, let then, let otherwise):
      check(condition)
      checkBlock(then)
      checkBlock(otherwise ?? [])
    case .for(_, let iterable, let body):
      check(iterable)
      loopDepth += 1
      checkBlock(body)
      loopDepth -= 1
    case .while(let condition, let body):
      check(condition)
      loopDepth += 1
      checkBlock(body)
      loopDepth -= 1
    case .return(let value):
      if scopes.isEmpty { report(Diagnostic(error: "'return' outside a function", at: statement.range)) }
      if let value { check(value) }
    case .break, .continue:
      if loopDepth == 0 {
        report(Diagnostic(error: "'\(statement.range.text)' outside a loop", at: statement.range))
      }
    case .import:
      break
    case .assert(let condition, let message):
      check(condition)
      if let message { check(message) }
    }
  }

  private mutating func checkFunction(_ decl: FunctionDecl) {
    let parameters = Set(decl.parameters.map(\.name.text))
    scopes.append(parameters.union(declaredNames(decl.body)))
    let savedLoops = loopDepth
    loopDepth = 0
    for parameter in decl.parameters { if let value = parameter.defaultValue { check(value) } }
    checkBlock(decl.body)
    loopDepth = savedLoops
    scopes.removeLast()
  }

  // MARK: Expressions

  private mutating func check(_ expr: Expr) {
    // The parser's depth limit may still be too deep for a host thread's small stack.
    guard StackGuard.hasRoom else {
      return report(Diagnostic(error: "nested too deeply", at: expr.range).expecting("less nesting on this thread"))
    }
    switch expr.kind {
    case .number, .string, .bool, .none: break
    case .list(let elements): elements.forEach { check($0) }
    case .record(let entries): entries.forEach { check($0.value) }
    case .variable(let name): resolve(name, at: expr.range, asFunction: false)
    case .unary(_, let operand): check(operand)
    case .binary(_, let left, let right):
      check(left)
      check(right)
    case .call(let callee, let arguments):
      if case .variable(let name) = callee.kind {
        resolve(name, at: callee.range, asFunction: true)
        checkArity(of: name, arguments, at: expr.range)
      } else {
        check(callee)
      }
      arguments.forEach { check($0.value) }
    case .member(let base, _): check(base)
    case .index(let base, let index):
      check(base)
      check(index)
    case .function(let decl): checkFunction(decl)
    case .command(let call): checkCommand(call)
    case .network(let literal): checkNetwork(literal)
    }
  }

  private mutating func resolve(_ name: String, at range: SourceRange, asFunction: Bool) {
    guard reportsUnknownNames, !isVisible(name) else { return }
    let what = asFunction ? "function" : "variable"
    var diagnostic = Diagnostic(error: "unknown \(what) '\(name)'", at: range)
    // Past the limit the diagnostic is only counted: no need to look for a suggestion.
    guard !diagnostics.isFull else { return report(diagnostic) }
    diagnostic = diagnostic.suggesting(name, from: visibleNames)
    if !asFunction, Vocabularies.all.contains(where: { $0.word(name) != nil }), diagnostic.label == nil {
      diagnostic.label = "'\(name)' is a word only where an option takes it; write \"\(name)\" to keep it in a variable"
    }
    report(diagnostic)
  }

  /// Calls of a builtin or stdlib function are checked against its parameters.
  private mutating func checkArity(of name: String, _ arguments: [Argument], at range: SourceRange) {
    guard !scopes.contains(where: { $0.contains(name) }), !globals.contains(name),
      let signature = session[name].flatMap(Signature.init)
    else { return }
    let positional = arguments.filter { $0.label == nil }.count
    if !signature.isVariadic, positional > signature.parameters.count {
      report(
        Diagnostic(
          error:
            "'\(name)' takes at most \(signature.parameters.count) argument\(signature.parameters.count == 1 ? "" : "s"), got \(positional)",
          at: range
        )
        .expecting(signature.description(name)))
      return
    }
    var given = Set(signature.parameters.prefix(positional).map(\.name))
    for argument in arguments {
      guard let label = argument.label else { continue }
      if !signature.parameters.contains(where: { $0.name == label.text }) {
        report(
          Diagnostic(error: "'\(name)' has no parameter '\(label.text)'", at: label.range)
            .suggesting(label.text, from: signature.parameters.map(\.name)))
      }
      given.insert(label.text)
    }
    if let missing = signature.parameters.first(where: { $0.isRequired && !given.contains($0.name) }) {
      report(
        Diagnostic(error: "missing argument '\(missing.name)' for '\(name)'", at: range).expecting(
          signature.description(name)))
    }
  }

  // MARK: Commands

  private mutating func checkCommand(_ call: CommandCall) {
    guard let spec = CommandCatalog.spec(for: call.command) else { return }
    var seen: Set<String> = []
    var positional = 0
    for argument in call.arguments {
      guard let label = argument.label else {
        positional += 1
        if positional > spec.maxPositional {
          report(tooManyValues(spec, at: argument.value.range))
        } else if let vocabulary = spec.positionalVocabulary {
          checkWords(argument.value, vocabulary, valuesAllowed: false)
        } else {
          check(argument.value)
        }
        continue
      }
      if !seen.insert(label.text).inserted {
        report(Diagnostic(error: "option '\(label.text)' is given twice", at: label.range))
      }
      if let option = spec.option(label.text) {
        if let vocabulary = option.vocabulary {
          checkWords(argument.value, vocabulary, valuesAllowed: true)
        } else {
          check(argument.value)
        }
        checkLiteral(argument.value, of: option, in: spec)
      } else {
        if !spec.acceptsOtherOptions {
          report(
            Diagnostic(error: "unknown option '\(label.text)' for '\(spec.name)'", at: label.range)
              .suggesting(label.text, from: spec.options.map(\.name)))
        }
        check(argument.value)
      }
    }
    if positional < spec.minPositional {
      report(
        Diagnostic(error: "'\(spec.name)' needs a value", at: call.name.range).expecting(
          "\(spec.name) followed by a value"))
    }
  }

  /// A literal value of a `train` option is read as `train` will read it, so that a mistake
  /// in it is said before the script runs, not after the training before it. `search` reads
  /// its values as spaces, so only `train`'s are judged; a string where words are taken may
  /// name a word (`loss: "mse"`), which `checkWords` judges.
  private mutating func checkLiteral(_ expr: Expr, of option: OptionSpec, in spec: CommandSpec) {
    guard spec.keyword == .train, let check = option.use?.check, let value = Checker.literal(expr) else { return }
    if option.vocabulary != nil, case .string = value { return }
    do {
      try check(OptionInput(name: option.name, value: value, range: expr.range))
    } catch {
      if let diagnostic = error as? Diagnostic { report(diagnostic) }
    }
  }

  /// The value a literal evaluates to (`-1` included), or nil for anything computed.
  private static func literal(_ expr: Expr) -> Value? {
    switch expr.kind {
    case .number(let n): return .number(n)
    case .string(let text): return .string(text)
    case .bool(let b): return .bool(b)
    case .none: return Value.none
    case .unary(.negate, let operand):
      if case .number(let n) = operand.kind { return .number(-n) }
      return nil
    default: return nil
    }
  }

  private func tooManyValues(_ spec: CommandSpec, at range: SourceRange) -> Diagnostic {
    if spec.maxPositional > 0 {
      let count = "\(spec.maxPositional) value\(spec.maxPositional == 1 ? "" : "s")"
      return Diagnostic(error: "'\(spec.name)' takes \(count)", at: range)
    }
    if spec.options.isEmpty {
      return Diagnostic(error: "'\(spec.name)' takes no arguments", at: range).expecting("the end of the statement")
    }
    let example = spec.options[0].name
    return Diagnostic(error: "'\(spec.name)' takes options, not values", at: range)
      .expecting("name: value, such as \(example): …")
  }

  /// A slot that takes words: a word, a call of a word, a variable, or (where
  /// `valuesAllowed`) any expression.
  private mutating func checkWords(_ expr: Expr, _ vocabulary: Vocabulary, valuesAllowed: Bool) {
    switch expr.kind {
    case .variable(let name):
      // A builtin function is never a value for such a slot: `weights: balance` is a typo.
      if vocabulary.word(name) == nil, !isVisible(name) || isBuiltin(name) {
        reportUnknownWord(name, vocabulary, at: expr.range)
      }
    case .call(let callee, let arguments):
      guard case .variable(let name) = callee.kind else { return check(expr) }
      guard let word = vocabulary.word(name) else {
        if isVisible(name) { return check(expr) }
        reportUnknownWord(name, vocabulary, at: callee.range)
        return arguments.forEach { check($0.value) }
      }
      if arguments.count > word.parameters.count {
        report(
          Diagnostic(
            error: "'\(name)' takes at most \(word.parameters.count) argument\(word.parameters.count == 1 ? "" : "s")",
            at: expr.range
          )
          .expecting("\(name)(\(word.parameters.joined(separator: ", ")))"))
      }
      for (position, argument) in arguments.enumerated() {
        if let label = argument.label, !word.parameters.contains(label.text) {
          report(
            Diagnostic(error: "'\(name)' has no parameter '\(label.text)'", at: label.range).suggesting(
              label.text, from: word.parameters))
        }
        // `warmup(5, cosine(0.1, 30))`: a schedule inside a schedule, by label or position.
        let parameter = argument.label?.text ?? (position < word.parameters.count ? word.parameters[position] : "")
        if parameter == "schedule" {
          checkWords(argument.value, vocabulary, valuesAllowed: true)
        } else {
          check(argument.value)
        }
      }
    case .list(let elements):
      elements.forEach { checkWords($0, vocabulary, valuesAllowed: valuesAllowed) }
    case .string(let text):
      if vocabulary.word(text) == nil { reportUnknownWord(text, vocabulary, at: expr.range) }
    case .number, .bool, .none, .record:
      if !valuesAllowed {
        report(
          Diagnostic(
            error:
              "expected \(vocabulary.kind == "activation" || vocabulary.kind == "initializer" ? "an" : "a") \(vocabulary.kind), found \(expr.range.text)",
            at: expr.range
          )
          .expecting("one of \(vocabulary.names.joined(separator: ", "))"))
      }
      check(expr)
    default:
      check(expr)
    }
  }

  private mutating func reportUnknownWord(_ name: String, _ vocabulary: Vocabulary, at range: SourceRange) {
    var diagnostic = Diagnostic(error: "unknown \(vocabulary.kind) '\(name)'", at: range).suggesting(
      name, from: vocabulary.names)
    if diagnostic.label == nil { diagnostic.label = "expected one of \(vocabulary.names.joined(separator: ", "))" }
    report(diagnostic)
  }

  // MARK: Networks

  private mutating func checkNetwork(_ literal: NetLiteral) {
    for layer in literal.layers {
      guard let spec = LayerCatalog.spec(layer.name.text) else {
        report(
          Diagnostic(error: "unknown layer '\(layer.name.text)'", at: layer.name.range).suggesting(
            layer.name.text, from: LayerCatalog.names))
        continue
      }
      var nextPositional = 0
      var seen: Set<String> = []
      for argument in layer.arguments {
        let slot: Slot
        if let label = argument.label {
          guard let option = spec.option(label.text) else {
            var diagnostic = Diagnostic(error: "'\(spec.name)' has no option '\(label.text)'", at: label.range)
              .suggesting(label.text, from: spec.options.map(\.name))
            if diagnostic.label == nil { diagnostic.label = "expected \(spec.summary)" }
            report(diagnostic)
            check(argument.value)
            continue
          }
          if !seen.insert(label.text).inserted {
            report(Diagnostic(error: "option '\(label.text)' is given twice", at: label.range))
          }
          slot = option
        } else {
          guard nextPositional < spec.positional.count else {
            report(
              Diagnostic(error: "too many arguments for '\(spec.name)'", at: argument.value.range).expecting(
                spec.summary))
            check(argument.value)
            continue
          }
          slot = spec.positional[nextPositional]
          nextPositional += 1
        }
        checkSlot(slot, argument.value, of: spec)
      }
      if nextPositional < spec.required {
        report(
          Diagnostic(error: "'\(spec.name)' needs its \(spec.positional[nextPositional].name)", at: layer.range)
            .expecting(spec.summary))
      }
    }
  }

  /// Literal values are checked against the slot now; anything computed is checked when the
  /// network is built.
  private mutating func checkSlot(_ slot: Slot, _ expr: Expr, of spec: LayerSpec) {
    let role = "the \(slot.name) of '\(spec.name)'"
    switch (slot.kind, expr.kind) {
    case (.word(let vocabulary), _):
      checkWords(expr, vocabulary, valuesAllowed: false)
    case (.count, .number(let n)) where !(n >= 1 && n == n.rounded() && n <= 1e8):
      report(Diagnostic(error: "\(role) must be a whole number ≥ 1, found \(expr.range.text)", at: expr.range))
    case (.fraction, .number(let n)) where !(n >= 0 && n < 1):
      report(Diagnostic(error: "\(role) must be at least 0 and below 1, found \(expr.range.text)", at: expr.range))
    case (.count, .string), (.count, .bool), (.fraction, .string), (.fraction, .bool), (.number, .string),
      (.number, .bool),
      (.bool, .number), (.bool, .string):
      report(Diagnostic(error: "\(role) must be \(slot.kind.noun), found \(expr.range.text)", at: expr.range))
    default:
      check(expr)
    }
  }
}

/// A function's parameters, whether builtin or written in nnscript.
private struct Signature {
  let parameters: [(name: String, isRequired: Bool)]
  let isVariadic: Bool

  init?(_ value: Value) {
    switch value {
    case .builtin(let b):
      parameters = b.parameters.map { ($0.name, $0.isRequired) }
      isVariadic = b.isVariadic
    case .function(let f):
      parameters = f.declaration.parameters.map { ($0.name.text, $0.defaultValue == nil) }
      isVariadic = false
    default:
      return nil
    }
  }

  func description(_ name: String) -> String {
    "\(name)(" + parameters.map { $0.isRequired ? $0.name : "\($0.name)?" }.joined(separator: ", ") + ")"
  }
}

extension String {
  /// The file name of a path, for naming files in an import cycle.
  fileprivate var lastPathComponent: String { split(separator: "/").last.map(String.init) ?? self }
}
