import NNCore

/// Breaks a file the way a disk, a network or an attacker might: bits flipped, the end cut
/// off, a stretch deleted or repeated, and edits that know the format: a safetensors file's
/// header length and its shapes, offsets and dtypes; a CSV file's header, fields and lines.
enum FileMutator {
  enum Format { case safetensors, csv }

  /// One to three mutations of `bytes`, and their names for messages.
  static func mutant(of bytes: [UInt8], as format: Format, using rng: inout SeededGenerator) -> (
    bytes: [UInt8], applied: [String]
  ) {
    var b = bytes
    var applied: [String] = []
    for _ in 0..<Int.random(in: 1...3, using: &rng) {
      let (name, mutate) = (generic + (format == .safetensors ? safetensors : csv)).randomElement(using: &rng)!
      b = mutate(b, &rng)
      applied.append(name)
    }
    return (b, applied)
  }

  typealias Mutation = (String, @Sendable ([UInt8], inout SeededGenerator) -> [UInt8])

  static let generic: [Mutation] = [
    (
      "flip bits",
      { b, rng in
        guard !b.isEmpty else { return b }
        var b = b
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
          b[Int.random(in: b.indices, using: &rng)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
        }
        return b
      }
    ),
    ("truncate", { b, rng in Array(b.prefix(Int.random(in: 0...b.count, using: &rng))) }),
    (
      "delete a stretch",
      { b, rng in
        var b = b
        b.removeSubrange(stretch(in: b, using: &rng))
        return b
      }
    ),
    (
      "repeat a stretch",
      { b, rng in
        var b = b
        let r = stretch(in: b, using: &rng)
        b.insert(contentsOf: b[r], at: r.upperBound)
        return b
      }
    ),
  ]

  /// Edits of the 8-byte header length and of the JSON header it announces, and of the
  /// tensors' bytes after it (NaN, infinities, other numbers) with the header left whole.
  static let safetensors: [Mutation] = [
    (
      "flip tensor bits",
      { b, rng in
        let start = headerEnd(of: b)
        guard start < b.count else { return b }
        var b = b
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
          b[Int.random(in: start..<b.count, using: &rng)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
        }
        return b
      }
    ),
    (
      "header length",
      { b, rng in
        guard b.count >= 8 else { return b }
        let length = b[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        let size = UInt64(b.count)
        let value = [0, 1, 2, length &- 1, length &+ 1, size &- 8, size, size &+ 1, 1 << 32, 1 << 62, .max]
          .randomElement(using: &rng)!
        var b = b
        for i in 0..<8 { b[i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        return b
      }
    ),
    (
      "shape or offset",
      { b, rng in
        // Numbers in JSON arrays: the shapes and data offsets (the training state's options,
        // numbers after a colon or a space, keep theirs, so a resume stays short).
        let header = headerEnd(of: b)
        let numbers = runs(in: b) { $0 >= 0x30 && $0 <= 0x39 }.filter { r in
          r.lowerBound > 0 && r.upperBound <= header
            && (b[r.lowerBound - 1] == UInt8(ascii: "[") || b[r.lowerBound - 1] == UInt8(ascii: ","))
        }
        guard let r = numbers.randomElement(using: &rng) else { return b }
        let original = Int(String(decoding: b[r], as: UTF8.self)) ?? 0
        let value = [
          "0", "-1", "\(original + 1)", "\(max(original - 1, 0))", "\(original * 2)", "4294967296",
          "9223372036854775807", "18446744073709551616", "1e308", "1.5",
        ].randomElement(using: &rng)!
        var b = b
        b.replaceSubrange(r, with: Array(value.utf8))
        return b
      }
    ),
    (
      "dtype",
      { b, rng in
        let dtypes = ["F32", "F64", "I64"]
        let found = dtypes.flatMap { occurrences(of: "\"\($0)\"", in: b) }
        guard let r = found.randomElement(using: &rng) else { return b }
        let other = ["F16", "BF16", "I32", "U8", "BOOL", "F32", "F64", "I64", "", "F3"].randomElement(using: &rng)!
        var b = b
        b.replaceSubrange(r, with: Array("\"\(other)\"".utf8))
        return b
      }
    ),
  ]

  /// Edits of a CSV file's header, fields and lines.
  static let csv: [Mutation] = [
    (
      "field",
      { b, rng in
        let fields = runs(in: b) { $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "\n") }
        guard let r = fields.randomElement(using: &rng) else { return b }
        let value = [
          "", "nan", "inf", "-inf", "1e309", "-0", "abc", "\"", "\"a,b\"", "1,2", "é", "\u{0}", "\u{FEFF}x", " 1 ",
          "0x10", "1_000", String(repeating: "9", count: 400),
        ].randomElement(using: &rng)!
        var b = b
        b.replaceSubrange(r, with: Array(value.utf8))
        return b
      }
    ),
    (
      "header",
      { b, rng in
        let end = b.firstIndex(of: UInt8(ascii: "\n")) ?? b.count
        var names = b[..<end].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map(Array.init)
        guard !names.isEmpty else { return b }
        let i = Int.random(in: names.indices, using: &rng)
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: names.append(names[i])  // a name twice
        case 1: names.remove(at: i)  // a column without a name
        case 2: names[i] = []
        case 3: names.insert(Array("extra".utf8), at: i)
        default: names[i] = Array(String(repeating: "n", count: 300).utf8)
        }
        return Array(names.joined(separator: [UInt8(ascii: ",")])) + b[end...]
      }
    ),
    (
      "line",
      { b, rng in
        var lines = b.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        guard !lines.isEmpty else { return b }
        let i = Int.random(in: lines.indices, using: &rng)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: lines.remove(at: i)
        case 1: lines.insert(lines[i], at: i)
        case 2: lines.insert([], at: i)
        default: lines[i] += Array(",".utf8)
        }
        return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
      }
    ),
  ]

  /// Where a safetensors file's JSON header ends, as far as the file reaches.
  private static func headerEnd(of b: [UInt8]) -> Int {
    guard b.count >= 8 else { return 0 }
    let length = b[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    return length > UInt64(b.count - 8) ? b.count : 8 + Int(length)
  }

  /// A random stretch of up to 64 bytes.
  private static func stretch(in b: [UInt8], using rng: inout SeededGenerator) -> Range<Int> {
    let start = Int.random(in: 0...b.count, using: &rng)
    return start..<min(b.count, start + Int.random(in: 0...64, using: &rng))
  }

  /// The maximal runs of bytes that satisfy `belongs`.
  private static func runs(in b: [UInt8], where belongs: (UInt8) -> Bool) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var start: Int?
    for (i, byte) in b.enumerated() {
      if belongs(byte) {
        if start == nil { start = i }
      } else if let s = start {
        out.append(s..<i)
        start = nil
      }
    }
    if let s = start { out.append(s..<b.count) }
    return out
  }

  /// Where `text` occurs in `b`.
  private static func occurrences(of text: String, in b: [UInt8]) -> [Range<Int>] {
    let needle = Array(text.utf8)
    guard !needle.isEmpty, b.count >= needle.count else { return [] }
    return (0...(b.count - needle.count)).filter { b[$0..<$0 + needle.count].elementsEqual(needle) }.map {
      $0..<$0 + needle.count
    }
  }
}
