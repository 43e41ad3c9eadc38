import Foundation
import NNScript

// How much training TPE with pruning needs to match random search. On a fixed problem (digits,
// a one-hidden-layer MLP, 27 epochs a trial), a 60-trial random search without pruning sets the
// mark: its best validation loss, and its total epochs. TPE with successive halving then runs
// trial after trial, and the figure is the epochs it has trained when a complete trial first
// reaches that loss, as a fraction of random search's total. The target is a third or less,
// as the median over 5 seeds.

private let searchSeeds: [UInt64] = [1, 2, 3, 4, 5]
private let randomTrials = 60

private let searchSetup = """
  data = split(standardize(load("digits")), 0.8)
  fn make(width) { return net < dense width relu; dense 10 softmax > }

  """

/// One trial as the search returned it.
private struct BenchTrial {
  let number: Int
  let complete: Bool
  let loss: Double?
  let epochs: Int
}

/// Runs a search line after the setup with `seed`; returns its trials in the order they ran.
private func searchTrials(_ line: String, seed: UInt64) throws -> [BenchTrial] {
  let engine = Engine(options: Engine.Options(seed: seed))
  let outcome = engine.run(SourceFile(name: "search-bench.nns", text: searchSetup + line))
  guard outcome.status == .success, case .record(let s)? = engine[variable: "s"], case .list(let rows)? = s["trials"]
  else {
    throw MeasurementFailure(description: "the search did not run: \(DiagnosticRenderer().render(outcome.diagnostics))")
  }
  return rows.compactMap { row -> BenchTrial? in
    guard case .record(let r) = row, case .number(let number)? = r["trial"], case .number(let epochs)? = r["epochs"]
    else { return nil }
    let loss: Double? = if case .number(let l)? = r["val_loss"] { l } else { nil }
    let complete = if case .string("complete")? = r["state"] { true } else { false }
    return BenchTrial(number: Int(number), complete: complete, loss: loss, epochs: Int(epochs))
  }.sorted { $0.number < $1.number }
}

/// Prints, per seed and as the median, TPE-with-pruning's epochs to random search's best loss.
func measureSearch() throws {
  let space = "net: make width: int(8, 128) lr: log(1e-4, 1) batch: [32, 64, 128] epochs: 27 quiet: true"
  var ratios: [Double] = []
  print("\nsearch efficiency: digits, MLP, 27 epochs a trial; \(randomTrials)-trial random search vs TPE with pruning")
  for seed in searchSeeds {
    let random = try searchTrials(
      "s = search \(space) sampler: random prune: false trials: \(randomTrials)\n", seed: seed)
    let mark = random.compactMap { $0.complete ? $0.loss : nil }.min() ?? .infinity
    let randomEpochs = random.reduce(0) { $0 + $1.epochs }
    // Trials enough that running out of them cannot stand in for a miss.
    let tpe = try searchTrials("s = search \(space) sampler: tpe trials: \(randomTrials * 5 / 2)\n", seed: seed)
    var spent = 0
    var reached: Int?
    for trial in tpe {
      spent += trial.epochs
      if trial.complete, let loss = trial.loss, loss <= mark {
        reached = spent
        break
      }
    }
    let ratio = Double(reached ?? tpe.reduce(0) { $0 + $1.epochs }) / Double(randomEpochs)
    ratios.append(reached == nil ? .infinity : ratio)
    let outcome =
      reached.map { "reached it after \($0) epochs (\(String(format: "%.2f", ratio)) of random's)" }
      ?? "did not reach it in \(tpe.count) trials"
    print(
      "  seed \(seed): random best val_loss \(String(format: "%.4f", mark)) in \(randomEpochs) epochs; TPE \(outcome)")
  }
  let median = ratios.sorted()[ratios.count / 2]
  print(
    "  median: TPE with pruning needs \(String(format: "%.2f", median)) of random search's epochs (target ≤ 0.33) "
      + (median <= 1.0 / 3 ? "PASS" : "MISS"))
}
