import Foundation
import Testing

/// The `nnscript` executable fed inputs that used to crash it or take gigabytes: each must end
/// with a diagnostic and an exit code of 65 or 2 (never a signal), within a memory limit and
/// with bounded output.
/// The children run one at a time: each takes a core for seconds in a debug build, and other
/// suites share the machine.
@Suite(.serialized) struct CLIInputBoundsTests {
  /// Far above what any of these inputs needs now (under 160 MB resident), far below what
  /// they took before (1.8 GB for the bad escapes, 12 GB for /dev/zero).
  static let memoryLimit = 512 << 20

  private func expectBounded(_ child: ChildProcess, status: Int32, _ what: String) {
    #expect(child.status == status, "\(what): exit \(child.status)\n\(child.errors.prefix(2_000))")
    #expect(child.stdout.count + child.stderr.count < 64 << 10, "\(what): \(child.stderr.count) bytes of errors")
  }

  private func run(_ arguments: [String], stdinPath: String = "/dev/null", in folder: URL) throws -> ChildProcess {
    try ChildProcess.run(arguments, stdinPath: stdinPath, memoryLimit: Self.memoryLimit, in: folder)
  }

  private func script(_ text: String, in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent("input.nns")
    try Data(text.utf8).write(to: url)
    return url
  }

  @Test(.timeLimit(.minutes(10))) func aMegabyteOfUnexpectedCharacters() throws {
    let folder = try Support.folder("cli-bounds")
    let file = try script(String(repeating: "$", count: 1 << 20), in: folder)
    expectBounded(try run([file.path], in: folder), status: 65, "file")
    expectBounded(try run(["check", file.path], in: folder), status: 65, "check")
    expectBounded(try run([], stdinPath: file.path, in: folder), status: 65, "piped")
    // One argument may hold at most 128 KB on Linux.
    expectBounded(
      try run(["-e", String(repeating: "é", count: 50_000)], in: folder), status: 65, "-e")
  }

  @Test(.timeLimit(.minutes(10))) func deepNestingFromEachSource() throws {
    let folder = try Support.folder("cli-bounds")
    for piece in ["(", "[", "{", "-", "not ", "if x { "] {
      let text = String(repeating: piece, count: (1 << 20) / piece.utf8.count)
      let file = try script(text, in: folder)
      expectBounded(try run([file.path], in: folder), status: 65, "file of \(piece)")
      expectBounded(try run([], stdinPath: file.path, in: folder), status: 65, "piped \(piece)")
    }
  }

  @Test(.timeLimit(.minutes(10))) func aLineOfBadEscapes() throws {
    let folder = try Support.folder("cli-bounds")
    let file = try script("x = \"" + String(repeating: "\\q", count: 16 << 10) + "\"\n", in: folder)
    let child = try run([file.path], in: folder)
    expectBounded(child, status: 65, "bad escapes")
    #expect(child.errors.hasSuffix("\((16 << 10) - 50) more errors not shown\n"))
  }

  @Test(.timeLimit(.minutes(10))) func endlessPipedInput() throws {
    let folder = try Support.folder("cli-bounds")
    let child = try run([], stdinPath: "/dev/zero", in: folder)
    expectBounded(child, status: 2, "/dev/zero")
    #expect(child.errors == "error: line 1 of the input is longer than 1048576 bytes\n")
  }

  @Test(.timeLimit(.minutes(10))) func aLongLineAfterOthersNamesItsNumber() throws {
    let folder = try Support.folder("cli-bounds")
    let file = try script("print 1\nprint 2\n" + String(repeating: "#", count: 2 << 20) + "\nprint 3\n", in: folder)
    let child = try run([], stdinPath: file.path, in: folder)
    expectBounded(child, status: 2, "long third line")
    #expect(String(decoding: child.stdout, as: UTF8.self) == "1\n2\n")
    #expect(child.errors == "error: line 3 of the input is longer than 1048576 bytes\n")
  }

  /// Lines that never end their statement: the statement stops at the size of a script file,
  /// and what follows it runs.
  @Test(.timeLimit(.minutes(10))) func aStatementWithoutEndIsRefusedAtTheSizeOfAScript() throws {
    let folder = try Support.folder("cli-bounds")
    let comment = "# " + String(repeating: "a", count: (1 << 20) - 8) + "\n"
    let file = try script("x = [\n" + String(repeating: comment, count: 17) + "1]\nprint 7\n", in: folder)
    let child = try run([], stdinPath: file.path, in: folder)
    expectBounded(child, status: 65, "a statement without end")
    #expect(child.errors.contains("error: 'stdin' is larger than 16 MB"), "\(child.errors.prefix(300))")
    #expect(String(decoding: child.stdout, as: UTF8.self) == "7\n")
  }

  @Test(.timeLimit(.minutes(10))) func scriptsThatAreNotRegularFiles() throws {
    let folder = try Support.folder("cli-bounds")
    let fifo = folder.appendingPathComponent("fifo.nns")
    #expect(mkfifo(fifo.path, 0o644) == 0)
    for path in ["/dev/zero", fifo.path] {
      for arguments in [[path], ["check", path]] {
        let child = try run(arguments, in: folder)
        expectBounded(child, status: 2, path)
        #expect(child.errors == "error: '\(path)' is not a regular file\n")
      }
    }
    let importer = try script("import \"\(fifo.path)\"\n", in: folder)
    let child = try run([importer.path], in: folder)
    expectBounded(child, status: 65, "import of a FIFO")
    #expect(child.errors.contains("error: '\(fifo.path)' is not a regular file"))
  }

  @Test(.timeLimit(.minutes(10))) func scriptsLargerThanTheLimit() throws {
    let folder = try Support.folder("cli-bounds")
    let big = folder.appendingPathComponent("big.nns")
    #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
    // A sparse file: its size is checked before anything is read.
    let handle = try FileHandle(forWritingTo: big)
    try handle.truncate(atOffset: 17 << 20)
    try handle.close()
    let child = try run([big.path], in: folder)
    expectBounded(child, status: 2, "17 MB script")
    #expect(child.errors == "error: '\(big.path)' is larger than 16 MB\n")
    let importer = try script("import \"big.nns\"\n", in: folder)
    let imported = try run([importer.path], in: folder)
    expectBounded(imported, status: 65, "import of a 17 MB script")
    #expect(imported.errors.contains("error: 'big.nns' is larger than 16 MB"))
  }
}
