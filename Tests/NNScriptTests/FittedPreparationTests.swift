import Foundation
import Testing

@testable import NNScript

/// The preparation a network trained with goes with it: to other datasets, to raw rows with
/// their texts and to a model file loaded in another session.
struct FittedPreparationTests {
  static let sales = Support.root.appendingPathComponent("Tests/Golden/data/sales.csv").path

  /// Data given as read predicts as the prepared data the network trained on.
  @Test func rawDataPredictsAsThePreparedDataDid() throws {
    let (engine, _, errors, outcome) = Support.run(
      """
      seed 1
      raw = load("iris")
      data = split(standardize(raw), 0.8)
      net < dense 8 relu; dense 3 softmax >
      train epochs: 5 quiet: true
      same = predict(data) == predict(raw)
      row = predict([5.1, 3.5, 1.4, 0.2]) == predict(data)[0]
      """)
    #expect(outcome.status == .success, "\(errors)")
    #expect(engine[variable: "same"]?.display == "true")
    #expect(engine[variable: "row"]?.display == "true")
  }

  /// Data prepared by other steps than the training data's is prepared as the training data
  /// was, and a note says its own steps are not used.
  @Test func otherStepsAreNotUsedAndSaidSo() throws {
    let (engine, _, errors, outcome) = Support.run(
      """
      seed 1
      data = split(standardize(load("iris")), 0.8)
      net < dense 8 relu; dense 3 softmax >
      train epochs: 5 quiet: true
      same = predict(minmax(load("iris"))) == predict(data)
      """)
    #expect(outcome.status == .success, "\(errors)")
    #expect(engine[variable: "same"]?.display == "true")
    #expect(errors.contains("its own minmax is not used"), "\(errors)")
  }

  /// A model file holds the text columns' levels and the fills: a fresh session predicts a
  /// raw row with a missing value and a text exactly as the training session did.
  @Test func aModelFileCarriesTheWholePreparation() throws {
    let folder = try Support.folder("fitted")
    let file = folder.appendingPathComponent("sales.safetensors").path
    let trained = Support.run(
      """
      seed 2
      data = split(standardize(csv("\(Self.sales)", id: "id", missing: "mean")), 0.75)
      net < dense 6 relu; dense 2 softmax >
      train epochs: 20 quiet: true
      p = predict([100, "south", none], probs: true)
      save "\(file)"
      """)
    #expect(trained.outcome.status == .success, "\(trained.errors)")
    let loaded = Support.run(
      """
      load_net("\(file)")
      p = predict([100, "south", none], probs: true)
      """)
    #expect(loaded.outcome.status == .success, "\(loaded.errors)")
    let before = try #require(trained.engine[variable: "p"]?.display)
    #expect(loaded.engine[variable: "p"]?.display == before)
  }

  /// Labelled data holding some of the classes is scored by class name; a class the network
  /// never learned is an error naming it.
  @Test func evalMatchesClassesByName() throws {
    let folder = try Support.folder("classes")
    let some = folder.appendingPathComponent("some.csv")
    try "id,size,region,age,sold\nt1,120,south,3,yes\nt2,150,east,20,yes\n".write(
      to: some, atomically: true, encoding: .utf8)
    let other = folder.appendingPathComponent("other.csv")
    try "id,size,region,age,sold\nt1,120,south,3,maybe\n".write(to: other, atomically: true, encoding: .utf8)
    let script = """
      seed 2
      data = csv("\(Self.sales)", id: "id", missing: "mean")
      net < dense 6 relu; dense 2 softmax >
      train epochs: 30 quiet: true
      e = eval on: csv("\(some.path)", id: "id")
      right = e.acc == mean(map(predict(csv("\(some.path)", id: "id")), fn(r) { if r.sold == "yes" { return 1 } else { return 0 } }))
      """
    let (engine, _, errors, outcome) = Support.run(script)
    #expect(outcome.status == .success, "\(errors)")
    #expect(engine[variable: "right"]?.display == "true")
    let refused = Support.run(script + "\neval on: csv(\"\(other.path)\", id: \"id\")\n")
    #expect(refused.errors.contains("has the class 'maybe', which the network was not trained on"), "\(refused.errors)")
  }

  /// csv() of a file without the target takes its last column for one: predict says so
  /// rather than miss a feature.
  @Test func aFeatureReadAsTheTargetIsSaid() throws {
    let new = Support.root.appendingPathComponent("Tests/Golden/data/sales-no-size.csv").path
    let (_, _, errors, outcome) = Support.run(
      """
      seed 2
      data = csv("\(Self.sales)", id: "id", missing: "mean")
      net < dense 6 relu; dense 2 softmax >
      train epochs: 2 quiet: true
      p = predict(csv("\(new)", missing: "mean"))
      """)
    #expect(outcome.status == .failed)
    #expect(errors.contains("reads 'age' as its target, and the network takes it as a feature"), "\(errors)")
    #expect(errors.contains("predict(\"new.csv\") reads a file of samples without a target"), "\(errors)")
  }
}
