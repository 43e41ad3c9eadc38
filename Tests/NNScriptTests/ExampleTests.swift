import Foundation
import Testing

@testable import NNScript

/// Every script shipped in examples/ and stdlib/ checks clean with `nnscript check`, and every
/// example runs to success.
struct ExampleTests {
  static let examples = Support.scripts(in: "examples").map(\.lastPathComponent)

  @Test func thereAreExamples() {
    #expect(Self.examples.contains("quickstart.nns"))
  }

  @Test("example checks and runs", arguments: examples)
  func exampleRuns(_ name: String) throws {
    let path = Support.root.appendingPathComponent("examples/\(name)").path
    let check = try Support.exec(["check", path])
    #expect(check.status == 0, "\(check.stderr)")
    let run = try Support.exec([path])
    #expect(run.status == 0, "\(run.stderr)")
  }

  @Test func stdlibChecksClean() throws {
    let paths = Support.scripts(in: "stdlib").map(\.path)
    #expect(!paths.isEmpty)
    let check = try Support.exec(["check"] + paths)
    #expect(check.status == 0, "\(check.stderr)")
  }

  /// The binary carries the stdlib; this fails while the embedded copy is stale.
  @Test func embeddedStdlibMatchesTheFolder() throws {
    let files = Support.scripts(in: "stdlib")
    #expect(StdlibSource.files.map(\.name) == files.map(\.lastPathComponent), "run `make embed`")
    for (file, embedded) in zip(files, StdlibSource.files) {
      var text = try String(contentsOf: file, encoding: .utf8)
      if text.hasSuffix("\n") { text.removeLast() }
      #expect(embedded.text == text, "stdlib/\(embedded.name) changed: run `make embed`")
    }
  }

  /// A copy of the binary in another folder still has its stdlib.
  @Test func aCopiedBinaryStillHasItsStdlib() throws {
    let folder = try Support.folder("copy")
    let copy = folder.appendingPathComponent("nnscript")
    try FileManager.default.copyItem(at: Support.binary, to: copy)
    let process = Process()
    process.executableURL = copy
    process.arguments = ["-e", "print mean([1, 2, 3])"]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    process.waitUntilExit()
    #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "2\n")
  }
}
