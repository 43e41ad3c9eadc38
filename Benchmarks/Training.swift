import Foundation
import NNCore
import NNScript

// Training: samples/s of three MLPs (small, MNIST-sized, wide) on one thread, next to PyTorch
// training the same three in the same run (pytorch_bench.py, in a virtualenv this bench makes and
// keeps), with
// the sgemm arithmetic limit, the telemetry's and the doctor's overhead and the peak memory of a
// 60,000-sample run.

/// The peak-memory run: the medium network on an MNIST-sized set, one epoch, in a child process.
let memorySamples = 60_000
let memoryTargetBytes = 150_000_000
let overheadTarget = 5.0
let limitTarget = 0.8
/// Each workload is measured this many times on each side, in turn.
let trainingRounds = 2

/// What watching a run costs, in percent of its training time.
struct Overhead {
  /// Sampling telemetry at the default interval, per epoch.
  let telemetry: Double
  /// The doctor as `train` runs it over the workload's run (`epochs` epochs): the telemetry,
  /// the static findings before the first step and the runtime findings after the last.
  let doctor: Double
}

/// Epochs at the default telemetry interval against epochs with an interval too large to come
/// round (sampled at the first step only), one epoch of each in turn (which goes first
/// alternates), after a warm-up epoch of each; the fastest epoch of each, as for the rates. The
/// doctor's examinations, which run once per `train`, are timed beside each sampled epoch.
func measureOverhead(_ workload: TrainingWorkload, rounds: Int) throws -> Overhead {
  let dataset = randomDataset(workload, samples: workload.samples)
  let data = TrainingSet(dataset, rows: Array(0..<dataset.count))
  let sampled = try makeTrainer(workload, epochs: 1)
  let unsampled = try makeTrainer(workload, epochs: 1, telemetryInterval: Int.max)
  let setup = DoctorSetup(network: sampled.network, dataset: dataset, config: sampled.config)
  let clock = ContinuousClock()
  var on: [Double] = []
  var examinations: [Double] = []
  var off: [Double] = []
  func watched() throws {
    var run: TrainingRun?
    var report: DoctorReport?
    let before = clock.measure { report = DoctorReport.beforeTraining(setup) }
    on += try epochSeconds(sampled, on: data) { run = $0 }
    let after = clock.measure { _ = DoctorReport.examine(setup, run: run!, before: report) }
    examinations.append(milliseconds(before + after) / 1e3)
  }
  try watched()
  _ = try epochSeconds(unsampled, on: data)
  (on, examinations) = ([], [])
  for round in 0..<rounds {
    if round % 2 == 0 { try watched() }
    off += try epochSeconds(unsampled, on: data)
    if round % 2 == 1 { try watched() }
  }
  let epochs = Double(workload.epochs)
  return Overhead(
    telemetry: (on.min()! / off.min()! - 1) * 100,
    doctor: ((on.min()! * epochs + examinations.min()!) / (off.min()! * epochs) - 1) * 100)
}

/// The telemetry's and the doctor's always-on overhead of a workload, against their target.
func printOverhead(_ figures: Overhead, of workload: TrainingWorkload) {
  func verdict(_ pass: Bool) -> String { pass ? "PASS" : "MISS" }
  print(
    String(
      format: "telemetry overhead, %@: %+.1f%% (interval %d vs. off)   ≤ %.0f%% %@", workload.label,
      figures.telemetry, TrainingConfig().telemetryInterval, overheadTarget,
      verdict(figures.telemetry <= overheadTarget)
    ))
  print(
    String(
      format: "doctor overhead (telemetry and findings), %@, a %d-epoch run: %+.1f%%   ≤ %.0f%% %@",
      workload.label, workload.epochs, figures.doctor, overheadTarget, verdict(figures.doctor <= overheadTarget)))
}

// MARK: Peak memory, in a child process

/// `nnscript-bench --train-child medium`: generates the 60,000-sample set, trains one epoch on
/// one thread and exits; the parent reads its peak resident memory. `--no-train` stops after
/// the data is made, for the baseline.
func trainChild(_ name: String, train: Bool) throws {
  guard let workload = trainingWorkloads.first(where: { $0.name == name }) else {
    throw MeasurementFailure(description: "--train-child: no workload named \(name)")
  }
  let data = randomTrainingSet(workload, samples: memorySamples)
  guard train else { return }
  _ = try epochSeconds(try makeTrainer(workload, epochs: 1), on: data)
}

/// Peak resident bytes of the child: training, and only making the data.
func measureTrainingMemory(_ workload: TrainingWorkload) throws -> (training: Int, dataOnly: Int) {
  let me = Bundle.main.executablePath ?? CommandLine.arguments[0]
  return (
    try spawnAndMeasure([me, "--train-child", workload.name]),
    try spawnAndMeasure([me, "--train-child", workload.name, "--no-train"])
  )
}

// MARK: PyTorch

/// Where the PyTorch peer runs, or why it cannot.
enum PyTorchPeer {
  /// The virtualenv's interpreter and its torch version.
  case ready(python: String, version: String)
  /// torch could not be installed: the ratios are skipped, which is not a failure of the bench.
  case skipped(String)
}

/// What pytorch_bench.py measured.
struct PeerFigures {
  /// Samples/s by workload name.
  var rates: [String: Double] = [:]
  /// CPU time ÷ wall time of each workload's timed epochs.
  var cpuShares: [String: Double] = [:]
  /// torch's own 1024³ sgemm (MKL), GFLOP/s.
  var sgemm: Double?
}

/// Environment for the peers: one thread for every threading layer torch may use.
let oneThread = ["OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"]

/// Runs `arguments` (the first an absolute path) with `environment` added and its output in
/// files, for at most `timeout`; returns the exit status (nil when it timed out and was
/// stopped), the standard output and the standard error.
func runLogged(
  _ arguments: [String], environment: [String: String] = [:], timeout: Duration, in folder: URL
) throws -> (status: Int32?, output: String, errors: String) {
  let outURL = folder.appendingPathComponent("stdout-\(UUID().uuidString)")
  let errURL = folder.appendingPathComponent("stderr-\(UUID().uuidString)")
  _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
  _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
  defer {
    try? FileManager.default.removeItem(at: outURL)
    try? FileManager.default.removeItem(at: errURL)
  }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: arguments[0])
  process.arguments = Array(arguments.dropFirst())
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  process.standardInput = FileHandle.nullDevice
  process.standardOutput = try FileHandle(forWritingTo: outURL)
  process.standardError = try FileHandle(forWritingTo: errURL)
  try process.run()
  let clock = ContinuousClock()
  let deadline = clock.now + timeout
  while process.isRunning && clock.now < deadline { Thread.sleep(forTimeInterval: 0.2) }
  let timedOut = process.isRunning
  if timedOut {
    process.terminate()
    process.waitUntilExit()
  }
  let read = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
  return (timedOut ? nil : process.terminationStatus, read(outURL), read(errURL))
}

/// The last non-empty lines of a program's output, for a message.
func tail(_ text: String, lines: Int = 3) -> String {
  text.split(separator: "\n").suffix(lines).map { "    " + $0 }.joined(separator: "\n")
}

/// Makes the virtualenv at `venv` with torch from PyPI, unless it already imports torch.
func preparePyTorch(python: String, venv: String, scratch: URL) throws -> PyTorchPeer {
  let venvPython = venv + "/bin/python"
  let probe = [venvPython, "-c", "import torch; print(torch.__version__)"]
  if FileManager.default.isExecutableFile(atPath: venvPython) {
    let found = try runLogged(probe, timeout: .seconds(120), in: scratch)
    if found.status == 0 {
      print("PyTorch: reusing the virtualenv \(venv)")
      return .ready(python: venvPython, version: found.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }
  try? FileManager.default.removeItem(atPath: venv)
  print("PyTorch: installing torch from PyPI into \(venv) (once; about 5 GB with its CUDA libraries, a few minutes)")
  fflush(nil)
  let clock = ContinuousClock()
  let start = clock.now
  let created = try runLogged([python, "-m", "venv", venv], timeout: .seconds(300), in: scratch)
  guard created.status == 0 else {
    try? FileManager.default.removeItem(atPath: venv)
    return .skipped("python3 -m venv failed:\n" + tail(created.output + "\n" + created.errors))
  }
  // PyPI has no CPU-only Linux wheel: its wheel needs its nvidia-* libraries just to load (with
  // --no-deps, `import torch` fails on libcudart), so the whole set comes along. It trains on
  // the CPU like the CPU-only build.
  let installed = try runLogged(
    [
      venvPython, "-m", "pip", "install", "--disable-pip-version-check", "--no-cache-dir", "--progress-bar", "off",
      "torch",
    ],
    timeout: .seconds(900), in: scratch)
  let found = installed.status == 0 ? try runLogged(probe, timeout: .seconds(120), in: scratch) : installed
  guard installed.status == 0, found.status == 0 else {
    try? FileManager.default.removeItem(atPath: venv)
    let why =
      installed.status == nil
      ? "pip install torch took over 15 minutes"
      : installed.status != 0 ? "pip install torch failed" : "torch was installed but does not import"
    return .skipped(why + ":\n" + tail(found.output + "\n" + found.errors))
  }
  print(String(format: "PyTorch: installed in %.0f s", milliseconds(clock.now - start) / 1000))
  return .ready(python: venvPython, version: found.output.trimmingCharacters(in: .whitespacesAndNewlines))
}

/// Runs pytorch_bench.py for the workloads (and "sgemm") in `names`, adding to `figures` (the
/// best rate of every run so far, the smallest CPU share); throws when the script fails.
func runPyTorch(
  _ python: String, script: String, names: [String], threads: Int = 1, into figures: inout PeerFigures, scratch: URL
) throws {
  let environment = oneThread.mapValues { _ in String(threads) }
  let run = try runLogged(
    [python, script, "--threads", String(threads)] + names, environment: environment, timeout: .seconds(300),
    in: scratch)
  guard run.status == 0 else {
    let how = run.status.map { "exited with \($0)" } ?? "took over 5 minutes"
    throw MeasurementFailure(description: "\(script) \(names.joined(separator: " ")) \(how):\n" + tail(run.errors))
  }
  var printed: Set<String> = []
  for line in run.output.split(separator: "\n") where line.hasPrefix("{") {
    let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    if let name = object?["workload"] as? String, let rate = object?["samples_per_second"] as? Double {
      figures.rates[name] = max(rate, figures.rates[name] ?? 0)
      if let share = object?["cpu_share"] as? Double {
        figures.cpuShares[name] = min(share, figures.cpuShares[name] ?? 1)
      }
      printed.insert(name)
    } else if let gflops = object?["gflops"] as? Double {
      figures.sgemm = max(gflops, figures.sgemm ?? 0)
      printed.insert("sgemm")
    } else {
      throw MeasurementFailure(description: "\(script) printed a line that is not its figures: \(line)")
    }
  }
  let missing = names.filter { !printed.contains($0) }
  guard missing.isEmpty else {
    throw MeasurementFailure(description: "\(script) printed no figures for \(missing.joined(separator: ", "))")
  }
}

// MARK: The table

func measureTraining(python: String, pytorchScript: String, venv: String) throws {
  // For the children: the memory run, and torch's threading layers.
  for (name, value) in oneThread { setenv(name, value, 1) }
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nnscript-bench-torch-\(getpid())")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  print("")
  let peer = try preparePyTorch(python: python, venv: venv, scratch: scratch)

  // Each workload is measured in nnscript and then at once in PyTorch, with the sgemm limit in
  // between, and all of it twice: a slow spell of the machine then weighs on both sides alike,
  // and each side keeps its fastest epochs.
  let libraries = blasCandidates()
  var sgemmRuns = [measureSGEMM(largeWorkload, on: libraries)]
  var measured: [TrainingRate?] = trainingWorkloads.map { _ in nil }
  var peerFigures = PeerFigures()
  var peerFailure: String?
  for _ in 0..<trainingRounds {
    for (index, workload) in trainingWorkloads.enumerated() {
      let rate = try measureTrainingRate(workload)
      measured[index] = measured[index].map { $0.merged(with: rate) } ?? rate
      if case .ready(let venvPython, _) = peer, peerFailure == nil {
        do {
          let names = [workload.name] + (workload.name == largeWorkload.name ? ["sgemm"] : [])
          try runPyTorch(venvPython, script: pytorchScript, names: names, into: &peerFigures, scratch: scratch)
        } catch {
          peerFailure = "\(error)"
        }
      }
      sgemmRuns.append(measureSGEMM(largeWorkload, on: libraries))
    }
  }
  let rates = measured.map { $0! }
  let sgemm = libraries.indices.map { index in
    SGEMMFigures(
      workload: sgemmRuns.map { $0[index].workload }.max()!, cube: sgemmRuns.map { $0[index].cube }.max()!)
  }
  let overhead = [
    (smallWorkload, try measureOverhead(smallWorkload, rounds: 30)),
    (mediumWorkload, try measureOverhead(mediumWorkload, rounds: 6)),
    (largeWorkload, try measureOverhead(largeWorkload, rounds: 2)),
  ]
  let memory = try measureTrainingMemory(mediumWorkload)

  func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let space = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + space : space + text
  }
  func count(_ value: Double) -> String { Int(value.rounded()).formatted() }
  func verdict(_ pass: Bool) -> String { pass ? "PASS" : "MISS" }
  func megabytes(_ bytes: Int) -> String { String(format: "%.0f MB", Double(bytes) / 1e6) }

  print(
    "\nTraining, one thread: Adam, softmax cross-entropy, random Float32 data (seed \(dataSeed)); "
      + "samples/s of the fastest timed epoch")
  var peerHeader = "PyTorch"
  switch peer {
  case .ready(_, let version): peerHeader += " \(version)"
  case .skipped(let why): print("PyTorch ratios skipped: torch could not be installed. \(why)")
  }
  if let peerFailure { print("PyTorch measurement failed: \(peerFailure)") }
  let peerWidth = max(22, peerHeader.count + 2)
  print(
    pad("", 34, left: true) + pad("nnscript", 12) + pad(peerHeader, peerWidth) + pad("nnscript/PyTorch", 18)
      + "   target")
  for (workload, rate) in zip(trainingWorkloads, rates) {
    var line = pad(workload.label, 34, left: true) + pad(count(rate.best), 12)
    let target = String(format: "   ≥ %gx ", workload.target)
    if let peer = peerFigures.rates[workload.name] {
      let ratio = rate.best / peer
      line += pad(count(peer), peerWidth) + pad(String(format: "%.2fx", ratio), 18) + target
      line += verdict(ratio >= workload.target)
    } else {
      line += pad("—", peerWidth) + pad("—", 18) + target + "(no peer)"
    }
    print(line)
  }
  func shares(_ values: [Double?]) -> String {
    values.map { $0.map { String(format: "%.2f", $0) } ?? "?" }.joined(separator: "/")
  }
  let peerShares = trainingWorkloads.map { peerFigures.cpuShares[$0.name] }
  let busy = (rates.map(\.cpuShare) + peerShares.compactMap { $0 }).contains { $0 < 0.9 }
  print(
    "CPU share of the timed runs (1.00: a core to itself): nnscript \(shares(rates.map(\.cpuShare)))"
      + (peerFigures.rates.isEmpty ? "" : ", PyTorch \(shares(peerShares))")
      + (busy ? "\n  the machine was busy: these figures understate both sides; run again when it is quiet" : ""))

  let large = rates[trainingWorkloads.firstIndex { $0.name == largeWorkload.name }!].best
  let best = printSGEMM(libraries, sgemm, workload: largeWorkload, peer: peerFigures.sgemm)
  let limit = best.workload * 1e9 / largeWorkload.flopsPerSample
  let reached = large / limit
  print(
    String(
      format:
        "arithmetic limit of %@ on the best correct sgemm: %@ samples/s at %.2f MFLOP per sample (products "
        + "only); reached %.1f%% (%.1f%% of its 1024³ rate)   ≥ %.0f%% %@",
      largeWorkload.widths.map(String.init).joined(separator: "-"), count(limit), largeWorkload.flopsPerSample / 1e6,
      reached * 100, large * largeWorkload.flopsPerSample / 1e9 / best.cube * 100, limitTarget * 100,
      verdict(reached >= limitTarget)))
  for (workload, figures) in overhead { printOverhead(figures, of: workload) }
  try measureTwoThreads(
    single: rates, peerSingle: peerFigures, peer: peer, pytorchScript: pytorchScript, scratch: scratch)
  let featureBytes = memorySamples * mediumWorkload.widths.first! * MemoryLayout<Float>.size
  let memoryPass = memory.training <= memoryTargetBytes
  print(
    "peak memory, \(mediumWorkload.label), one epoch on \(memorySamples.formatted()) samples (child process): "
      + "\(megabytes(memory.training)) (making the data alone: \(megabytes(memory.dataOnly)); its Float32 features "
      + "are \(megabytes(featureBytes)))   ≤ \(megabytes(memoryTargetBytes)) \(verdict(memoryPass))")
  if let peerFailure { throw MeasurementFailure(description: "PyTorch: \(peerFailure)") }
  try measureAgainstPeer(
    convolutionRows(), title: convolutionTitle, peer: peer, pytorchScript: pytorchScript, scratch: scratch)
  try measureAgainstPeer(
    recurrentRows(), title: recurrentTitle, peer: peer, pytorchScript: pytorchScript, scratch: scratch)
}
