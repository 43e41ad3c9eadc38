import Foundation

/// A file written a piece at a time. Each piece goes to the system as it is appended, with no
/// buffer in between, so a crash of the process keeps everything appended before it.
final class AppendingFile {
  private var descriptor: Int32

  /// Creates the file, or empties it when it exists.
  init(creating path: String) throws {
    descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw FileFailure.posix(errno) }
  }

  func append(_ bytes: [UInt8]) throws {
    guard descriptor >= 0 else { throw FileFailure(reason: "the file is closed") }
    var rest = bytes[...]
    while !rest.isEmpty {
      let written = rest.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        throw FileFailure.posix(errno)
      }
      rest = rest.dropFirst(written)
    }
  }

  func append(_ text: String) throws { try append(Array(text.utf8)) }

  /// Closes the file; appending afterwards fails.
  func close() throws {
    guard descriptor >= 0 else { return }
    let result = Foundation.close(descriptor)
    descriptor = -1
    if result != 0 { throw FileFailure.posix(errno) }
  }

  deinit { try? close() }
}
