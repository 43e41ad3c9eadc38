import NNCore

/// A recipe made ready to train: its network compiled (or the weights it goes on from), its
/// data with a validation part, the doctor's checks of the setup passed, and its trainer.
struct PreparedRun {
  let recipe: Recipe
  let config: TrainingConfig
  /// The metrics `metrics:` follows on the validation part each epoch.
  let metrics: [ValidationMetric]
  let model: Model
  /// The data with the part the run is validated on.
  let dataset: Dataset
  /// Whether that part was held out here, the data having none.
  let heldOut: Bool
  let start: TrainingStart
  /// What the doctor examines, and what it found before the first step (warnings only:
  /// an error refuses the run).
  let setup: DoctorSetup
  let before: DoctorReport
  let trainer: Trainer

  var training: TrainingSet { TrainingSet(dataset, rows: dataset.split!.train) }
  var validation: TrainingSet { TrainingSet(dataset, rows: dataset.split!.validation) }
}
