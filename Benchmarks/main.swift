import Foundation
import NNScript

// `make bench`: how fast nnscript checks a long script, how fast it starts, how soon a long run
// ends after its last epoch, how fast it loads a CSV and how fast it trains, each next to Python
// (or PyTorch) doing the same job in the same run on the same machine, where there is a peer.
//
//     nnscript-bench --nnscript .build/release/nnscript
//         [--pytorch-script Benchmarks/pytorch_bench.py] [--venv .build/bench-venv]
//         [--training-only | --convolutions-only | --recurrent-only [--workload lstm|gru] | --search-only
//          | --post-run-only | --doctor-only]
//         [--base PATH-TO-BASE-BENCH [--base-only]]
//
// With --base, the training rows are measured again against a bench built from the base commit
// (the Makefile's `bench` builds it), each as a ratio this build ÷ base; --base-only does just that.
//
// The PyTorch peer runs in a virtualenv at --venv, made with torch from PyPI on first use and
// reused after (the defaults are found from this file's place in the package).
//
// `nnscript-bench --recurrent-child lstm|gru` trains one recurrent row's workload in nnscript alone
// and prints its epochs' samples/s, to profile it.
//
// Prints a table with a PASS/MISS per target. Exits non-zero only when a measurement could
// not be made (say, the generated script does not check clean), never for a missed target.

let scriptLines = 10_000
let checkRuns = 9
let spawnRuns = 20

// MARK: Checking a long script

/// Checks the generated script in-process with one engine (the stdlib loads once, as in a
/// long-lived host); each run includes building the `SourceFile`.
func measureCheck() throws -> Samples {
  let text = try lineCounted(Workloads.nnscript(lines: scriptLines))
  let engine = Engine()
  let first = engine.check(SourceFile(name: "bench.nns", text: text))
  guard first.status == .success, first.diagnostics.isEmpty else {
    let shown = DiagnosticRenderer().render(Array(first.diagnostics.prefix(5)))
    throw MeasurementFailure(description: "the generated script does not check clean:\n\(shown)")
  }
  let clock = ContinuousClock()
  return Samples(
    (0..<checkRuns).map { _ in
      milliseconds(clock.measure { _ = engine.check(SourceFile(name: "bench.nns", text: text)) })
    })
}

/// Python's `compile()` of the equivalent program, timed inside Python with perf_counter
/// (after one warm-up compile, as for nnscript).
func measurePythonCompile(_ python: String) throws -> Samples {
  let program = """
    import sys, time
    source = sys.stdin.read()
    compile(source, "bench.py", "exec")
    for _ in range(\(checkRuns)):
        start = time.perf_counter()
        compile(source, "bench.py", "exec")
        print((time.perf_counter() - start) * 1000)
    """
  let output = try runToEnd([python, "-c", program], input: lineCounted(Workloads.python(lines: scriptLines)))
  let times = output.split(separator: "\n").compactMap { Double($0) }
  guard times.count == checkRuns else {
    throw MeasurementFailure(description: "python3 printed no timings: \(output)")
  }
  return Samples(times)
}

/// The workload, once it is known to have exactly `scriptLines` lines.
func lineCounted(_ text: String) throws -> String {
  let lines = text.utf8.count { $0 == UInt8(ascii: "\n") }
  guard lines == scriptLines else {
    throw MeasurementFailure(description: "a generated script has \(lines) lines instead of \(scriptLines)")
  }
  return text
}

/// Runs a program to completion with `input` on its standard input; returns its standard
/// output, or throws when it fails.
func runToEnd(_ arguments: [String], input: String) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  let stdin = Pipe()
  let stdout = Pipe()
  process.standardInput = stdin
  process.standardOutput = stdout
  try process.run()
  // The programs run here read all their input before they print, so this cannot deadlock.
  stdin.fileHandleForWriting.write(Data(input.utf8))
  try stdin.fileHandleForWriting.close()
  let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw MeasurementFailure(
      description: "\(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
  }
  return output
}

// MARK: Start to exit

/// Wall time from spawning `arguments` to its exit, `spawnRuns` times after one warm-up
/// run. posix_spawn and waitpid add almost nothing of their own, unlike Foundation's Process.
func measureStartup(_ arguments: [String]) throws -> Samples {
  try spawnAndWait(arguments)
  let clock = ContinuousClock()
  return Samples(try (0..<spawnRuns).map { _ in milliseconds(try clock.measure { try spawnAndWait(arguments) }) })
}

/// Spawns `arguments` (the first found on PATH) with its output discarded and waits for it;
/// throws unless it exits with status 0.
func spawnAndWait(_ arguments: [String]) throws {
  _ = try spawnAndMeasure(arguments)
}

// MARK: The table

struct Row {
  let name: String
  let samples: Samples
  /// The nnscript row this one is the peer of: the ratio nnscript ÷ this.
  var peerOf: Samples? = nil
  /// Milliseconds the median must stay under.
  var target: Double? = nil
}

func printTable(_ rows: [Row]) {
  func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let space = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + space : space + text
  }
  func ms(_ value: Double) -> String { String(format: "%.1f", value) }
  print(pad("", 40, left: true) + pad("median ms", 10) + pad("p90 ms", 9) + pad("nnscript/peer", 15) + "   target")
  for row in rows {
    var line = pad(row.name, 40, left: true) + pad(ms(row.samples.median), 10) + pad(ms(row.samples.p90), 9)
    line += pad(row.peerOf.map { String(format: "%.2fx", $0.median / row.samples.median) } ?? "", 15)
    if let target = row.target {
      line += "   < \(Int(target)) ms " + (row.samples.median < target ? "PASS" : "MISS")
    }
    print(line)
  }
}

/// The value after `flag`, if the flag is given.
func option(_ flag: String, in arguments: [String]) -> String? {
  arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}

func main() throws {
  let arguments = CommandLine.arguments
  if arguments.contains("--rates-child") { return try ratesChild(arguments) }
  if let workload = option("--train-child", in: arguments) {
    return try trainChild(workload, train: !arguments.contains("--no-train"))
  }
  if let workload = option("--recurrent-child", in: arguments) { return try recurrentChild(workload) }
  if arguments.contains("--threads-only") { return try measureThreadScaling() }
  guard let nnscript = option("--nnscript", in: arguments) else {
    throw MeasurementFailure(
      description:
        "usage: nnscript-bench --nnscript PATH-TO-NNSCRIPT [--pytorch-script PATH] [--venv PATH] [--training-only | --convolutions-only | --recurrent-only [--workload lstm|gru] | --search-only | --post-run-only | --doctor-only] [--base PATH [--base-only]]"
    )
  }
  let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  let pytorchScript =
    option("--pytorch-script", in: arguments) ?? package.appendingPathComponent("Benchmarks/pytorch_bench.py").path
  let venv = option("--venv", in: arguments) ?? package.appendingPathComponent(".build/bench-venv").path
  // The interpreter itself: `python3` on PATH may be a shim (pyenv's is a shell script)
  // whose own start-up would be counted against Python.
  let found = try runToEnd(
    ["python3", "-c", "import sys; print(sys.executable); print(sys.version.split()[0])"], input: ""
  )
  .split(separator: "\n").map(String.init)
  guard found.count == 2 else { throw MeasurementFailure(description: "cannot locate python3: \(found)") }
  let python = found[0]
  if arguments.contains("--training-only") {
    return try measureTraining(python: python, pytorchScript: pytorchScript, venv: venv)
  }
  if arguments.contains("--convolutions-only") {
    return try measureAgainstPeerAlone(
      convolutionRows(), title: convolutionTitle, python: python, pytorchScript: pytorchScript, venv: venv)
  }
  if arguments.contains("--recurrent-only") {
    return try measureAgainstPeerAlone(
      recurrentRows(try chosenRecurrents(option("--workload", in: arguments))), title: recurrentTitle,
      python: python, pytorchScript: pytorchScript, venv: venv)
  }
  if arguments.contains("--search-only") { return try measureSearch() }
  let base = option("--base", in: arguments)
  if arguments.contains("--base-only") {
    guard let base else { throw MeasurementFailure(description: "--base-only needs --base PATH-TO-BASE-BENCH") }
    return try measureAgainstBase(base)
  }
  if arguments.contains("--post-run-only") {
    return printTable([try postRunRow()])
  }
  if arguments.contains("--doctor-only") {
    // The doctor's always-on overhead and its probes, without the peers.
    for (workload, rounds) in [(smallWorkload, 30), (mediumWorkload, 6)] {
      printOverhead(try measureOverhead(workload, rounds: rounds), of: workload)
    }
    return try measureProbes()
  }

  let check = try measureCheck()
  let compile = try measurePythonCompile(python)
  let startup = try measureStartup([nnscript, "-e", "print 1"])
  let pythonStartup = try measureStartup([python, "-c", "print(1)"])
  let pythonNoSite = try measureStartup([python, "-S", "-c", "print(1)"])
  let postRun = try postRunRow()
  // The prelude's own loops are linear: map, filter and linspace over twice the numbers take
  // about twice as long, start to exit.
  func loops(_ n: Int) -> [String] {
    [nnscript, "-e", "xs = filter(map(linspace(0, 1, \(n)), fn(x) { return x * 2 }), fn(x) { return x < 1 })"]
  }
  let loopsHalf = try measureStartup(loops(20_000))
  let loopsWhole = try measureStartup(loops(40_000))
  let pythonLoops = try measureStartup([
    python, "-c", "xs = [x for x in map(lambda x: x * 2, [i / 39999 for i in range(40000)]) if x < 1]",
  ])

  print(
    "nnscript-bench: \(checkRuns) in-process checks, \(spawnRuns) start-to-exit runs each; peer Python \(found[1]) at \(python)\n"
  )
  printTable([
    Row(name: "check a \(scriptLines.formatted())-line script", samples: check, target: 100),
    Row(name: "  peer: python3 compile()", samples: compile, peerOf: check),
    Row(name: "start to exit: nnscript -e 'print 1'", samples: startup, target: 50),
    Row(name: "  peer: python3 -c 'print(1)'", samples: pythonStartup, peerOf: startup),
    Row(name: "  peer: python3 -S -c 'print(1)'", samples: pythonNoSite, peerOf: startup),
    postRun,
    Row(name: "linspace, map, filter: 20,000 numbers", samples: loopsHalf),
    Row(name: "linspace, map, filter: 40,000 numbers", samples: loopsWhole),
    Row(name: "  peer: python3, the same list operations", samples: pythonLoops, peerOf: loopsWhole),
  ])
  let growth = (loopsWhole.median - startup.median) / (loopsHalf.median - startup.median)
  print(
    String(
      format: "twice the numbers, less the start: %.2fx the time   ≤ 2.5x (linear) %@", growth,
      growth <= 2.5 ? "PASS" : "MISS"))
  try measureCSV(nnscript: nnscript, python: python)
  try measureTraining(python: python, pytorchScript: pytorchScript, venv: venv)
  try measureProbes()
  try measureSearch()
  if let base { try measureAgainstBase(base) }
}

do {
  try main()
} catch {
  FileHandle.standardError.write(Data("nnscript-bench: \(error)\n".utf8))
  exit(1)
}
