import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemWrite = Darwin.write
#endif

/// Replaces a file all at once: the bytes go to a temporary file beside it, reach the disk,
/// and are renamed over it. A crash at any point leaves the old file or the new one, whole.
enum AtomicFile {
  /// Writes `data` to `path`, creating the folders on the way.
  static func write(_ data: Data, to path: String) throws(ModelFileError) {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw ModelFileError("its folder cannot be created")
    }
    // One temporary name per target: a leftover from a crash is simply written over next time.
    let temporary = (folder as NSString).appendingPathComponent(".\(url.lastPathComponent).partial")
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { throw failure() }
    var written = 0
    let complete = data.withUnsafeBytes { bytes -> Bool in
      while written < bytes.count {
        let n = systemWrite(descriptor, bytes.baseAddress! + written, bytes.count - written)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return false }
        written += n
      }
      return true
    }
    let error = complete && fsync(descriptor) == 0 ? nil : failure()
    close(descriptor)
    if let error {
      unlink(temporary)
      throw error
    }
    guard rename(temporary, path) == 0 else {
      let error = failure()
      unlink(temporary)
      throw error
    }
  }

  /// The last system call's failure, as a phrase: `no space left on device`.
  private static func failure() -> ModelFileError {
    let text = String(cString: strerror(errno))
    return ModelFileError(text.prefix(1).lowercased() + text.dropFirst())
  }
}
