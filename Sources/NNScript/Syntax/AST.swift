/// The syntax tree. Every node keeps its source range so that diagnostics, tracebacks and
/// the doctor can point back at the user's own text.

/// An expression: its kind and where it is written.
public struct Expr: Sendable {
  /// What the expression is.
  public indirect enum Kind: Sendable {
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
  public let kind: Kind
  /// Where it is written.
  public let range: SourceRange
}

/// A name together with where it was written.
public struct Name: Sendable {
  /// The name as written.
  public let text: String
  /// Where it is written.
  public let range: SourceRange
}

/// One `key: value` entry of a record literal.
public struct RecordEntry: Sendable {
  /// The field name.
  public let key: Name
  /// The field value.
  public let value: Expr
}

/// A call or command argument: positional, or `label: value`.
public struct Argument: Sendable {
  /// The label of a named argument; nil for a positional one.
  public let label: Name?
  /// The argument's value.
  public let value: Expr
  /// The label and value together.
  public var range: SourceRange { label.map { $0.range.to(value.range) } ?? value.range }
}

/// A prefix operator: `-x`, `not x`.
public enum UnaryOperator: String, Sendable {
  case negate = "-"
  case not
}

/// An infix operator, spelled as in source.
public enum BinaryOperator: String, Sendable {
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
public final class FunctionDecl: Sendable {
  /// The name; nil for an anonymous function.
  public let name: Name?
  /// The parameters, in order.
  public let parameters: [Parameter]
  /// The statements of the body.
  public let body: [Stmt]
  /// From `fn` to the closing brace.
  public let range: SourceRange

  init(name: Name?, parameters: [Parameter], body: [Stmt], range: SourceRange) {
    self.name = name
    self.parameters = parameters
    self.body = body
    self.range = range
  }
}

/// A parameter of a function: its name and default value.
public struct Parameter: Sendable {
  /// The parameter's name.
  public let name: Name
  /// What it is when a call leaves it out; nil when required.
  public let defaultValue: Expr?
}

/// A command word and its arguments: `train epochs: 30 lr: 1e-3`, `print x`, `doctor`.
public struct CommandCall: Sendable {
  /// The command word.
  public let command: Keyword
  /// The command word as written, with its range.
  public let name: Name
  /// The arguments, positional and `name:` options, in order.
  public let arguments: [Argument]
}

/// `net < dense 128 relu; bn; dense 10 softmax >`
public struct NetLiteral: Sendable {
  /// The layers, input side first.
  public let layers: [LayerNode]
}

/// One layer of a net literal: its word and its arguments (words, numbers, variables,
/// parenthesised expressions and `name:` options).
public struct LayerNode: Sendable {
  /// The layer word (`dense`).
  public let name: Name
  /// The layer's arguments, in order.
  public let arguments: [Argument]
  /// From the layer word to its last argument.
  public let range: SourceRange
}

/// A statement: its kind and where it is written.
public struct Stmt: Sendable {
  /// What the statement is.
  public indirect enum Kind: Sendable {
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
  public let kind: Kind
  /// Where it is written.
  public let range: SourceRange
}

/// `=` and the compound assignments.
public enum AssignOperator: String, Sendable {
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
public struct Program: Sendable {
  /// The file that was parsed.
  public let file: SourceFile
  /// The statements, in order.
  public let statements: [Stmt]
  /// Syntax errors, in source order.
  public let diagnostics: [Diagnostic]

  /// True when parsing failed only because the input ended too early.
  public var isIncomplete: Bool {
    diagnostics.contains { $0.severity == .error && $0.isIncomplete }
  }
}
