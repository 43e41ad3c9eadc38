import Foundation
import NNScript

/// Reads piped standard input line by line, holding at most one line in memory: input with no
/// line break (`/dev/zero`, a binary file) ends with an error instead of filling the memory.
/// NUL bytes and invalid UTF-8 pass through, for the lexer to report where they are.
struct LineReader {
  /// The longest line read, its line break not counted.
  static let maxLineBytes = 1 << 20
  private static let chunkBytes = 64 << 10

  private let descriptor: Int32
  /// Bytes read and not yet returned start at `start`.
  private var buffer: [UInt8] = []
  private var start = 0
  private var atEnd = false
  private var lineNumber = 0
  /// Why reading stopped before the end of the input, when it did.
  private(set) var failure: Diagnostic?

  init(descriptor: Int32 = STDIN_FILENO) { self.descriptor = descriptor }

  /// The next line with its line break, if it has one; nil at the end of the input or once a
  /// line is too long.
  mutating func next() -> String? {
    guard failure == nil else { return nil }
    lineNumber += 1
    var searched = start
    while true {
      if let newline = buffer[searched...].firstIndex(of: UInt8(ascii: "\n")) {
        guard newline - start <= Self.maxLineBytes else { return tooLong() }
        defer { start = newline + 1 }
        return String(decoding: buffer[start...newline], as: UTF8.self)
      }
      guard buffer.count - start <= Self.maxLineBytes else { return tooLong() }
      if atEnd {
        guard start < buffer.count else { return nil }
        defer { start = buffer.count }
        return String(decoding: buffer[start...], as: UTF8.self)
      }
      searched = buffer.count - start
      buffer.removeFirst(start)
      start = 0
      fill()
    }
  }

  /// Appends what one read gives; marks the end of the input when there is nothing more.
  private mutating func fill() {
    var chunk = [UInt8](repeating: 0, count: Self.chunkBytes)
    while true {
      let count = read(descriptor, &chunk, chunk.count)
      if count > 0 {
        buffer += chunk[..<count]
        return
      }
      if count < 0, errno == EINTR { continue }
      atEnd = true
      return
    }
  }

  private mutating func tooLong() -> String? {
    failure = Diagnostic(error: "line \(lineNumber) of the input is longer than \(Self.maxLineBytes) bytes", at: nil)
    return nil
  }
}
