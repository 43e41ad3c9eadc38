import Foundation

/// Replaces a file all at once: the bytes go to a temporary file beside it, reach the disk,
/// and are renamed over it, and the folder is synced after the rename, so that a crash or a
/// power loss at any point leaves the old file or the new one, whole.
///
/// Only a regular file is replaced, keeping its permissions. A symbolic link is followed, as
/// editors do: the file it leads to is replaced and the link stays. A character device or a
/// FIFO is written through (`/dev/stdout`, a pipe to another program), never replaced; any
/// other kind of file is refused.
enum AtomicFile {
  /// The temporary files of writes in progress: `.NAME.PID.RANDOM.partial`, so that each write
  /// has its own and a write killed before its rename is known by its process being gone.
  private static let suffix = ".partial"

  /// Writes `data` to `path`, creating the folders on the way.
  static func write(_ data: Data, to path: String) throws(FileFailure) {
    var target = path
    var info = stat()
    // A device or FIFO is written as the path reaches it: `/dev/stdout` leads through
    // /proc/self/fd to a pipe that has no path `realpath` could name.
    if stat(path, &info) == 0, [S_IFCHR, S_IFIFO].contains(info.st_mode & S_IFMT) {
      return try writeThrough(data, to: path, fifo: info.st_mode & S_IFMT == S_IFIFO)
    }
    if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
      guard let resolved = realpath(path, nil) else {
        throw FileFailure(
          errno == ENOENT ? "it is a symbolic link to a file that does not exist" : FileFailure.posix().reason)
      }
      target = String(cString: resolved)
      free(resolved)
    }
    let exists = stat(target, &info) == 0
    if exists {
      switch info.st_mode & S_IFMT {
      case S_IFREG: break
      case S_IFDIR: throw FileFailure("it is a folder")
      case S_IFCHR, S_IFIFO: throw FileFailure("it became a device or a FIFO while it was written")
      default: throw FileFailure("it is not a regular file, a device or a FIFO")
      }
    }
    let url = URL(fileURLWithPath: target)
    let folder = url.deletingLastPathComponent().path
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw FileFailure("its folder cannot be created")
    }
    let name = url.lastPathComponent
    removeLeftovers(of: name, in: folder)
    let (temporary, descriptor) = try create(beside: name, in: folder, mode: exists ? info.st_mode & 0o7777 : 0o644)
    var failure: FileFailure?
    do throws(FileFailure) {
      // The permissions are the replaced file's, whatever the umask let `open` give.
      if exists, fchmod(descriptor, info.st_mode & 0o7777) != 0 { throw FileFailure.posix() }
      try Descriptor.write(data, to: descriptor)
      if fsync(descriptor) != 0 { throw FileFailure.posix() }
    } catch {
      failure = error
    }
    close(descriptor)
    if failure == nil, rename(temporary, target) != 0 { failure = FileFailure.posix() }
    if let failure {
      unlink(temporary)
      throw failure
    }
    syncFolder(folder)
  }

  /// Writes `data` to a device or a FIFO as it is, without creating or truncating anything.
  /// A FIFO without a reader is an error rather than a wait for one.
  private static func writeThrough(_ data: Data, to path: String, fifo: Bool) throws(FileFailure) {
    let descriptor = open(path, O_WRONLY | O_CLOEXEC | (fifo ? O_NONBLOCK : 0))
    guard descriptor >= 0 else {
      throw fifo && errno == ENXIO ? FileFailure("it is a FIFO that no program reads") : FileFailure.posix()
    }
    defer { close(descriptor) }
    // Blocking again once open, so that a slow reader is waited for rather than an error.
    if fifo { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK) }
    try Descriptor.write(data, to: descriptor)
  }

  /// A new temporary file for `name` in `folder`, created exclusively, and its descriptor.
  private static func create(beside name: String, in folder: String, mode: mode_t) throws(FileFailure) -> (
    String, Int32
  ) {
    while true {
      let temporary = "\(folder)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max))\(suffix)"
      let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
      if descriptor >= 0 { return (temporary, descriptor) }
      guard errno == EEXIST else { throw FileFailure.posix() }
    }
  }

  /// Removes the temporary files of earlier writes of `name` whose process is gone: writes
  /// killed before their rename. Those of processes still running are theirs to finish.
  private static func removeLeftovers(of name: String, in folder: String) {
    let prefix = ".\(name)."
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    where entry.hasPrefix(prefix) && entry.hasSuffix(suffix) {
      let middle = entry.dropFirst(prefix.count).dropLast(suffix.count).split(separator: ".")
      // `.NAME.partial`, as earlier versions named theirs, has no process to wait for.
      let owner = middle.count == 2 ? pid_t(middle[0]) : nil
      if middle.isEmpty || (owner.map { kill($0, 0) != 0 && errno == ESRCH } ?? false) {
        unlink("\(folder)/\(entry)")
      }
    }
  }

  /// Syncs the folder's entries, so that the rename itself survives a power loss. A folder
  /// that cannot be opened for it (some file systems) leaves the rename to the system.
  private static func syncFolder(_ folder: String) {
    let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    fsync(descriptor)
    close(descriptor)
  }
}
