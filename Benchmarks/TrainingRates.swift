import Foundation
import NNCore

// The training rates, as a table row takes them: the MLP and convolution workloads, trained on one
// thread. This file is also built against the base commit for the comparison with it (see
// Baseline.swift and the Makefile's `bench`), alone with a two-line main.swift, so it uses only
// NNCore's public API that the base has as well.

struct MeasurementFailure: Error, CustomStringConvertible {
  let description: String
}

/// Sorted timings in milliseconds.
struct Samples {
  let sorted: [Double]
  init(_ values: [Double]) { sorted = values.sorted() }

  var median: Double {
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }

  /// Nearest rank: the smallest sample with at least 90% of the samples at or below it.
  var p90: Double { sorted[Int((0.9 * Double(sorted.count)).rounded(.up)) - 1] }
}

func milliseconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) * 1e-15
}

/// One MLP training workload: relu hidden layers, a softmax output trained with cross-entropy,
/// Adam at its defaults. `name` matches the workload names of pytorch_bench.py.
struct TrainingWorkload {
  let name: String
  let widths: [Int]
  let batch: Int
  /// Random samples in the training set.
  let samples: Int
  /// Timed epochs, after one warm-up epoch.
  let epochs: Int
  /// nnscript ÷ PyTorch samples/s must reach this.
  let target: Double

  var label: String { widths.map(String.init).joined(separator: "-") + ", batch \(batch)" }

  var layers: [LayerConfig] {
    widths.dropFirst().dropLast().map { .dense(units: $0, activation: .relu) }
      + [.dense(units: widths.last!, activation: .softmax)]
  }

  /// The matrix products of one step on a full batch: (m, n, k, transposeA, transposeB) as
  /// DenseLayer makes them — x·Wᵀ forward, gᵀ·x for the weight gradient, g·W for the input
  /// gradient of every layer but the first.
  var stepProducts: [(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool)] {
    let layers = Array(zip(widths.dropLast(), widths.dropFirst()))
    let forward = layers.map { (m: batch, n: $0.1, k: $0.0, transposeA: false, transposeB: true) }
    let weightGradients = layers.map { (m: $0.1, n: $0.0, k: batch, transposeA: true, transposeB: false) }
    let inputGradients = layers.dropFirst().map { (m: batch, n: $0.0, k: $0.1, transposeA: false, transposeB: false) }
    return forward + weightGradients + inputGradients
  }

  /// Floating-point operations of the matrix products per sample (2·m·n·k each).
  var flopsPerSample: Double {
    Double(stepProducts.reduce(0) { $0 + 2 * $1.m * $1.n * $1.k }) / Double(batch)
  }
}

let smallWorkload = TrainingWorkload(
  name: "small", widths: [40, 100, 100, 10], batch: 32, samples: 16384, epochs: 9, target: 10)
let mediumWorkload = TrainingWorkload(
  name: "medium", widths: [784, 256, 256, 10], batch: 128, samples: 16384, epochs: 5, target: 1.5)
let largeWorkload = TrainingWorkload(
  name: "large", widths: [1024, 1024, 1024, 10], batch: 256, samples: 4096, epochs: 5, target: 1.2)
let trainingWorkloads = [smallWorkload, mediumWorkload, largeWorkload]

let dataSeed: UInt64 = 42

/// Uniform features in [-1, 1) and uniform class labels, from `dataSeed`.
func randomTrainingSet(_ workload: TrainingWorkload, samples: Int) -> TrainingSet {
  let data = randomDataset(workload, samples: samples)
  return TrainingSet(features: data.features, targets: .classes(data.classLabels, count: workload.widths.last!))
}

/// The same as a dataset, as the doctor examines it.
func randomDataset(_ workload: TrainingWorkload, samples: Int) -> Dataset {
  var random = SeededGenerator(seed: dataSeed)
  let width = workload.widths.first!
  let classes = workload.widths.last!
  let features = [Float](unsafeUninitializedCapacity: samples * width) { buffer, count in
    for i in 0..<buffer.count { buffer[i] = Float(random.nextUnit() * 2 - 1) }
    count = buffer.count
  }
  let labels = (0..<samples).map { _ in Int32(random.next() % UInt64(classes)) }
  return Dataset(
    name: "random", features: Matrix(rows: samples, columns: width, values: features),
    featureNames: (0..<width).map { "x\($0)" }, targetName: "class",
    targets: .classes(labels, names: (0..<classes).map { "c\($0)" }))
}

extension Dataset {
  fileprivate var classLabels: [Int32] {
    if case .classes(let labels, _) = targets { return labels }
    return []
  }
}

/// A fresh trainer for `workload` on `threads` threads.
func makeTrainer(_ workload: TrainingWorkload, epochs: Int, telemetryInterval: Int? = nil, threads: Int = 1) throws
  -> Trainer
{
  let network = try Network(inputWidth: workload.widths.first!, layers: workload.layers, seed: 1)
  var config = TrainingConfig(epochs: epochs, batchSize: workload.batch, optimizer: .adam(), threads: threads)
  if let telemetryInterval { config.telemetryInterval = telemetryInterval }
  return try Trainer(network: network, config: config)
}

/// Trains and returns each epoch's wall time in seconds; throws unless every epoch ran.
/// `finished` sees the run.
func epochSeconds(_ trainer: Trainer, on data: TrainingSet, finished: (TrainingRun) -> Void = { _ in }) throws
  -> [Double]
{
  let run = try trainer.train(on: data)
  guard run.history.count == trainer.config.epochs else {
    throw MeasurementFailure(description: "training stopped early: \(run.stopReason)")
  }
  finished(run)
  return run.history.map(\.seconds)
}

struct TrainingRate {
  /// Samples/s of each timed epoch.
  let epochs: Samples
  /// How much of a core the run had: CPU time ÷ wall time.
  let cpuShare: Double
  /// Samples per second of CPU time over the whole run, the warm-up epoch included: what
  /// other work on the machine changes least, as it takes turns on the core rather than
  /// slowing the arithmetic.
  let cpuRate: Double

  /// The fastest epoch: other work on the machine only ever slows an epoch down (as with
  /// timeit), and nnscript and PyTorch are judged the same way.
  var best: Double { epochs.best }

  /// Both runs' epochs, the smaller share and the larger CPU-time rate.
  func merged(with other: TrainingRate) -> TrainingRate {
    TrainingRate(
      epochs: Samples(epochs.sorted + other.epochs.sorted), cpuShare: min(cpuShare, other.cpuShare),
      cpuRate: max(cpuRate, other.cpuRate))
  }
}

/// Samples/s of each timed epoch (the warm-up epoch left out), at the default telemetry interval.
func measureTrainingRate(_ workload: TrainingWorkload, threads: Int = 1) throws -> TrainingRate {
  let data = randomTrainingSet(workload, samples: workload.samples)
  let trainer = try makeTrainer(workload, epochs: 1 + workload.epochs, threads: threads)
  let clock = ContinuousClock()
  let (start, startCPU) = (clock.now, cpuSeconds())
  let seconds = try epochSeconds(trainer, on: data)
  let cpu = cpuSeconds() - startCPU
  return TrainingRate(
    epochs: Samples(seconds.dropFirst().map { Double(data.count) / $0 }),
    cpuShare: cpu / (milliseconds(clock.now - start) / 1000), cpuRate: Double(data.count * seconds.count) / cpu)
}

/// CPU time of this process so far, in seconds: against wall time, how much of a core the
/// one-thread measurements had (less than 1 when other work on the machine took turns).
func cpuSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

extension Samples {
  /// The largest value: for rates, the fastest run.
  var best: Double { sorted.last! }
}

/// One convolution workload: a relu convolution of `filters` filters, global average pooling and
/// a softmax over `classes`, trained with cross-entropy and Adam at its defaults on uniform random
/// inputs in [-1, 1). `name` matches the workload names of pytorch_bench.py.
struct ConvolutionWorkload {
  let name: String
  /// The sample shape, channels last: height × width × channels or length × channels.
  let input: [Int]
  let filters: Int
  let kernel: Int
  let batch: Int
  let samples: Int
  /// Timed epochs, after one warm-up epoch.
  let epochs: Int
  let classes = 10

  var label: String {
    "\(name) \(filters)×\(kernel) on \(input.map(String.init).joined(separator: "×")), batch \(batch)"
  }

  var layers: [LayerConfig] {
    let convolution =
      input.count == 3
      ? LayerConfig.conv2d(filters: filters, kernel: kernel, activation: .relu)
      : LayerConfig.conv1d(filters: filters, kernel: kernel, activation: .relu)
    return [convolution, .globalAveragePooling, .dense(units: classes, activation: .softmax)]
  }
}

let convolutionWorkloads = [
  ConvolutionWorkload(name: "conv2d", input: [28, 28, 1], filters: 32, kernel: 3, batch: 64, samples: 4096, epochs: 3),
  ConvolutionWorkload(name: "conv1d", input: [128, 8], filters: 32, kernel: 5, batch: 64, samples: 4096, epochs: 3),
]

/// Samples/s of each timed epoch of `workload` (the warm-up epoch left out).
func measureConvolutionRate(_ workload: ConvolutionWorkload) throws -> TrainingRate {
  try measureRate(
    inputShape: workload.input, layers: workload.layers, classes: workload.classes, batch: workload.batch,
    samples: workload.samples, epochs: workload.epochs)
}

/// Trains `layers` on `samples` uniform random inputs in [-1, 1) of `inputShape` with random labels
/// of `classes`, one thread, Adam at its defaults, and returns the samples/s of each timed epoch
/// (after one warm-up epoch).
func measureRate(inputShape: [Int], layers: [LayerConfig], classes: Int, batch: Int, samples: Int, epochs: Int)
  throws -> TrainingRate
{
  var random = SeededGenerator(seed: dataSeed)
  let width = inputShape.reduce(1, *)
  let features = (0..<samples * width).map { _ in Float(random.nextUnit() * 2 - 1) }
  let labels = (0..<samples).map { _ in Int32(random.next() % UInt64(classes)) }
  let data = TrainingSet(
    features: Matrix(rows: samples, columns: width, values: features), classes: labels, classCount: classes)
  let network = try Network(inputShape: SampleShape(inputShape), layers: layers, seed: 1)
  let trainer = try Trainer(
    network: network, config: TrainingConfig(epochs: 1 + epochs, batchSize: batch, optimizer: .adam(), threads: 1))
  let clock = ContinuousClock()
  let (start, startCPU) = (clock.now, cpuSeconds())
  let seconds = try epochSeconds(trainer, on: data)
  let cpu = cpuSeconds() - startCPU
  return TrainingRate(
    epochs: Samples(seconds.dropFirst().map { Double(data.count) / $0 }),
    cpuShare: cpu / (milliseconds(clock.now - start) / 1000), cpuRate: Double(data.count * seconds.count) / cpu)
}

/// `nnscript-bench --rates-child NAME`: trains the MLP or convolution workload NAME as its table
/// row does and prints its CPU share, its samples per CPU second, then the samples/s of each timed
/// epoch, on one line.
func ratesChild(_ arguments: [String]) throws {
  let name = arguments.firstIndex(of: "--rates-child").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
  let rate: TrainingRate
  if let workload = trainingWorkloads.first(where: { $0.name == name }) {
    rate = try measureTrainingRate(workload)
  } else if let workload = convolutionWorkloads.first(where: { $0.name == name }) {
    rate = try measureConvolutionRate(workload)
  } else {
    throw MeasurementFailure(description: "--rates-child: no workload named \(name ?? "")")
  }
  print(([rate.cpuShare, rate.cpuRate] + rate.epochs.sorted).map { String($0) }.joined(separator: " "))
}
