import Foundation
import Testing

@testable import NNCore

struct DataBundledTests {
  @Test func everyBundledDatasetLoads() throws {
    let expected: [String: (rows: Int, features: Int, classes: Int?)] = [
      "iris": (150, 4, 3), "wine": (178, 13, 3), "breast_cancer": (569, 30, 2), "digits": (1797, 64, 10),
      "diabetes": (442, 10, nil),
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

  /// The binary carries data/; this fails while the embedded copy is stale (`make embed`).
  @Test func embeddedFilesMatchTheDataFolder() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("data")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }
      .sorted()
    #expect(BundledFiles.files.map(\.name) == names, "run `make embed`")
    for (name, text) in BundledFiles.files {
      // A Swift string literal keeps line breaks as "\n", whatever the file had.
      var onDisk = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        .replacingOccurrences(of: "\r\n", with: "\n")
      if onDisk.hasSuffix("\n") { onDisk.removeLast() }
      #expect(text == onDisk, "data/\(name) changed: run `make embed`")
    }
  }
}
