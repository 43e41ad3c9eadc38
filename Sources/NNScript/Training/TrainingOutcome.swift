import NNCore

/// A finished training: the run, the doctor's report of it, and the trained model.
struct TrainingOutcome {
  let run: RunValue
  let report: DoctorReport
  let model: Model
  /// The data as trained on, with the validation part the run was judged on.
  let dataset: Dataset
  /// What the doctor said before the first step, which its report of the run repeats.
  let before: DoctorReport

  /// The findings of the run the doctor had not already made before it.
  var newFindings: [Finding] { report.findings(newSince: before) }
}
