import Foundation

/// Why a file could not be written, as a phrase to end a message with: `permission denied`,
/// `it is a folder`.
struct FileFailure: Error {
  let reason: String

  /// The C library's words for `errno`, lowercased to sit inside a message.
  static func posix(_ code: Int32) -> FileFailure {
    let text = String(cString: strerror(code))
    return FileFailure(reason: text.prefix(1).lowercased() + text.dropFirst())
  }
}
