import Foundation
import NNCore

extension Value {
  /// How `print` shows a value: strings bare, a confusion matrix as a table, everything else
  /// as written in source.
  public var display: String {
    if case .string(let s) = self { return s }
    if case .record(let r) = self, r.layout == .confusion, let matrix = ConfusionMatrix(self) { return matrix.table }
    return description
  }

  /// The value as nnscript source would write it (strings quoted).
  public var description: String {
    var out = ""
    write(to: &out, budget: Value.maxDescription)
    return out
  }

  /// Printing stops after this many characters: a value that shares its parts can be
  /// exponentially larger written out than in memory.
  static let maxDescription = 1_000_000

  private func write(to out: inout String, budget: Int) {
    guard out.utf8.count < budget else { return }
    switch self {
    case .none: out += "none"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let n): out += Value.format(n)
    case .string(let s): out += Value.quote(s)
    case .list(let items):
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += ", " }
        item.write(to: &out, budget: budget)
        if out.utf8.count >= budget { break }
      }
      out += "]"
    case .record(let r):
      out += "{"
      for (i, field) in r.fields.enumerated() {
        out += (i > 0 ? ", " : "") + field.key + ": "
        field.value.write(to: &out, budget: budget)
        if out.utf8.count >= budget { break }
      }
      out += "}"
    case .function(let f): out += "<fn \(f.name)>"
    case .builtin(let b): out += "<builtin \(b.name)>"
    case .term(let t): out += t.description
    case .network(let n): out += n.description
    case .dataset(let d): out += d.summary
    case .run(let r): out += r.summary
    }
    if out.utf8.count >= budget, !out.hasSuffix("…") { out += "…" }
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
  /// The word as nnscript writes it: `adam`, `sgd(momentum: 0.9)`.
  public var description: String {
    if arguments.isEmpty, options.isEmpty { return name }
    let parts = arguments.map(\.description) + options.map { "\($0.name): \($0.value.description)" }
    return "\(name)(\(parts.joined(separator: ", ")))"
  }
}

extension Dataset {
  /// One line: `<dataset digits: 1797 samples × 64 features, 10 classes, split 1437/360>`.
  var summary: String {
    var out = "<dataset \(name): \(count) samples × \(features.columns) features"
    if let names = targets.classNames { out += ", \(names.count) classes" } else { out += ", regression" }
    if let split {
      out +=
        ", split \(split.train.count)/\(split.validation.count)" + (split.test.isEmpty ? "" : "/\(split.test.count)")
    }
    return out + ">"
  }
}
