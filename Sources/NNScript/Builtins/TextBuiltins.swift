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
      let (text, new) = (try args.string(0), try args.string(2))
      // Each occurrence grows the text by the difference; counted only when it could matter.
      let growth = new.utf8.count - old.utf8.count
      if growth > 0, text.utf8.count + text.utf8.count / old.utf8.count * growth > Interpreter.maxSize {
        try args.interpreter.checkSize(text.utf8.count + occurrences(of: old, in: text) * growth, at: args.site)
      }
      return .string(text.replacingOccurrences(of: old, with: new))
    },
    Builtin("startswith", "s prefix", "whether the string starts with the prefix") { args in
      .bool(try args.string(0).hasPrefix(try args.string(1)))
    },
    Builtin("endswith", "s suffix", "whether the string ends with the suffix") { args in
      .bool(try args.string(0).hasSuffix(try args.string(1)))
    },
    Builtin("join", "xs sep?", "the elements as text, joined by the separator (\"\" by default)") { args in
      let sep = args[1] == nil ? "" : try args.string(1)
      let parts = try args.list(0).map(\.display)
      let size = parts.reduce(sep.utf8.count * Swift.max(0, parts.count - 1)) { $0 + $1.utf8.count }
      try args.interpreter.checkSize(size, at: args.site)
      return .string(parts.joined(separator: sep))
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

  /// How many times `part` occurs in `text`, not overlapping, counted on their UTF-8 bytes.
  private static func occurrences(of part: String, in text: String) -> Int {
    var (text, part) = (text, part)
    return text.withUTF8 { haystack in
      part.withUTF8 { needle in
        var (count, i) = (0, 0)
        while i + needle.count <= haystack.count {
          if haystack[i] == needle[0], memcmp(haystack.baseAddress! + i, needle.baseAddress!, needle.count) == 0 {
            count += 1
            i += needle.count
          } else {
            i += 1
          }
        }
        return count
      }
    }
  }
}
