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
    let big = "s = \"x\" * 60000000\n"
    #expect(run(big + "t = join([s, s])").errors.contains("error: the result would hold more than 100000000 bytes"))
    #expect(
      run(big + "t = replace(s, \"x\", \"xy\")").errors.contains(
        "error: the result would hold more than 100000000 bytes"))
    #expect(run("s = \"abcdef\"\nprint slice(s, 1, 4) slice(s, -2)").output == "bcd ef\n")
  }

  @Test func theCSVCategoryLimitIsAnOption() throws {
    let folder = try Support.folder("limits")
    let file = folder.appendingPathComponent("ids.csv")
    let rows = (0..<1_200).map { "u\($0),\($0 % 2)" }.joined(separator: "\n")
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

/// The same limits seen from outside: the built binary, its peak memory measured by the system.
struct ResourceLimitProcessTests {
  /// Runs the binary on `code`; returns its exit status, its standard error and its peak
  /// resident memory in bytes (wait4's own figure for this child alone).
  private func exec(_ code: String) throws -> (status: Int32, stderr: String, maxRSS: Int) {
    let folder = try Support.folder("limits")
    let errors = folder.appendingPathComponent("stderr").path
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let arguments = [Support.binary.path, "-e", code]
    var argv = arguments.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in environment { free(p) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, Support.binary.path, &actions, nil, &argv, &environment)
    try #require(spawned == 0)
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
    let stderr = try String(contentsOfFile: errors, encoding: .utf8)
    // Linux reports ru_maxrss in kilobytes.
    return ((status >> 8) & 0xff, stderr, usage.ru_maxrss * 1024)
  }

  private static let megabyte = 1 << 20

  @Test func aNetworkTooLargeForTheMachineExitsWithItsFigure() throws {
    // Before: "Fatal error: failed to allocate 40003600016 bytes".
    let result = try exec("data = load(\"iris\")\nnet < dense 100000; dense 100000; dense 3 softmax >\ntrain epochs: 1")
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: this network needs about 200 GB for batch 32, the machine has"))
    #expect(result.maxRSS < 500 * Self.megabyte)
  }

  @Test func aSummaryOfBillionsOfParametersTakesLittleMemory() throws {
    // Before: 19.5 GB before the first line was printed.
    let result = try exec("data = load(\"iris\")\nnet < dense 50000; dense 50000; dense 3 softmax >\nsummary")
    #expect(result.status == 0)
    #expect(result.maxRSS < 500 * Self.megabyte)
  }

  @Test func aBatchLargerThanTheDataTakesTheDatasMemory() throws {
    // Before: 15.6 GB, then an abort.
    let result = try exec(
      "data = load(\"iris\")\nnet < dense 16 relu; dense 3 softmax >\ntrain epochs: 2 batch: 999999999 quiet: true\nprint eval"
    )
    #expect(result.status == 0)
    #expect(result.maxRSS < 500 * Self.megabyte)
  }

  @Test func aDoublingListStopsAtItsLimit() throws {
    // Before: past 12 GB before the size error.
    let result = try exec("xs = range(1000000)\nfor i in range(10) {\n  xs = xs + xs\n}")
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: the result would hold more than 10000000 elements"))
    #expect(result.maxRSS < 4096 * Self.megabyte)
  }

  @Test func aCSVFileThatNeverEndsIsRefusedInBoundedMemory() throws {
    let result = try exec("data = csv(\"/dev/zero\")")
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: csv: /dev/zero:1: a field is longer than 1048576 bytes"))
    #expect(result.maxRSS < 500 * Self.megabyte)
  }

  @Test func aCSVTextColumnOfAHundredThousandValuesIsRefusedInBoundedMemory() throws {
    // Before: "Fatal error: failed to allocate 40000000032 bytes".
    let folder = try Support.folder("limits")
    let file = folder.appendingPathComponent("ids.csv")
    let rows = (0..<100_000).map { "user\($0),\($0 % 2)" }.joined(separator: "\n")
    try ("id,y\n" + rows + "\n").write(to: file, atomically: true, encoding: .utf8)
    let result = try exec("data = csv(\"\(file.path)\")")
    #expect(result.status == 1)
    #expect(result.stderr.contains("column 'id' holds 100000 distinct text values, more than max_categories: 1000"))
    #expect(result.maxRSS < 500 * Self.megabyte)
  }
}
