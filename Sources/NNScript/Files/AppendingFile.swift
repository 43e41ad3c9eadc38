import Foundation

/// A file written a piece at a time. Each piece goes to the system as it is appended, with no
/// buffer in between, so a crash of the process keeps everything appended before it.
final class AppendingFile {
  let path: String
  private var descriptor: Int32

  /// Creates the file, which must not exist yet: a file of the same name is never emptied.
  init(creating path: String) throws(FileFailure) {
    self.path = path
    descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw FileFailure.posix() }
  }

  /// Opens the file, which must exist, to append to what it holds.
  init(appendingTo path: String) throws(FileFailure) {
    self.path = path
    descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
    guard descriptor >= 0 else { throw FileFailure.posix() }
  }

  func append(_ bytes: [UInt8]) throws(FileFailure) {
    guard descriptor >= 0 else { throw FileFailure("the file is closed") }
    try Descriptor.write(bytes, to: descriptor)
  }

  func append(_ text: String) throws(FileFailure) { try append(Array(text.utf8)) }

  /// Closes the file; appending afterwards fails.
  func close() throws(FileFailure) {
    guard descriptor >= 0 else { return }
    let result = Foundation.close(descriptor)
    descriptor = -1
    if result != 0 { throw FileFailure.posix() }
  }

  /// Closes and deletes the file: what a write that failed half-way leaves behind.
  func remove() {
    try? close()
    unlink(path)
  }

  deinit { try? close() }
}
