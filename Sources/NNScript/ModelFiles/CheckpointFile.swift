import Foundation
import NNCore

/// A checkpoint folder's one file, `checkpoint.safetensors`, replaced whole at each save.
///
/// Tensors: the network's, named and laid out as in a model file; the optimiser's state
/// (`optimizer.0`, `optimizer.1`…, one per kind, each as long as the parameters, in the
/// network's own order); under early stopping the best epoch's (`best.0.weight`…,
/// `best.optimizer.…`); the shuffled row order (`order`, I64); and, as F64 tables of the
/// rows NNCore's records give, the `history` and the telemetry (`telemetry.samples`,
/// `telemetry.layers`, with `telemetry.step_losses` in F32). Metadata: a model file's, so any
/// safetensors reader sees the network, and the state as JSON in `nnscript.checkpoint`.
struct CheckpointFile {
  static let name = "checkpoint.safetensors"
  private static let stateKey = "nnscript.checkpoint"

  let tensors: SafeTensors
  let metadata: ModelMetadata
  let state: CheckpointState

  /// Writes a checkpoint into `folder`, atomically. `scratch` is a network laid out as the
  /// trained one, which the writing overwrites.
  static func write(
    _ checkpoint: TrainingCheckpoint, through scratch: Network, metadata: ModelMetadata, run: CheckpointRun,
    into folder: String
  ) throws(FileFailure) {
    func state(_ snapshot: TrainingSnapshot, prefix: String) throws(FileFailure) -> [SafeTensors.Tensor] {
      guard let layers = snapshot.layers(through: scratch) else {
        throw FileFailure("the state does not fit the network it was taken from")
      }
      return ModelFile.tensors(layers, of: scratch, prefix: prefix)
        + snapshot.optimizer.slots.enumerated().map { index, slot in
          SafeTensors.Tensor("\(prefix)optimizer.\(index)", shape: [slot.count], .f32(slot))
        }
    }
    func table(_ name: String, _ rows: [[Double]], columns: Int) -> SafeTensors.Tensor {
      SafeTensors.Tensor(name, shape: [rows.count, columns], .f64(rows.flatMap { $0 }))
    }
    let telemetry = checkpoint.telemetry
    var tensors = try state(checkpoint.snapshot, prefix: "")
    if let best = checkpoint.best { tensors += try state(best.snapshot, prefix: "best.") }
    tensors += [
      SafeTensors.Tensor("order", shape: [checkpoint.order.count], .i64(checkpoint.order.map(Int64.init))),
      table("history", checkpoint.history.map(\.row), columns: 8),
      SafeTensors.Tensor("telemetry.step_losses", shape: [telemetry.stepLosses.count], .f32(telemetry.stepLosses)),
      table("telemetry.samples", telemetry.samples.map(\.row), columns: 6),
      table("telemetry.layers", telemetry.samples.flatMap { $0.layers.map(\.row) }, columns: 10),
    ]
    var entries = ModelFile.entries(metadata, of: scratch)
    entries[stateKey] = JSONCoding.text(CheckpointState(run: run, checkpoint: checkpoint))
    let file = SafeTensors(tensors: tensors, metadata: entries)
    try AtomicFile.write(file.encoded(), to: (folder as NSString).appendingPathComponent(name))
  }

  /// Reads the checkpoint in `folder`, checking the file and its state's JSON.
  init(folder: String) throws(FileFailure) {
    let path = (folder as NSString).appendingPathComponent(Self.name)
    guard FileManager.default.fileExists(atPath: path) else { throw FileFailure("it holds no \(Self.name)") }
    tensors = try SafeTensors(contentsOf: path)
    metadata = try ModelMetadata(entries: tensors.metadata)
    guard let text = tensors.metadata[Self.stateKey] else {
      throw FileFailure("its \(Self.name) is a model file, not a checkpoint")
    }
    guard let state = JSONCoding.value(CheckpointState.self, from: text), state.telemetryInterval >= 1 else {
      if JSONCoding.value(OptionsAsText.self, from: text) != nil {
        throw FileFailure(
          "it was written by an earlier nnscript, which kept train's options as text: train it again to resume")
      }
      throw FileFailure("its training state is malformed")
    }
    self.state = state
  }

  /// Where the run stood, for `network`, compiled from the checkpoint's own description. Sets
  /// the network's parameters to the checkpoint's. Every tensor must have its place.
  func checkpoint(for network: Network) throws(FileFailure) -> TrainingCheckpoint {
    var used: Set<String> = []
    func tensor(_ name: String) throws(FileFailure) -> SafeTensors.Tensor {
      guard let tensor = tensors[name] else { throw FileFailure("it has no tensor '\(name)'") }
      used.insert(name)
      return tensor
    }
    func snapshot(prefix: String, into network: Network, step: Int, random: [String]) throws(FileFailure)
      -> TrainingSnapshot
    {
      used.formUnion(try ModelFile.load(tensors, format: metadata.format, prefix: prefix, into: network))
      var slots: [[Float]] = []
      while tensors["\(prefix)optimizer.\(slots.count)"] != nil {
        let slot = try tensor("\(prefix)optimizer.\(slots.count)")
        guard slot.shape == [network.parameterCount], let values = slot.floats else {
          throw FileFailure("tensor '\(slot.name)' is not \(network.parameterCount) F32 values")
        }
        guard values.allSatisfy(\.isFinite) else {
          throw FileFailure("tensor '\(slot.name)' holds NaN or infinite values")
        }
        slots.append(values)
      }
      guard let generator = CheckpointState.generator(random) else {
        throw FileFailure("its random state is malformed")
      }
      return TrainingSnapshot(network: network, optimizerStep: step, optimizerSlots: slots, random: generator)
    }
    /// The rows of an F64 table, each made into a record; `older` is the width an earlier
    /// version wrote, which the record still reads.
    func rows<T>(_ name: String, columns: Int, older: Int? = nil, _ record: ([Double]) -> T?) throws(FileFailure)
      -> [T]
    {
      let table = try tensor(name)
      guard table.shape.count == 2, table.shape[1] == columns || table.shape[1] == older, let values = table.doubles
      else {
        throw FileFailure("tensor '\(name)' is not a table of \(columns) F64 columns")
      }
      let columns = table.shape[1]
      var out: [T] = []
      for start in stride(from: 0, to: values.count, by: columns) {
        guard let item = record(Array(values[start..<start + columns])) else {
          throw FileFailure("tensor '\(name)' has a malformed row")
        }
        out.append(item)
      }
      return out
    }

    let current = try snapshot(prefix: "", into: network, step: state.optimizerStep, random: state.random)
    let best = try state.best.map { best throws(FileFailure) in
      BestEpoch(
        loss: Float(best.loss), epoch: best.epoch,
        snapshot: try snapshot(prefix: "best.", into: network.copy(), step: best.optimizerStep, random: best.random))
    }
    guard let order = try tensor("order").integers else { throw FileFailure("tensor 'order' is not I64") }
    let history = try rows("history", columns: 8, EpochRecord.init(row:))
    guard let stepLosses = try tensor("telemetry.step_losses").floats else {
      throw FileFailure("tensor 'telemetry.step_losses' is not F32")
    }
    var layers = try rows("telemetry.layers", columns: 10, older: 8, LayerTelemetry.init(row:))[...]
    let samples = try rows("telemetry.samples", columns: 6) { row -> TelemetrySample? in
      guard let count = Int(exactly: row[5]), count >= 0, count <= layers.count else { return nil }
      defer { layers = layers.dropFirst(count) }
      return TelemetrySample(row: row, layers: Array(layers.prefix(count)))
    }
    guard layers.isEmpty else { throw FileFailure("tensor 'telemetry.layers' has rows no sample owns") }
    if let extra = tensors.tensors.map(\.name).first(where: { !used.contains($0) }) {
      throw FileFailure("it holds a tensor '\(extra)' that its run has no place for")
    }
    return TrainingCheckpoint(
      snapshot: current, history: history, order: order.map { Int(truncatingIfNeeded: $0) },
      steps: state.steps, best: best,
      telemetry: Telemetry(interval: state.telemetryInterval, stepLosses: stepLosses, sampled: samples))
  }

  /// The state as earlier nnscripts wrote it, with `train`'s options as nnscript text, which
  /// is not read as data.
  private struct OptionsAsText: Decodable {
    struct Run: Decodable { let options: String }
    let run: Run
  }
}
