import Foundation

extension Value {
  /// How `print` shows a value: strings bare, everything else as written in source.
  public var display: String {
    if case .string(let s) = self { return s }
    return description
  }

  /// The value as nnscript source would write it (strings quoted).
  public var description: String {
    switch self {
    case .none: return "none"
    case .bool(let b): return b ? "true" : "false"
    case .number(let n): return Value.format(n)
    case .string(let s): return Value.quote(s)
    case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
    case .record(let r):
      if r.count == 0 { return "{}" }
      return "{" + r.fields.map { "\($0.key): \($0.value.description)" }.joined(separator: ", ") + "}"
    case .function(let f): return "<fn \(f.name)>"
    case .builtin(let b): return "<builtin \(b.name)>"
    case .term(let t): return t.description
    case .network(let n): return n.description
    }
  }

  /// Whole numbers print without a fraction (`42`), others in their shortest exact form.
  static func format(_ n: Double) -> String {
    if n.isNaN { return "nan" }
    if n.isInfinite { return n > 0 ? "inf" : "-inf" }
    if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
    return "\(n)"
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for c in s {
      switch c {
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      default: out.append(c)
      }
    }
    return out + "\""
  }
}

extension Term: CustomStringConvertible {
  public var description: String {
    if arguments.isEmpty, options.isEmpty { return name }
    let parts = arguments.map(\.description) + options.map { "\($0.name): \($0.value.description)" }
    return "\(name)(\(parts.joined(separator: ", ")))"
  }
}
