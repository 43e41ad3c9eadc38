import Foundation

extension Builtins {
  static let text: [Builtin] = [
    Builtin("upper", "s", "the string in capitals") { args in .string(try args.string(0).uppercased()) },
    Builtin("lower", "s", "the string in small letters") { args in .string(try args.string(0).lowercased()) },
    Builtin("trim", "s", "the string without white space at either end") { args in
      .string(try args.string(0).trimmingCharacters(in: .whitespacesAndNewlines))
    },
    Builtin("replace", "s old new", "the string with every `old` replaced by `new`") { args in
      let old = try args.string(1)
      guard !old.isEmpty else { throw args.failure("the text to replace is empty", at: 1) }
      return .string(try args.string(0).replacingOccurrences(of: old, with: try args.string(2)))
    },
    Builtin("startswith", "s prefix", "whether the string starts with the prefix") { args in
      .bool(try args.string(0).hasPrefix(try args.string(1)))
    },
    Builtin("endswith", "s suffix", "whether the string ends with the suffix") { args in
      .bool(try args.string(0).hasSuffix(try args.string(1)))
    },
    Builtin("join", "xs sep?", "the elements as text, joined by the separator (\"\" by default)") { args in
      let sep = args[1] == nil ? "" : try args.string(1)
      return .string(try args.list(0).map(\.display).joined(separator: sep))
    },
    Builtin("pad", "x width", "the value as text, padded with spaces on the left to the width (right when negative)") {
      args in
      let text = try args.value(0).display
      let width = try args.integer(1)
      let missing = max(0, Swift.abs(width) - text.count)
      let padding = String(repeating: " ", count: Swift.min(missing, 10_000))
      return .string(width < 0 ? text + padding : padding + text)
    },
  ]
}
