/// The syntax tree. Every node keeps its source range so that diagnostics, tracebacks and
/// the doctor can point back at the user's own text.

/// An expression: its kind and where it is written.
struct Expr: Sendable {
  /// What the expression is.
  indirect enum Kind: Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case none
    case list([Expr])
    case record([RecordEntry])
    case variable(String)
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case call(Expr, [Argument])
    case member(Expr, Name)
    case index(Expr, Expr)
    case function(FunctionDecl)
    case command(CommandCall)
    case network(NetLiteral)
  }

  /// What the expression is.
  let kind: Kind
  /// Where it is written.
  let range: SourceRange
}

/// A name together with where it was written.
struct Name: Sendable {
  /// The name as written.
  let text: String
  /// Where it is written.
  let range: SourceRange
}

/// One `key: value` entry of a record literal.
struct RecordEntry: Sendable {
  /// The field name.
  let key: Name
  /// The field value.
  let value: Expr
}

/// A call or command argument: positional, or `label: value`.
struct Argument: Sendable {
  /// The label of a named argument; nil for a positional one.
  let label: Name?
  /// The argument's value.
  let value: Expr
  /// The label and value together.
  var range: SourceRange { label.map { $0.range.to(value.range) } ?? value.range }
}

/// A prefix operator: `-x`, `not x`.
enum UnaryOperator: String, Sendable {
  case negate = "-"
  case not
}

/// An infix operator, spelled as in source.
enum BinaryOperator: String, Sendable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case modulo = "%"
  case power = "**"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
  case and, or, `in`
  case notIn = "not in"
}

/// `fn name(a, b: 2) { … }`, or an anonymous `fn (x) { … }`.
final class FunctionDecl: Sendable {
  /// The name; nil for an anonymous function.
  let name: Name?
  /// The parameters, in order.
  let parameters: [Parameter]
  /// The statements of the body.
  let body: [Stmt]
  /// From `fn` to the closing brace.
  let range: SourceRange

  init(name: Name?, parameters: [Parameter], body: [Stmt], range: SourceRange) {
    self.name = name
    self.parameters = parameters
    self.body = body
    self.range = range
  }
}

/// A parameter of a function: its name and default value.
struct Parameter: Sendable {
  /// The parameter's name.
  let name: Name
  /// What it is when a call leaves it out; nil when required.
  let defaultValue: Expr?
}

/// A command word and its arguments: `train epochs: 30 lr: 1e-3`, `print x`, `doctor`.
struct CommandCall: Sendable {
  /// The command word.
  let command: Keyword
  /// The command word as written, with its range.
  let name: Name
  /// The arguments, positional and `name:` options, in order.
  let arguments: [Argument]
}

/// `net < dense 128 relu; bn; dense 10 softmax >`
struct NetLiteral: Sendable {
  /// The layers, input side first.
  let layers: [LayerNode]
}

/// One layer of a net literal: its word and its arguments (words, numbers, variables,
/// parenthesised expressions and `name:` options).
struct LayerNode: Sendable {
  /// The layer word (`dense`).
  let name: Name
  /// The layer's arguments, in order.
  let arguments: [Argument]
  /// From the layer word to its last argument.
  let range: SourceRange
}

/// A statement: its kind and where it is written.
struct Stmt: Sendable {
  /// What the statement is.
  indirect enum Kind: Sendable {
    case expression(Expr)
    case assign(target: Expr, op: AssignOperator, value: Expr)
    case function(FunctionDecl)
    case `if`(condition: Expr, then: [Stmt], else: [Stmt]?)
    case `for`(variable: Name, iterable: Expr, body: [Stmt])
    case `while`(condition: Expr, body: [Stmt])
    case `return`(Expr?)
    case `break`
    case `continue`
    case `import`(path: String, pathRange: SourceRange)
    case assert(condition: Expr, message: Expr?)
  }

  /// What the statement is.
  let kind: Kind
  /// Where it is written.
  let range: SourceRange
}

/// `=` and the compound assignments.
enum AssignOperator: String, Sendable {
  case assign = "="
  case add = "+="
  case subtract = "-="
  case multiply = "*="
  case divide = "/="

  var binary: BinaryOperator? {
    switch self {
    case .assign: return nil
    case .add: return .add
    case .subtract: return .subtract
    case .multiply: return .multiply
    case .divide: return .divide
    }
  }
}

/// A parsed file: its statements and the diagnostics found while parsing.
struct Program: Sendable {
  /// The file that was parsed.
  let file: SourceFile
  /// The statements, in order.
  let statements: [Stmt]
  /// Syntax errors, in source order.
  let diagnostics: [Diagnostic]

  /// True when parsing failed only because the input ended too early.
  var isIncomplete: Bool {
    diagnostics.contains { $0.severity == .error && $0.isIncomplete }
  }
}
