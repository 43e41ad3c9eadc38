import Foundation
import Testing

@testable import NNScript
@testable import nnscript

/// How the command-line tool shows a running `train`.
struct TrainingDisplayTests {
  private let script = """
    seed 1
    data = split(standardize(load("iris")), 0.8)
    net < dense 8 relu; dense 3 softmax >
    train epochs: 3 batch: 16
    """

  @Test func withoutATerminalEachEpochIsAPlainLine() throws {
    let result = try Support.exec(["-e", script])
    #expect(result.status == 0, "\(result.stderr)")
    let epochs = result.stderr.split(separator: "\n").filter { $0.hasPrefix("epoch ") }
    #expect(epochs.count == 3, "\(result.stderr)")
    #expect(epochs.first?.hasPrefix("epoch 1/3: loss ") == true)
    #expect(epochs.allSatisfy { $0.contains(" val_acc ") && $0.contains(" lr 0.001 ") })
    #expect(!result.stderr.contains("\u{1B}["))
  }

  @Test func aQuietTrainShowsNothing() throws {
    let result = try Support.exec(["-e", script + " quiet: true"])
    #expect(result.status == 0)
    #expect(!result.stderr.contains("epoch 1/3"))
  }

  @Test func theLiveLineFitsItsBarToTheTerminal() {
    let progress = EpochProgressSample.make(epoch: 5, epochs: 10)
    let wide = TrainingDisplay.liveLine(progress, columns: 120)
    #expect(wide.hasPrefix("epoch  5/10 ━━━━━━━━━━╺───────── loss 0.5 "), "\(wide)")
    #expect(wide.hasSuffix("ETA 5.0 s"))
    let narrow = TrainingDisplay.liveLine(progress, columns: 45)
    #expect(!narrow.contains("━") && narrow.hasPrefix("epoch  5/10 loss 0.5"), "\(narrow)")
  }

  @Test func theChartPutsBothCurvesOnOneScale() {
    let epochs = (1...4).map { EpochProgressSample.make(epoch: $0, epochs: 4, loss: 1 / Double($0), validation: 1) }
    let chart = LossChart(epochs).rendered(width: 80)
    #expect(chart == "loss      1 █▃▁▁ 0.25\nval_loss  1 ████ 1\n", "\(chart)")
    #expect(LossChart(Array(epochs.prefix(1))).rendered(width: 80).isEmpty)
  }
}

/// Epoch records as a run would report them.
enum EpochProgressSample {
  static func make(epoch: Int, epochs: Int, loss: Double = 0.5, validation: Double? = nil) -> EpochProgress {
    EpochProgress(
      epoch: epoch, epochs: epochs, loss: loss, accuracy: 0.9, validationLoss: validation, validationAccuracy: nil,
      learningRate: 0.001, elapsed: Double(epoch))
  }
}
