import Foundation
import NNCore

// CSV loading: throughput and peak memory of `csv(PATH)` on a generated 100 MB numeric file,
// next to numpy.loadtxt reading the same file in the same run.

let csvBytes = 100_000_000
let csvColumns = 10
let csvRuns = 3

struct CSVLoadFigures {
  let seconds: Samples
  let peakBytes: Int
}

/// Writes a numeric CSV of about `csvBytes`: `csvColumns` features and a class label.
func writeNumericCSV(to path: String) throws -> (rows: Int, values: Int) {
  guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path)
  else {
    throw MeasurementFailure(description: "cannot write \(path)")
  }
  defer { try? handle.close() }
  var rng = SeededGenerator(seed: 42)
  var buffer = (0..<csvColumns).map { "f\($0)" }.joined(separator: ",") + ",label\n"
  var written = 0
  var rows = 0
  while written < csvBytes {
    for _ in 0..<1000 {
      for _ in 0..<csvColumns { buffer += String(format: "%.4f,", rng.nextUnit() * 200 - 100) }
      buffer += "\(rng.next() % 10)\n"
      rows += 1
    }
    let data = Data(buffer.utf8)
    handle.write(data)
    written += data.count
    buffer = ""
  }
  return (rows, rows * (csvColumns + 1))
}

/// Runs `arguments` `csvRuns` times; wall time of each and the largest peak resident memory.
func measureLoad(_ arguments: [String]) throws -> CSVLoadFigures {
  var times: [Double] = []
  var peak = 0
  let clock = ContinuousClock()
  for _ in 0..<csvRuns {
    var maxRSS = 0
    let elapsed = try clock.measure { maxRSS = try spawnAndMeasure(arguments) }
    times.append(milliseconds(elapsed) / 1000)
    peak = max(peak, maxRSS)
  }
  return CSVLoadFigures(seconds: Samples(times), peakBytes: peak)
}

/// Spawns `arguments` (the first found on PATH) with its output discarded, waits for it, and
/// returns its peak resident memory in bytes (the kernel's accounting of the child); throws
/// unless it exits with status 0.
func spawnAndMeasure(_ arguments: [String]) throws -> Int {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  let argv = arguments.map { strdup($0) } + [nil]
  defer { argv.forEach { free($0) } }
  var pid = pid_t()
  let error = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
  guard error == 0 else {
    throw MeasurementFailure(description: "cannot start \(arguments[0]): \(String(cString: strerror(error)))")
  }
  var status: Int32 = 0
  var usage = rusage()
  while wait4(pid, &status, 0, &usage) == -1, errno == EINTR {}
  // The status holds the exit code in bits 8–15 when the low 7 bits (a signal) are zero.
  guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
    throw MeasurementFailure(description: "\(arguments.joined(separator: " ")) failed (wait status \(status))")
  }
  return usage.ru_maxrss * 1024
}

func measureCSV(nnscript: String, python: String) throws {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnscript-bench-\(getpid())")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: folder) }
  let path = folder.appendingPathComponent("numbers.csv").path
  let (rows, values) = try writeNumericCSV(to: path)
  let size = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? csvBytes)
  let numericBytes = Double(values * MemoryLayout<Float>.size)

  let ours = try measureLoad([nnscript, "-e", "d = csv(\"\(path)\")\nassert d.samples == \(rows)"])
  let numpy = try measureLoad([
    python, "-c", "import numpy; numpy.loadtxt('\(path)', delimiter=',', skiprows=1, dtype=numpy.float32)",
  ])

  func megabytes(_ bytes: Double) -> String { String(format: "%.0f MB", bytes / 1e6) }
  func throughput(_ f: CSVLoadFigures) -> Double { size / 1e6 / f.seconds.median }
  print(
    "\nCSV load: \(megabytes(size)), \(rows.formatted()) rows × \(csvColumns + 1) numbers (\(megabytes(numericBytes)) as Float32), median of \(csvRuns)"
  )
  print("                                   MB/s   peak memory   peak ÷ data   target")
  let speed = throughput(ours)
  let ratio = Double(ours.peakBytes) / numericBytes
  print(
    String(
      format: "nnscript csv()                   %6.1f   %11@   %10.2fx   ≥ 50 MB/s %@, < 3x %@", speed,
      megabytes(Double(ours.peakBytes)), ratio, speed >= 50 ? "PASS" : "MISS", ratio < 3 ? "PASS" : "MISS"))
  print(
    String(
      format: "  peer: numpy.loadtxt (float32)  %6.1f   %11@   %10.2fx   nnscript is %.2fx its speed",
      throughput(numpy), megabytes(Double(numpy.peakBytes)), Double(numpy.peakBytes) / numericBytes,
      speed / throughput(numpy)))
}
