import NNCore

/// `train … checkpoint: DIR every: N`: writes the run's state into DIR every N epochs and,
/// when the run ends between two of those, the last epoch it completed. A run stopped part-way
/// through an epoch is saved as of that epoch's start, which `resume` trains again exactly.
final class CheckpointObserver: RunObserver {
  private let folder: String
  /// The folder as the script named it.
  private let shown: String
  private let every: Int
  private let metadata: ModelMetadata
  private let run: CheckpointRun
  /// Where failures point: the `checkpoint:` option's value.
  private let range: SourceRange
  /// The last epoch's state while it is not yet on disk.
  private var pending: TrainingCheckpoint?
  /// A copy of the trained network that the state is read out through, made once.
  private var scratch: Network?

  init(folder: String, shown: String, every: Int, metadata: ModelMetadata, run: CheckpointRun, range: SourceRange) {
    self.folder = folder
    self.shown = shown
    self.every = every
    self.metadata = metadata
    self.run = run
    self.range = range
  }

  func epochEnded(_ record: EpochRecord, trainer: Trainer) throws {
    guard let checkpoint = trainer.checkpoint() else { return }
    if checkpoint.epoch % every == 0 {
      pending = nil
      try write(checkpoint, trainer)
    } else {
      pending = checkpoint
    }
  }

  func runEnded(_ run: TrainingRun, trainer: Trainer) throws {
    guard let pending else { return }
    self.pending = nil
    try write(pending, trainer)
  }

  private func write(_ checkpoint: TrainingCheckpoint, _ trainer: Trainer) throws {
    do {
      let scratch = self.scratch ?? trainer.network.copy()
      self.scratch = scratch
      try CheckpointFile.write(checkpoint, through: scratch, metadata: metadata, run: run, into: folder)
    } catch {
      throw Diagnostic(error: "cannot write the checkpoint into '\(shown)': \(error.reason)", at: range)
    }
  }
}
