/// The syntax tree. Every node keeps its source range so that diagnostics, tracebacks and
/// the doctor can point back at the user's own text.

public struct Expr: Sendable {
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

  public let kind: Kind
  public let range: SourceRange
}

/// A name together with where it was written.
public struct Name: Sendable {
  public let text: String
  public let range: SourceRange
}

public struct RecordEntry: Sendable {
  public let key: Name
  public let value: Expr
}

/// A call or command argument: positional, or `label: value`.
public struct Argument: Sendable {
  public let label: Name?
  public let value: Expr
  public var range: SourceRange { label.map { $0.range.to(value.range) } ?? value.range }
}

public enum UnaryOperator: String, Sendable {
  case negate = "-"
  case not
}

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
  public let name: Name?
  public let parameters: [Parameter]
  public let body: [Stmt]
  public let range: SourceRange

  init(name: Name?, parameters: [Parameter], body: [Stmt], range: SourceRange) {
    self.name = name
    self.parameters = parameters
    self.body = body
    self.range = range
  }
}

public struct Parameter: Sendable {
  public let name: Name
  public let defaultValue: Expr?
}

/// A command word and its arguments: `train epochs: 30 lr: 1e-3`, `print x`, `doctor`.
public struct CommandCall: Sendable {
  public let command: Keyword
  public let name: Name
  public let arguments: [Argument]
}

/// `net < dense 128 relu; bn; dense 10 softmax >`
public struct NetLiteral: Sendable {
  public let layers: [LayerNode]
}

/// One layer of a net literal: its word and its arguments (words, numbers, variables,
/// parenthesised expressions and `name:` options).
public struct LayerNode: Sendable {
  public let name: Name
  public let arguments: [Argument]
  public let range: SourceRange
}

public struct Stmt: Sendable {
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

  public let kind: Kind
  public let range: SourceRange
}

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
  public let file: SourceFile
  public let statements: [Stmt]
  public let diagnostics: [Diagnostic]

  /// True when parsing failed only because the input ended too early.
  public var isIncomplete: Bool {
    diagnostics.contains { $0.severity == .error && $0.isIncomplete }
  }
}
