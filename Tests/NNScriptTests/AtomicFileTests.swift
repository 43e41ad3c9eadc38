import Foundation
import Testing

@testable import NNScript

/// How `save`, `plot … to:` and `report` write a file (AtomicFile): a regular file is replaced
/// whole, keeping its permissions; a symbolic link is followed; a device or a FIFO is written
/// through, never replaced; leftovers of killed writes go.
struct AtomicFileTests {
  /// A `save … to:` of a small table to `path`; the diagnostics' messages.
  static func save(to path: String) -> (status: Outcome.Status, messages: [String]) {
    let run = Support.run("save [{a: 1}] to: \"\(path)\"\n")
    return (run.outcome.status, run.outcome.diagnostics.map(\.message))
  }

  static let table = "a\n1\n"

  /// The kind of file at `path`, not following a link: S_IFREG, S_IFLNK…
  static func kind(_ path: String) -> mode_t {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
  }

  static func permissions(_ path: String) -> mode_t {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
  }

  @Test func aReplacedFileKeepsItsPermissions() throws {
    let folder = try Support.folder("atomic")
    let path = folder.appendingPathComponent("private.csv").path
    for mode: mode_t in [0o600, 0o640, 0o755] {
      try Data("old".utf8).write(to: URL(fileURLWithPath: path))
      #expect(chmod(path, mode) == 0)
      var before = stat()
      #expect(stat(path, &before) == 0)
      #expect(Self.save(to: path).status == .success)
      // Replaced by a rename, not rewritten in place: a new file with the old one's permissions.
      var after = stat()
      #expect(stat(path, &after) == 0 && after.st_ino != before.st_ino)
      #expect(Self.permissions(path) == mode)
      #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.table)
    }
  }

  /// A link is followed, as editors do: the file it leads to is replaced, keeping its
  /// permissions, and the link stays a link. A link to nothing is refused.
  @Test func aSymbolicLinkIsFollowed() throws {
    let folder = try Support.folder("atomic")
    let target = folder.appendingPathComponent("target.csv").path
    let link = folder.appendingPathComponent("link.csv").path
    try Data("old".utf8).write(to: URL(fileURLWithPath: target))
    #expect(chmod(target, 0o640) == 0)
    #expect(symlink(target, link) == 0)
    #expect(Self.save(to: link).status == .success)
    #expect(Self.kind(link) == S_IFLNK)
    #expect(try String(contentsOfFile: target, encoding: .utf8) == Self.table)
    #expect(Self.permissions(target) == 0o640)

    let dangling = folder.appendingPathComponent("dangling.csv").path
    #expect(symlink(folder.appendingPathComponent("nowhere.csv").path, dangling) == 0)
    let refused = Self.save(to: dangling)
    #expect(refused.status == .failed)
    #expect(
      refused.messages.last == "cannot write '\(dangling)': it is a symbolic link to a file that does not exist")
    #expect(Self.kind(dangling) == S_IFLNK)
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("nowhere.csv").path))
  }

  /// Linux's device number for a small major and minor, as `makedev` makes it.
  static func device(_ major: UInt64, _ minor: UInt64) -> dev_t { dev_t(major << 8 | minor) }

  /// Devices of the kinds /dev/null and /dev/full, made in the test's folder: written through,
  /// never replaced by a file.
  @Test(.enabled(if: getuid() == 0, "making device nodes needs root"))
  func aDeviceIsWrittenThroughNeverReplaced() throws {
    let folder = try Support.folder("atomic")
    let null = folder.appendingPathComponent("null").path
    let full = folder.appendingPathComponent("full").path
    #expect(mknod(null, S_IFCHR | 0o666, Self.device(1, 3)) == 0)
    #expect(mknod(full, S_IFCHR | 0o666, Self.device(1, 7)) == 0)
    #expect(Self.save(to: null).status == .success)
    #expect(Self.kind(null) == S_IFCHR)
    let written = Self.save(to: full)
    #expect(written.messages.last == "cannot write '\(full)': no space left on device")
    #expect(Self.kind(full) == S_IFCHR)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["full", "null"])
  }

  /// A FIFO gets the bytes, and stays a FIFO; with no program reading it, writing is an error
  /// rather than a wait.
  @Test func aFIFOIsWrittenThrough() throws {
    let folder = try Support.folder("atomic")
    let fifo = folder.appendingPathComponent("pipe.csv").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let unread = Self.save(to: fifo)
    #expect(unread.messages.last == "cannot write '\(fifo)': it is a FIFO that no program reads")

    // Opened without waiting for a writer; the table fits the pipe's buffer.
    let reader = open(fifo, O_RDONLY | O_NONBLOCK)
    #expect(reader >= 0)
    defer { close(reader) }
    #expect(Self.save(to: fifo).status == .success)
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = read(reader, &buffer, buffer.count)
    #expect(count >= 0 && String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == Self.table)
    #expect(Self.kind(fifo) == S_IFIFO)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pipe.csv"])
  }

  /// The temporary file of a write killed before its rename is removed by the next write of
  /// the same file; one of a process still running is left to it.
  /// `/dev/stdout` piped to another program leads to a pipe with no path: it is written through.
  @Test func standardOutputPipedOnIsWrittenThrough() throws {
    let result = try Support.exec(["-e", "save [{a: 1}] to: \"/dev/stdout\""])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "a\n1\n")
  }

  @Test func leftoversOfKilledWritesAreRemoved() throws {
    let folder = try Support.folder("atomic")
    // A process that has ended: its pid names no process now.
    let ended = Process()
    ended.executableURL = URL(fileURLWithPath: "/bin/true")
    try ended.run()
    ended.waitUntilExit()
    let killed = ".t.csv.\(ended.processIdentifier).1234.partial"
    let running = ".t.csv.\(getpid()).5678.partial"
    let earlier = ".t.csv.partial"
    let other = ".u.csv.\(ended.processIdentifier).1.partial"
    for name in [killed, running, earlier, other] {
      try Data("half".utf8).write(to: folder.appendingPathComponent(name))
    }
    #expect(Self.save(to: folder.appendingPathComponent("t.csv").path).status == .success)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(names == [running, other, "t.csv"].sorted(), "\(names)")
  }
}
