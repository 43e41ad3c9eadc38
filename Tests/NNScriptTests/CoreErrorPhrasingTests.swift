import Testing

@testable import NNCore
@testable import NNScript

/// The core's structured errors, in the words of the language's options.
struct CoreErrorPhrasingTests {
  @Test func settingsAreNamedAsScriptsSpellThem() {
    let clip = TrainingConfig.Problem(field: .clipNorm, value: 0, requirement: .finitePositive)
    #expect(TrainingError(clip).phrased == "clip must be a finite number above 0")
    let value = TrainingConfig.Problem(field: .clipValue, value: -1, requirement: .finitePositive)
    #expect(value.phrased == "clipvalue must be a finite number above 0")
    #expect(
      TrainingConfig.Problem(field: .telemetryInterval, value: 0, requirement: .atLeast(1)).phrased
        == "the telemetry interval must be at least 1 step")
    #expect(TrainingConfig.Problem(field: .epochs, value: -1, requirement: .atLeast(0)).phrased == "epochs must be ≥ 0")
    #expect(TrainingError(message: "class weights need class targets").phrased == "class weights need class targets")
  }

  @Test func dataProblemsNameTheOptionsThatFixThem() {
    let missing = DataProblem.missingValue(column: "b", inTarget: false, remedies: [.mean, .median, .drop])
    #expect(missing.phrased == "missing value in column 'b'")
    #expect(missing.phrasedHint == #"use missing: "mean", "median" or "drop""#)
    let target = DataProblem.missingValue(column: "y", inTarget: true, remedies: [.drop])
    #expect(target.phrasedHint == #"use missing: "drop" to leave such rows out"#)
    let categories = DataProblem.tooManyCategories(column: "id", distinct: 1200, limit: 1000)
    #expect(categories.phrased == "column 'id' holds 1200 distinct text values, more than max_categories: 1000")
    #expect(DataProblem.textTargetAsValues(target: "y").phrasedHint == "leave out classify: false")
    #expect(DataProblem.scaledClassTarget.phrased.hasPrefix("target: true scales a regression target"))
  }
}
