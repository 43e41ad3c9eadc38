import Foundation
import Testing

@testable import NNScript

/// `save VALUE to: PATH` writes tables; `save PATH` keeps meaning the trained network.
struct SaveTableTests {
  @Test func aRunsHistoryIsWrittenAsCSVWithOneRowAnEpoch() throws {
    let folder = try Support.folder("save")
    let result = Support.run(
      """
      seed 1
      data = load("iris")
      net < dense 8 relu; dense 3 softmax >
      r = train epochs: 4 quiet: true
      save r to: "\(folder.path)/runs/history.csv"
      save [{a: 1, b: "x, y"}, {a: 2}] to: "\(folder.path)/rows.json"
      """)
    #expect(result.outcome.status == .success, "\(result.errors)")
    let csv = try String(contentsOf: folder.appendingPathComponent("runs/history.csv"), encoding: .utf8)
    let lines = csv.split(separator: "\n")
    #expect(lines.first == "epoch,loss,acc,val_loss,val_acc,lr,seconds")
    #expect(lines.count == 5 && lines[4].hasPrefix("4,"))
    let json = try String(contentsOf: folder.appendingPathComponent("rows.json"), encoding: .utf8)
    #expect(json == "[\n  {\"a\": 1, \"b\": \"x, y\"},\n  {\"a\": 2}\n]\n")
  }

  @Test func whatIsNotATableIsAnErrorAtTheValue() throws {
    let folder = try Support.folder("save")
    let result = Support.run("save 3 to: \"\(folder.path)/x.csv\"\n")
    let diagnostic = try #require(result.outcome.diagnostics.first)
    #expect(diagnostic.message.hasPrefix("save … to: writes a search's trials"))
    #expect(diagnostic.range?.start == 5)
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.csv").path))
  }

  @Test func saveWithoutAFileSaysWhatItTakes() {
    let result = Support.run("save\n")
    #expect(result.outcome.diagnostics.first?.message == "'save' needs a file to write", "\(result.errors)")
  }
}
