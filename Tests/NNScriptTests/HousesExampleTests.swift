import Foundation
import Testing

/// examples/houses: a CSV of mixed columns with an id and missing values, trained and saved by
/// train.nns, priced again by predict.nns in a fresh process from the model file alone.
@Suite(.serialized) struct HousesExampleTests {
  static let folder = Support.root.appendingPathComponent("examples/houses")

  /// The data is what its committed script makes, byte for byte.
  @Test func theDataIsWhatItsScriptMakes() throws {
    let scratch = try Support.folder("houses-data")
    try FileManager.default.copyItem(
      at: Self.folder.appendingPathComponent("make_houses.py"), to: scratch.appendingPathComponent("make_houses.py"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "make_houses.py"]
    process.currentDirectoryURL = scratch
    guard (try? process.run()) != nil else {
      print("skipped: no python3 to run make_houses.py")
      return
    }
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    for name in ["houses.csv", "new_houses.csv"] {
      let made = try Data(contentsOf: scratch.appendingPathComponent(name))
      #expect(made == (try Data(contentsOf: Self.folder.appendingPathComponent(name))), "\(name)")
    }
  }

  /// A fresh session's predictions from the saved model are the training session's, bit for
  /// bit, and they are prices: in the sales' own range, not standardised units.
  @Test func aFreshSessionPredictsAsTheTrainingOneDid() throws {
    let scripts = ["train.nns", "predict.nns"].map { Self.folder.appendingPathComponent($0).path }
    let check = try Support.exec(["check"] + scripts)
    #expect(check.status == 0, "\(check.stderr)")
    let build = Self.folder.appendingPathComponent("build")
    try? FileManager.default.removeItem(at: build)
    let train = try Support.exec([Self.folder.appendingPathComponent("train.nns").path])
    try #require(train.status == 0, "\(train.stderr)")
    #expect(train.stderr.contains("column 'region' has a text the training data never had ('west')"))
    let predict = try Support.exec([Self.folder.appendingPathComponent("predict.nns").path])
    try #require(predict.status == 0, "\(predict.stderr)")
    #expect(
      predict.stderr.contains("filled 1 missing value as the training data's were: a number with its column's mean"))

    let inSession = try String(contentsOf: build.appendingPathComponent("in-session.csv"), encoding: .utf8)
    let fresh = try String(contentsOf: build.appendingPathComponent("predictions.csv"), encoding: .utf8)
    #expect(fresh == inSession)
    let rows = fresh.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    #expect(rows.map { String($0[0]) } == (501...512).map { "H00\($0)" }, "the ids come back in order")
    let predicted = rows.compactMap { Double($0[1]) }
    #expect(predicted.count == 12)

    let sales = try String(contentsOf: Self.folder.appendingPathComponent("houses.csv"), encoding: .utf8)
    let prices = sales.split(separator: "\n").dropFirst().compactMap { Double($0.split(separator: ",").last!) }
    let (low, high) = (prices.min()!, prices.max()!)
    #expect(predicted.allSatisfy { $0 > low / 2 && $0 < high * 2 }, "\(predicted) against \(low)…\(high)")
    let mean = prices.reduce(0, +) / Double(prices.count)
    let predictedMean = predicted.reduce(0, +) / Double(predicted.count)
    #expect(abs(predictedMean - mean) < 0.5 * mean, "\(predictedMean) against the sales' mean \(mean)")
  }
}
