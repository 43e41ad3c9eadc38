/// Accuracy, and precision, recall and F1 per class and as their macro averages, from a
/// confusion matrix.
///
/// A class with no sample in the scored part has no recall, and so no F1: its values are nil
/// and the macro averages (and balanced accuracy, the macro recall) are taken over the
/// classes present, rather than counting the absent one as 0 or 1. A class present but never
/// predicted has precision 0: none of its samples was found. (scikit-learn averages over the
/// classes present or predicted and counts what is undefined as 0; the two agree whenever
/// every class has a sample.)
struct ClassificationMetrics {
  let confusion: ConfusionMatrix
  /// Per class: the fraction of the samples predicted as the class that are of it.
  let precision: [Double?]
  /// Per class: the fraction of the class's samples predicted as it.
  let recall: [Double?]
  /// Per class: the harmonic mean of precision and recall.
  let f1: [Double?]

  init(_ confusion: ConfusionMatrix) {
    self.confusion = confusion
    let classes = confusion.classes.indices
    let recall = classes.map { c -> Double? in
      let support = confusion.support(c)
      return support > 0 ? Double(confusion.counts[c][c]) / Double(support) : nil
    }
    let precision = classes.map { c -> Double? in
      let predicted = confusion.predictedCount(c)
      if predicted > 0 { return Double(confusion.counts[c][c]) / Double(predicted) }
      return confusion.support(c) > 0 ? 0 : nil
    }
    f1 = classes.map { c -> Double? in
      guard let p = precision[c], let r = recall[c] else { return nil }
      return p + r > 0 ? 2 * p * r / (p + r) : 0
    }
    (self.recall, self.precision) = (recall, precision)
  }

  /// The fraction of all samples predicted right.
  var accuracy: Double { Double(confusion.correct) / Double(confusion.total) }
  /// The mean recall over the classes present.
  var balancedAccuracy: Double { macroRecall }
  var macroPrecision: Double { meanOverPresent(precision) }
  var macroRecall: Double { meanOverPresent(recall) }
  var macroF1: Double { meanOverPresent(f1) }

  /// The classes with no sample in the part, which the macro averages leave out.
  var absent: [Int] { confusion.classes.indices.filter { recall[$0] == nil } }

  /// The mean over the classes with a sample in the part; NaN for a part without samples.
  private func meanOverPresent(_ values: [Double?]) -> Double {
    let present = values.indices.filter { recall[$0] != nil }.compactMap { values[$0] }
    return present.isEmpty ? .nan : present.reduce(0, +) / Double(present.count)
  }
}
