import NNCore
import Testing

@testable import NNScript

/// Each metric `eval` gives, against values worked out by hand or published with
/// scikit-learn's documentation.
struct MetricsTests {
  private static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    a.map { abs($0 - b) <= tolerance } ?? false
  }

  // MARK: ROC AUC

  @Test func aucOfScikitLearnsExample() {
    // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    #expect(ROCAUC.area(scores: [0.1, 0.4, 0.35, 0.8], positive: [false, false, true, true]) == 0.75)
  }

  @Test func aTiedPairCountsHalf() {
    // Positives 0.5 and 0.9 against negatives 0.1 and 0.5: pairs won 1 + ½ + 1 + 1 of 4.
    #expect(ROCAUC.area(scores: [0.1, 0.5, 0.5, 0.9], positive: [false, false, true, true]) == 0.875)
    // Ties across a run of three equal scores, two of them positive: 1 + ½·(2·1) … by hand,
    // negatives {0.2, 0.6}, positives {0.6, 0.6, 0.8}: (1 + ½) + (1 + ½) + (1 + 1) = 5 of 6.
    #expect(
      Self.close(
        ROCAUC.area(scores: [0.2, 0.6, 0.6, 0.6, 0.8], positive: [false, false, true, true, true]), 5.0 / 6))
  }

  @Test func perfectReversedAndConstantScores() {
    let positive = [false, true, false, true]
    #expect(ROCAUC.area(scores: [0.1, 0.9, 0.2, 0.8], positive: positive) == 1)
    #expect(ROCAUC.area(scores: [0.9, 0.1, 0.8, 0.2], positive: positive) == 0)
    #expect(ROCAUC.area(scores: [0.5, 0.5, 0.5, 0.5], positive: positive) == 0.5)
  }

  @Test func anAbsentClassHasNoAreaRatherThanOneHalf() {
    #expect(ROCAUC.area(scores: [0.1, 0.9], positive: [false, false]) == nil)
    #expect(ROCAUC.area(scores: [0.1, 0.9], positive: [true, true]) == nil)
    #expect(ROCAUC.area(scores: [0.1, .nan], positive: [false, true]) == nil)
    // Class 2 has no sample: one against the rest leaves it undefined, the others are scored.
    let scores: [[Double]] = [[0.8, 0.1, 0.1], [0.3, 0.6, 0.1], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1]]
    let perClass = ROCAUC.oneVsRest(scores: scores, truth: [0, 1, 0, 1], classes: 3)
    #expect(perClass[0] == 1 && perClass[1] == 1 && perClass[2] == nil)
  }

  // MARK: Confusion, precision, recall, F1

  @Test func confusionOfScikitLearnsExample() {
    // confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]) == [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
    let m = ConfusionMatrix(classes: ["a", "b", "c"], truth: [2, 0, 2, 2, 0, 1], predicted: [0, 0, 2, 2, 0, 2])
    #expect(m.counts == [[2, 0, 0], [0, 0, 1], [1, 0, 2]])
    #expect(m.total == 6 && m.correct == 4 && m.support(2) == 3 && m.predictedCount(2) == 3)
  }

  @Test func precisionRecallAndF1OfScikitLearnsExample() {
    // precision_recall_fscore_support([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average: "macro")
    // == (0.22…, 0.33…, 0.26…); per class precision (2/3, 0, 0), recall (1, 0, 0), F1 (0.8, 0, 0).
    let m = ClassificationMetrics(
      ConfusionMatrix(classes: ["0", "1", "2"], truth: [0, 1, 2, 0, 1, 2], predicted: [0, 2, 1, 0, 0, 1]))
    #expect(Self.close(m.precision[0], 2.0 / 3) && m.precision[1] == 0 && m.precision[2] == 0)
    #expect(m.recall == [1, 0, 0])
    #expect(Self.close(m.f1[0], 0.8) && m.f1[1] == 0 && m.f1[2] == 0)
    #expect(Self.close(m.macroPrecision, 2.0 / 9) && Self.close(m.macroRecall, 1.0 / 3))
    #expect(Self.close(m.macroF1, 0.8 / 3))
    #expect(Self.close(m.accuracy, 1.0 / 3))
  }

  @Test func balancedAccuracyOfScikitLearnsExample() {
    // balanced_accuracy_score([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]) == 0.625
    let m = ClassificationMetrics(
      ConfusionMatrix(classes: ["0", "1"], truth: [0, 1, 0, 0, 1, 0], predicted: [0, 1, 0, 0, 0, 1]))
    #expect(m.balancedAccuracy == 0.625)
    #expect(Self.close(m.accuracy, 4.0 / 6))
  }

  @Test func aClassAbsentFromThePartIsLeftOutOfTheMacroAverages() {
    // Class c has no sample; one b was taken for c. By hand: a precision 1, recall 1;
    // b precision 1, recall ½, F1 ⅔; c precision 0, no recall, no F1.
    let m = ClassificationMetrics(
      ConfusionMatrix(classes: ["a", "b", "c"], truth: [0, 0, 1, 1], predicted: [0, 0, 1, 2]))
    #expect(m.absent == [2])
    #expect(m.recall[2] == nil && m.f1[2] == nil && m.precision[2] == 0)
    #expect(m.macroRecall == 0.75 && m.balancedAccuracy == 0.75)
    #expect(Self.close(m.macroF1, (1 + 2.0 / 3) / 2))
    #expect(m.macroPrecision == 1)
  }

  @Test func aPerfectAndAConstantClassifier() {
    let perfect = ClassificationMetrics(ConfusionMatrix(classes: ["a", "b"], truth: [0, 1, 1], predicted: [0, 1, 1]))
    #expect(perfect.macroF1 == 1 && perfect.accuracy == 1)
    // Always "a": a's precision ⅓, recall 1, F1 ½; b never predicted: precision, recall, F1 0.
    let constant = ClassificationMetrics(
      ConfusionMatrix(classes: ["a", "b"], truth: [0, 1, 1], predicted: [0, 0, 0]))
    #expect(Self.close(constant.precision[0], 1.0 / 3) && constant.precision[1] == 0)
    #expect(constant.f1 == [0.5, 0] && constant.macroF1 == 0.25 && constant.balancedAccuracy == 0.5)
  }

  // MARK: Regression

  @Test func regressionMetricsOfScikitLearnsExample() {
    // y_true [3, -0.5, 2, 7], y_pred [2.5, 0, 2, 8]: mean_absolute_error 0.5,
    // mean_squared_error 0.375, r2_score 0.9486081370449679.
    let m = RegressionMetrics(predicted: [2.5, 0, 2, 8], actual: [3, -0.5, 2, 7])
    #expect(m.mae == 0.5)
    #expect(Self.close(m.rmse, 0.375.squareRoot()))
    #expect(Self.close(m.r2, 0.9486081370449679, 1e-12))
  }

  @Test func theMeanPredictorHasR2ZeroAndAPerfectOneR2One() {
    let actual: [Double] = [1, 2, 3, 6]
    #expect(RegressionMetrics(predicted: [3, 3, 3, 3], actual: actual).r2 == 0)
    let perfect = RegressionMetrics(predicted: actual, actual: actual)
    #expect(perfect.r2 == 1 && perfect.mae == 0 && perfect.rmse == 0)
    #expect(RegressionMetrics(predicted: [1, 2], actual: [4, 4]).r2 == nil, "a constant target has no R²")
  }

  // MARK: Probabilities

  @Test func probabilitiesFromEachKindOfOutput() {
    let sigmoid = ClassOutputs.probabilities([0.8], classes: 2, activation: .sigmoid, loss: .binaryCrossEntropy)!
    #expect(sigmoid.count == 2 && Self.close(sigmoid[0], 0.2, 1e-7) && Self.close(sigmoid[1], 0.8, 1e-7))
    let logits = ClassOutputs.probabilities([1, 2, 3], classes: 3, activation: .linear, loss: .crossEntropy)!
    #expect(Self.close(logits.reduce(0, +), 1, 1e-12) && logits[2] > logits[1] && logits[1] > logits[0])
    // softmax([1, 2, 3])[2] = e² / (1 + e + e²)
    #expect(Self.close(logits[2], 0.6652409557748219, 1e-12))
    let logit = ClassOutputs.probabilities([0], classes: 2, activation: .linear, loss: .binaryCrossEntropy)
    #expect(logit == [0.5, 0.5])
    #expect(ClassOutputs.probabilities([0.3, 0.7], classes: 2, activation: .linear, loss: .mse) == nil)
    // Sigmoid units, one per class, are scaled to sum to 1.
    let units = ClassOutputs.probabilities([0.9, 0.3], classes: 2, activation: .sigmoid, loss: .binaryCrossEntropy)!
    #expect(Self.close(units[0], 0.75, 1e-7) && Self.close(units[1], 0.25, 1e-7))
  }

  // MARK: The confusion matrix as a value

  @Test func aConfusionMatrixReadsAsARecordAndPrintsAsATable() throws {
    let m = ConfusionMatrix(classes: ["cat", "dog"], counts: [[12, 3], [0, 100]])
    let value = m.value
    #expect(value.description == "{cat: {cat: 12, dog: 3}, dog: {cat: 0, dog: 100}}")
    #expect(
      value.display == """
        true \\ predicted  cat  dog
        cat                12    3
        dog                 0  100
        """)
    #expect(ConfusionMatrix(value) == m)
    // Changed out of its shape, it prints as the record it has become.
    guard case .record(var record) = value else { throw MetricsFailure("no record") }
    record["extra"] = .number(1)
    #expect(Value.record(record).display == "{cat: {cat: 12, dog: 3}, dog: {cat: 0, dog: 100}, extra: 1}")
  }
}

private struct MetricsFailure: Error {
  let message: String
  init(_ message: String) { self.message = message }
}
