import Foundation
import Testing

@testable import NNCore

/// Memory is sized by what there is to hold, and what cannot be held is refused before it is
/// allocated.
struct ResourceLimitTests {
  @Test func batchBuffersHoldTheRowsThereAreNotTheBatchAsked() throws {
    let network = try Network(
      inputWidth: 2, layers: [.dense(units: 8, activation: .relu), .dense(units: 3, activation: .softmax)], seed: 1)
    let trainer = try Trainer(network: network, config: TrainingConfig(epochs: 1, batchSize: 50_000_000))
    let training = TrainingFixtures.blobs(perClass: 40, seed: 1)
    let validation = TrainingFixtures.blobs(perClass: 10, seed: 2)
    _ = try trainer.train(on: training, validation: validation)
    #expect(trainer.loader.capacity == training.count)
    #expect(network.capacity == training.count)
  }

  @Test func evaluationBuffersHoldNoMoreRowsThanTheData() throws {
    let network = try Network(inputWidth: 2, layers: [.dense(units: 3, activation: .softmax)], seed: 1)
    _ = try network.evaluate(TrainingFixtures.blobs(perClass: 3, seed: 1))
    _ = try network.predict(TrainingFixtures.blobs(perClass: 2, seed: 1).features)
    #expect(network.capacity == 9)
  }

  @Test func aFootprintCountsParametersOptimiserStateAndBatchBuffers() throws {
    let layers: [LayerConfig] = [.dense(units: 10, activation: .relu), .dense(units: 2, activation: .softmax)]
    let built = try NetworkFootprint(inputShape: .flat(4), layers: layers, rows: 0, optimizer: nil)
    // 50 and 22 parameters, each with its gradient.
    let (firstBuilt, secondBuilt): (Double, Double) = (50 * 2 * 4, 22 * 2 * 4)
    #expect(built.layerBytes == [firstBuilt, secondBuilt])
    let trained = try NetworkFootprint(inputShape: .flat(4), layers: layers, rows: 8, optimizer: .adam())
    // Adam's two slots and telemetry's copy; per row an output and its gradient.
    let first: Double = 50 * 5 * 4 + 8 * 20 * 4
    let second: Double = 22 * 5 * 4 + 8 * 4 * 4
    #expect(trained.layerBytes == [first, second])
    let loader: Double = 8 * (6 * 4 + 4)
    #expect(trained.bytes == first + second + loader)
    #expect(trained.widestLayer == 0)
  }

  @Test func sizesReadForPeople() {
    #expect(MemoryBudget.describe(24_400_000_000) == "24 GB")
    #expect(MemoryBudget.describe(3_500_000) == "3.5 MB")
    #expect(MemoryBudget.describe(512) == "512 bytes")
    #expect(MemoryBudget.host(bytes: 1_000_000_000).phrase == "the host allows 1 GB")
    #expect(MemoryBudget.machine().bytes > 0)
  }

  @Test func aSyntheticDatasetTooLargeToHoldIsRefusedBeforeItIsMade() throws {
    var rng = SeededGenerator(seed: 1)
    #expect {
      try Synthetic.blobs(classes: 2, features: 10_000, n: 10_000_000, using: &rng)
    } throws: { error in
      (error as? DataError)?.message.hasPrefix("10000000 rows of 10000 features would take about 800 GB") == true
    }
    #expect {
      try Synthetic.regression(features: 10_000, n: 10_000_000, using: &rng)
    } throws: { error in
      (error as? DataError)?.message.hasPrefix("10000000 rows of 10000 features would take about 400 GB") == true
    }
  }
}

/// CSV files from others are data: what they cannot hold in bounded memory is an error that
/// names the column or line, and quotes at most a short part of a field.
struct CSVLimitTests {
  private func read(_ text: String, _ options: CSVOptions = CSVOptions()) -> DataError? {
    do {
      _ = try CSVReader.read(text: text, name: "t.csv", options: options)
      return nil
    } catch {
      return error as? DataError
    }
  }

  @Test func aTextColumnWithMoreDistinctValuesThanTheLimitIsRefused() throws {
    // Each value twice: a text in every row its own would be read as an id.
    let rows = (0..<3_000).map { "user\($0 / 2),\($0 % 2)" }.joined(separator: "\n")
    let error = try #require(read("id,y\n" + rows))
    #expect(error.problem == .tooManyCategories(column: "id", distinct: 1500, limit: 1000))
    #expect(error.message == "column 'id' holds 1500 distinct text values, more than the limit of 1000")
    #expect(error.hint == "drop the column if it is an id or free text, or raise CSVOptions.maxCategories")
    var options = CSVOptions()
    options.maxCategories = 2_000
    #expect(read("id,y\n" + rows, options) == nil)
  }

  @Test func aHundredThousandDistinctValuesAreRefusedWithoutTheirMatrix() throws {
    let rows = (0..<200_000).map { "user\($0 / 2),\($0 % 2)" }.joined(separator: "\n")
    let error = try #require(read("id,y\n" + rows))
    #expect(error.problem == .tooManyCategories(column: "id", distinct: 100_000, limit: 1000))
  }

  @Test func aFieldLongerThanTheLimitIsRefusedQuotingItsStart() throws {
    let error = try #require(read("a,b\n" + String(repeating: "x", count: 2 << 20) + ",1\n"))
    #expect(error.message == "a field is longer than 1048576 bytes: '\(String(repeating: "x", count: 80))…'")
    #expect(error.line == 2)
  }

  @Test func aHeaderNameOfMegabytesIsRefused() throws {
    let error = try #require(read(String(repeating: "h", count: 1_000_001) + ",y\n1,2\n"))
    #expect(error.message == "the name of column 1 is longer than 1000 bytes: '\(String(repeating: "h", count: 80))…'")
    #expect(error.line == 1)
  }

  @Test func aRowOfAHundredThousandColumnsIsRefused() throws {
    let header = (0..<100_000).map { "c\($0)" }.joined(separator: ",")
    let error = try #require(read(header + "\n"))
    #expect(error.message == "this row has more than 10000 fields")
    #expect(error.line == 1)
  }

  @Test func aRegularFileLargerThanTheCapIsRefusedBeforeItIsRead() throws {
    // A sparse file: its size is 3 GB, its blocks are none.
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sparse-\(UUID().uuidString).csv").path
    #expect(FileManager.default.createFile(atPath: path, contents: Data("a,b\n".utf8)))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: 3_000_000_000)
    try handle.close()
    var caught: DataError?
    do {
      _ = try CSVReader.read(path: path, name: "big.csv")
    } catch {
      caught = error as? DataError
    }
    let error = try #require(caught)
    #expect(error.message.hasPrefix("'big.csv' is larger than "))
    #expect(error.message.hasSuffix(", the most a CSV file may be here"))
  }

  @Test func aFileThatNeverEndsIsRefusedAsItIsRead() throws {
    var caught: DataError?
    do {
      _ = try CSVReader.read(path: "/dev/zero", name: "/dev/zero")
    } catch {
      caught = error as? DataError
    }
    let error = try #require(caught)
    #expect(error.message == "a field is longer than 1048576 bytes: '\(String(repeating: "�", count: 80))…'")
  }
}
