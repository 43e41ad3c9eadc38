import Foundation

/// What the file writers share about an open file descriptor.
enum Descriptor {
  /// Writes all of `bytes` to `descriptor`, going on after a short write or an interrupted one
  /// (EINTR).
  static func write(_ bytes: some ContiguousBytes, to descriptor: Int32) throws(FileFailure) {
    let failure = bytes.withUnsafeBytes { buffer -> FileFailure? in
      var written = 0
      while written < buffer.count {
        let n = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return n == 0 ? FileFailure("nothing more could be written") : FileFailure.posix() }
        written += n
      }
      return nil
    }
    if let failure { throw failure }
  }

  /// Opens `path` for reading without waiting, so that a FIFO with no writer opens at once, and
  /// gives the kind `fstat` reports: that of the very file that will be read, which a check by
  /// path before the open could not promise. Nil, with `errno` set, when it cannot be opened.
  static func openForReading(_ path: String) -> (handle: FileHandle, info: stat)? {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return nil }
    return (handle, info)
  }
}
