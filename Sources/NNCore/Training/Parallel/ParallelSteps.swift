/// What a trainer with `threads: 2` keeps for data-parallel steps while it trains: a replica of
/// the network for the second half of each batch, the worker thread that runs it, and where the
/// parameters split between the threads for the gradient sum and the update.
final class ParallelSteps {
  let replica: Network
  let worker: StepWorker
  /// The first parameter of the worker's part, on a 16-float boundary.
  let middle: Int
  /// Whether the network has a recurrent layer, whose telemetry needs the whole batch.
  let hasRecurrentLayer: Bool

  /// Nil unless `threads` is at least 2 and `network` gives the whole batch's gradient from two
  /// halves (`Network.splitsBatches`).
  init?(network: Network, threads: Int, parameters: Int) {
    guard threads >= 2, network.splitsBatches else { return nil }
    replica = network.replica()
    worker = StepWorker()
    middle = parameters / 2 / 16 * 16
    hasRecurrentLayer = network.layers.contains { if case .recurrent = $0 { true } else { false } }
  }

  deinit { worker.stop() }
}
