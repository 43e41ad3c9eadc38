import Foundation
import Testing

@testable import NNScript

/// Networks, batches and the values a script builds are measured before they are allocated:
/// what does not fit is a diagnostic at its source, never a process taken down by the system.
struct ResourceLimitTests {
  /// Runs `text` in an engine whose host allows `limit` bytes; returns the rendered errors and
  /// what it printed.
  private func run(_ text: String, limit: Int? = nil) -> (errors: String, output: String) {
    var options = Engine.Options(seed: 1)
    options.memoryLimit = limit
    var output = ""
    let engine = Engine(options: options, output: { output += $0 })
    let outcome = engine.run(SourceFile(name: "t.nns", text: text))
    return (DiagnosticRenderer().render(outcome.diagnostics), output)
  }

  @Test func aNetworkLargerThanTheBudgetIsRefusedAtItsWidestLayer() {
    let result = run(
      "data = load(\"iris\")\nnet < dense 100000000; dense 3 softmax >\ntrain epochs: 1 quiet: true",
      limit: 1_000_000_000)
    #expect(
      result.errors == """
        t.nns:2:7: error: this network needs about 42 GB for batch 32, the host allows 1 GB
         2 | net < dense 100000000; dense 3 softmax >
           |       ^~~~~~~~~~~~~~~ this layer takes 36 GB: give it fewer units, or train in smaller batches

        """)
  }

  @Test func twoWideLayersAreRefusedAtTheWiderOne() {
    let result = run("data = load(\"iris\")\nnet < dense 100000; dense 100000; dense 3 softmax >\ntrain epochs: 1")
    #expect(result.errors.contains("t.nns:2:21: error: this network needs about 200 GB for batch 32, the machine has"))
    #expect(result.errors.contains("this layer takes 200 GB: give it fewer units, or train in smaller batches"))
  }

  /// A layer whose parameters outnumber an `Int` is described and refused, never a trap.
  @Test func aParameterCountBeyondAnIntIsRefused() {
    let result = run(
      """
      data = reshape(regression(features: 1000, n: 10), 1000, 1)
      net < conv1d 100000000 1; flatten; dense 100000000; dense 1 >
      summary
      train epochs: 1
      """, limit: 1 << 30)
    #expect(result.output.contains("input 1000×1, more than 9.2e18 parameters"), "\(result.output)")
    #expect(result.errors.contains("t.nns:2:36: error: this network needs about"), "\(result.errors)")
  }

  @Test func theBatchCountedIsTheRowsABatchCanHold() {
    let result = run(
      "data = load(\"iris\")\nnet < dense 1000000; dense 3 softmax >\ntrain epochs: 1 batch: 999999999",
      limit: 1_000_000)
    #expect(result.errors.contains("this network needs about 1.4 GB for batch 150, the host allows 1 MB"))
  }

  @Test func loadingAModelFileIsMeasuredToo() throws {
    let folder = try Support.folder("limits")
    let path = folder.appendingPathComponent("m.safetensors").path
    let saved = run(
      "data = load(\"iris\")\nnet < dense 50; dense 3 softmax >\ntrain epochs: 1 quiet: true\nsave \"\(path)\"")
    #expect(!saved.errors.contains("error"))
    let loaded = run("load_net(\"\(path)\")", limit: 1_000)
    #expect(loaded.errors.contains("error: this network needs about 3.2 KB, the host allows 1 KB"))
  }

  @Test func aSummaryBuildsNoWeights() {
    // 2.5 billion parameters: the summary needs none of them in memory.
    let result = run("data = load(\"iris\")\nnet < dense 50000; dense 50000; dense 3 softmax >\nsummary", limit: 1)
    #expect(result.errors.isEmpty)
    #expect(
      result.output.hasSuffix("dense 3 softmax                3        150003\ninput width 4, 2500450003 parameters\n"))
  }

  @Test func aRangeIsRefusedBeforeItIsBuilt() {
    #expect(
      run("print range(20000000)").errors.contains("error: range: the range would hold more than 10000000 numbers"))
  }

  @Test func stringsBuiltByBuiltinsAreRefusedBeforeTheyAreBuilt() {
    // Results of 12 GB: a check after building them would not come in time.
    let big = "s = \"x\" * 60000000\nxs = []\nfor i in range(200) { xs = xs + [s] }\n"
    #expect(run(big + "t = join(xs)").errors.contains("error: the result would hold more than 100000000 bytes"))
    #expect(
      run(big + "t = replace(s, \"x\", \"y\" * 200)").errors.contains(
        "error: the result would hold more than 100000000 bytes"))
    #expect(run("s = \"abcdef\"\nprint slice(s, 1, 4) slice(s, -2)").output == "bcd ef\n")
  }

  @Test func theCSVCategoryLimitIsAnOption() throws {
    let folder = try Support.folder("limits")
    let file = folder.appendingPathComponent("ids.csv")
    // Each value twice: a text in every row its own would be read as an id.
    let rows = (0..<2_400).map { "u\($0 / 2),\($0 % 2)" }.joined(separator: "\n")
    try ("id,y\n" + rows + "\n").write(to: file, atomically: true, encoding: .utf8)
    let refused = run("data = csv(\"\(file.path)\")")
    #expect(
      refused.errors.contains("error: csv: column 'id' holds 1200 distinct text values, more than max_categories: 1000")
    )
    #expect(refused.errors.contains("drop the column if it is an id or free text, or raise max_categories:"))
    let accepted = Support.run("data = csv(\"\(file.path)\", max_categories: 5000)\nprint data.features")
    #expect(accepted.outcome.status == .success)
    #expect(accepted.output == "1200\n")
  }
}

/// The same limits seen from outside: the built binary, run with its memory capped, so a run
/// that would spend more than its bound fails to allocate instead of passing.
struct ResourceLimitProcessTests {
  /// Runs the binary on `code` with at most `megabytes` of data; returns its exit status (128
  /// plus the signal when it died) and its standard error.
  private func exec(_ code: String, megabytes: Int = 500) throws -> (status: Int32, stderr: String) {
    let child = try ChildProcess.run(
      ["-e", code], memoryLimit: megabytes * Self.megabyte, in: try Support.folder("limits"))
    return (child.status, child.errors)
  }

  private static let megabyte = 1 << 20

  @Test func aNetworkTooLargeForTheMachineExitsWithItsFigure() throws {
    // Before: "Fatal error: failed to allocate 40003600016 bytes".
    let result = try exec("data = load(\"iris\")\nnet < dense 100000; dense 100000; dense 3 softmax >\ntrain epochs: 1")
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: this network needs about 200 GB for batch 32, the machine has"))
  }

  @Test func aSummaryOfBillionsOfParametersTakesLittleMemory() throws {
    // Before: 19.5 GB before the first line was printed.
    let result = try exec("data = load(\"iris\")\nnet < dense 50000; dense 50000; dense 3 softmax >\nsummary")
    #expect(result.status == 0)
  }

  @Test func aBatchLargerThanTheDataTakesTheDatasMemory() throws {
    // Before: 15.6 GB, then an abort.
    let result = try exec(
      "data = load(\"iris\")\nnet < dense 16 relu; dense 3 softmax >\ntrain epochs: 2 batch: 999999999 quiet: true\nprint eval"
    )
    #expect(result.status == 0)
  }

  @Test func aDoublingListStopsAtItsLimit() throws {
    // Before: past 12 GB before the size error.
    let result = try exec("xs = range(1000000)\nfor i in range(10) {\n  xs = xs + xs\n}", megabytes: 1024)
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: the result would hold more than 10000000 elements"))
  }

  @Test func aCSVFileThatNeverEndsIsRefusedInBoundedMemory() throws {
    let result = try exec("data = csv(\"/dev/zero\")")
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: csv: /dev/zero:1: a field is longer than 1048576 bytes"))
  }

  @Test func aCSVTextColumnOfAHundredThousandValuesIsRefusedInBoundedMemory() throws {
    // Before: "Fatal error: failed to allocate 40000000032 bytes".
    let folder = try Support.folder("limits")
    let file = folder.appendingPathComponent("ids.csv")
    let rows = (0..<200_000).map { "user\($0 / 2),\($0 % 2)" }.joined(separator: "\n")
    try ("id,y\n" + rows + "\n").write(to: file, atomically: true, encoding: .utf8)
    let result = try exec("data = csv(\"\(file.path)\")")
    #expect(result.status == 1)
    #expect(result.stderr.contains("column 'id' holds 100000 distinct text values, more than max_categories: 1000"))
  }
}
