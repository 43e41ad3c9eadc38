import Foundation

/// Why a file cannot be read or written, as one phrase to end a message with: `permission
/// denied`, `it is a folder`, `tensor 'a' has shape [3]…`. The caller says which file and
/// points at the script.
struct FileFailure: Error {
  let reason: String

  init(_ reason: String) { self.reason = reason }

  /// The C library's words for `code`, lowercased to sit inside a message.
  static func posix(_ code: Int32 = errno) -> FileFailure {
    let text = String(cString: strerror(code))
    return FileFailure(text.prefix(1).lowercased() + text.dropFirst())
  }
}
