/// Turns a file's bytes, a chunk at a time, into the UTF-8 the parser reads. A UTF-8
/// byte-order mark is dropped (Excel and Notepad write one; it is no part of the first name),
/// UTF-16 known by its mark and Latin-1 when asked for are transcoded, and UTF-8 is checked,
/// so that a Latin-1 file is an error at its first foreign byte rather than names full of "�".
struct CSVDecoder {
  private let encoding: CSVOptions.Encoding
  private var started = false
  /// Set when the file starts with a UTF-16 mark: whether its high byte comes first.
  private var utf16BigEndian: Bool?
  /// The start of a character the chunk cut, kept for the next one.
  private var pending: [UInt8] = []
  /// Bytes of the file before `pending`, and lines, for errors.
  private var offset = 0
  private var line = 1

  init(encoding: CSVOptions.Encoding) { self.encoding = encoding }

  /// The UTF-8 of `chunk` and of what the previous one left; `final` when the file ends.
  mutating func decode(_ chunk: UnsafeRawBufferPointer, final: Bool = false) throws -> [UInt8] {
    var input = pending + chunk
    if !started {
      // A mark is looked for once three bytes are in, or the file has ended before.
      guard input.count >= 3 || final else {
        pending = input
        return []
      }
      started = true
      var mark = 0
      if input.starts(with: [0xFF, 0xFE]) || input.starts(with: [0xFE, 0xFF]) {
        utf16BigEndian = input[0] == 0xFE
        mark = 2
      } else if encoding == .utf8, input.starts(with: [0xEF, 0xBB, 0xBF]) {
        mark = 3
      }
      input.removeFirst(mark)
      offset += mark
    }
    var out: [UInt8] = []
    out.reserveCapacity(input.count + input.count / 8)
    let used: Int
    if let bigEndian = utf16BigEndian {
      used = try utf16(input, bigEndian: bigEndian, into: &out)
    } else if encoding == .latin1 {
      for byte in input {
        if byte < 0x80 { out.append(byte) } else { out += [0xC0 | byte >> 6, 0x80 | byte & 0x3F] }
      }
      used = input.count
    } else {
      used = try utf8(input)
      out += input[..<used]
    }
    pending = Array(input[used...])
    offset += used
    return out
  }

  /// Ends the file: a character it cuts short is an error.
  mutating func finish() throws -> [UInt8] {
    let out = try decode(UnsafeRawBufferPointer(start: nil, count: 0), final: true)
    guard pending.isEmpty else { throw invalid() }
    return out
  }

  private func invalid() -> DataError {
    DataError(.invalidText(encoding: utf16BigEndian == nil ? "UTF-8" : "UTF-16", offset: offset), line: line)
  }

  /// How much of `input` is whole UTF-8 characters; throws at the first byte that is not UTF-8.
  private mutating func utf8(_ input: [UInt8]) throws -> Int {
    try input.withUnsafeBufferPointer { bytes in
      var i = 0
      while i < bytes.count {
        let byte = bytes[i]
        if byte < 0x80 {
          if byte == 0x0A { line += 1 }
          i += 1
          continue
        }
        // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
        var length = 0
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch byte {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xED: (length, high) = (3, 0x9F)
        case 0xE1...0xEF: length = 3
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF4: (length, high) = (4, 0x8F)
        case 0xF1...0xF3: length = 4
        default: break
        }
        let available = min(length, bytes.count - i)
        let valid =
          length > 0 && (available < 2 || (low...high).contains(bytes[i + 1]))
          && (2..<max(2, available)).allSatisfy { (0x80...0xBF).contains(bytes[i + $0]) }
        guard valid else {
          offset += i
          throw invalid()
        }
        if available < length { return i }
        i += length
      }
      return bytes.count
    }
  }

  /// Decodes the whole UTF-16 characters of `input` into `out`, returning how many bytes they took.
  private mutating func utf16(_ input: [UInt8], bigEndian: Bool, into out: inout [UInt8]) throws -> Int {
    func unit(_ i: Int) -> UInt32 {
      bigEndian ? UInt32(input[i]) << 8 | UInt32(input[i + 1]) : UInt32(input[i + 1]) << 8 | UInt32(input[i])
    }
    var i = 0
    while i + 1 < input.count {
      var code = unit(i)
      var length = 2
      if (0xD800...0xDBFF).contains(code) {
        guard i + 3 < input.count else { break }
        let second = unit(i + 2)
        guard (0xDC00...0xDFFF).contains(second) else {
          offset += i
          throw invalid()
        }
        code = 0x10000 + ((code - 0xD800) << 10 | (second - 0xDC00))
        length = 4
      }
      guard let scalar = Unicode.Scalar(code) else {
        offset += i
        throw invalid()
      }
      if code == 0x0A { line += 1 }
      UTF8.encode(scalar) { out.append($0) }
      i += length
    }
    return i
  }
}
