import Foundation
import Testing

@testable import NNCore

struct DataBundledTests {
  @Test func everyBundledDatasetLoads() throws {
    let expected: [String: (rows: Int, features: Int, classes: Int?)] = [
      "iris": (150, 4, 3), "wine": (178, 13, 3), "breast_cancer": (569, 30, 2), "digits": (1797, 64, 10),
      "diabetes": (442, 10, nil), "sunspots": (309, 1, nil),
    ]
    #expect(Set(BundledDatasets.names) == Set(expected.keys))
    for (name, shape) in expected {
      let d = try BundledDatasets.load(name)
      #expect(d.count == shape.rows && d.features.columns == shape.features, "\(name)")
      #expect(d.targets.classNames?.count == shape.classes, "\(name)")
      #expect(d.notes.isEmpty)
    }
    #expect(try BundledDatasets.load("digits").sampleShape == [8, 8, 1])
    #expect(try BundledDatasets.load("iris").targets.classNames == ["setosa", "versicolor", "virginica"])
  }

  @Test func unknownNameListsTheDatasets() {
    #expect(throws: DataError.self) { try BundledDatasets.load("mnist") }
    do {
      _ = try BundledDatasets.load("irsi")
    } catch let error as DataError {
      #expect(error.message == "unknown dataset 'irsi'" && error.names.contains("iris"))
    } catch {
      Issue.record("\(error)")
    }
  }

  /// Each dataset as parsed: its size and a checksum over every feature, target and name, so
  /// that a change to a file, or to how the binary carries it, shows.
  @Test func bundledDatasetsParseToTheirKnownValues() throws {
    let expected: [String: (rows: Int, columns: Int, checksum: UInt64)] = [
      "breast_cancer": (569, 30, 7_175_394_635_112_430_087), "diabetes": (442, 10, 11_081_980_406_866_784_920),
      "digits": (1797, 64, 16_598_227_436_970_448_585), "iris": (150, 4, 838_743_743_781_399_074),
      "sunspots": (309, 1, 12_726_760_265_318_844_410), "wine": (178, 13, 4_399_497_587_935_217_546),
    ]
    #expect(BundledDatasets.names.sorted() == expected.keys.sorted())
    for name in BundledDatasets.names {
      let d = try BundledDatasets.load(name)
      let known = try #require(expected[name], "\(name)")
      #expect(d.count == known.rows && d.features.columns == known.columns, "\(name)")
      #expect(Self.checksum(d) == known.checksum, "\(name)")
    }
  }

  /// Every CSV file in the bundled folder is a dataset `load` offers.
  @Test func everyBundledFileIsOffered() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/NNCore/Data/Bundled")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }
    #expect(Set(files.map { String($0.dropLast(".csv".count)) }) == Set(BundledDatasets.names))
  }

  /// FNV-1a over the bit patterns of the features and targets and the bytes of the names.
  private static func checksum(_ d: Dataset) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ word: UInt32) {
      for shift in stride(from: 0, to: 32, by: 8) {
        hash = (hash ^ UInt64((word >> UInt32(shift)) & 0xff)) &* 0x100_0000_01b3
      }
    }
    func mix(_ text: String) { text.utf8.forEach { mix(UInt32($0)) } }
    d.features.values.forEach { mix($0.bitPattern) }
    switch d.targets {
    case .classes(let indices, let names):
      indices.forEach { mix(UInt32(bitPattern: $0)) }
      names.forEach(mix)
    case .values(let values): values.forEach { mix($0.bitPattern) }
    }
    (d.featureNames + [d.targetName]).forEach(mix)
    return hash
  }
}
