import Foundation
import Testing

@testable import NNScript

/// Every script shipped in examples/ and the stdlib checks clean with `nnscript check`, and every
/// example runs to success. A project in a folder of its own (examples/houses) runs its scripts
/// in order in a test of its own.
struct ExampleTests {
  static let examples = Support.scripts(in: "examples").map(\.lastPathComponent).filter {
    FileManager.default.fileExists(atPath: Support.root.appendingPathComponent("examples/\($0)").path)
  }

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
    let paths = Support.scripts(in: "Sources/NNScript/Stdlib").map(\.path)
    #expect(!paths.isEmpty)
    let check = try Support.exec(["check"] + paths)
    #expect(check.status == 0, "\(check.stderr)")
  }

  /// Every script of the stdlib's folder is one the engine runs.
  @Test func everyStdlibFileRuns() {
    let files = Support.scripts(in: "Sources/NNScript/Stdlib").map(\.lastPathComponent)
    #expect(Stdlib.files.map(\.name).sorted() == files)
  }

  /// A copy of the binary in another folder, run there, still has its stdlib and every
  /// bundled dataset.
  @Test func aCopiedBinaryStillHasItsStdlibAndDatasets() throws {
    let folder = try Support.folder("copy")
    let copy = folder.appendingPathComponent("nnscript")
    try FileManager.default.copyItem(at: Support.binary, to: copy)
    let script = folder.appendingPathComponent("bundled.nns")
    try Data(
      """
      fn twice(x) { return 2 * x }
      for name in ["breast_cancer", "diabetes", "digits", "iris", "wine"] { print load(name) }
      print mean(map([1, 2, 3], twice))

      """.utf8
    ).write(to: script)
    let process = Process()
    process.executableURL = copy
    process.arguments = [script.lastPathComponent]
    process.currentDirectoryURL = folder
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(errors)")
    #expect(
      printed == """
        <dataset breast_cancer: 569 samples × 30 features, 2 classes>
        <dataset diabetes: 442 samples × 10 features, regression>
        <dataset digits: 1797 samples × 64 features, 10 classes>
        <dataset iris: 150 samples × 4 features, 3 classes>
        <dataset wine: 178 samples × 13 features, 3 classes>
        4

        """)
  }
}
