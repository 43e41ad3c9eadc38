import Foundation
import Testing

@testable import NNScript

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `plot`: the tick algorithm, the SVG it writes (parsed back as XML), and its diagnostics.
struct PlotTests {
  // MARK: Ticks

  @Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
    #expect(Axis.niceStep(for: 1, intervals: 5) == 0.2)
    #expect(Axis.niceStep(for: 0.42, intervals: 5) == 0.1)
    #expect(Axis.niceStep(for: 7, intervals: 5) == 2)
    #expect(Axis.niceStep(for: 100, intervals: 5) == 20)
    #expect(abs(Axis.niceStep(for: 3e-4, intervals: 5) - 1e-4) < 1e-18)
    #expect(Axis.niceStep(for: 2.4e6, intervals: 5) == 5e5)
  }

  @Test func linearTicksCoverTheValuesOnWholeSteps() {
    let axis = Axis.linear(covering: [0.55, 0.71, 0.97])
    #expect(axis.scale == .linear)
    #expect(axis.ticks == [0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
    #expect(axis.ticks.map(axis.label) == ["0.5", "0.6", "0.7", "0.8", "0.9", "1.0"])
    #expect(axis.fraction(of: 0.5) == 0 && axis.fraction(of: 1) == 1)
  }

  @Test func negativeValuesGetTicksAcrossZero() {
    let axis = Axis.linear(covering: [-3.2, 4.1])
    #expect(axis.ticks == [-4, -2, 0, 2, 4, 6])
    #expect(axis.ticks.map(axis.label) == ["-4", "-2", "0", "2", "4", "6"])
  }

  @Test func epochsStepByWholeNumbers() {
    #expect(Axis.linear(covering: [1, 30], wholeSteps: true).ticks == [0, 10, 20, 30])
    #expect(Axis.linear(covering: [1, 3], wholeSteps: true).ticks == [1, 2, 3])
    // A single epoch sits mid-axis.
    #expect(Axis.linear(covering: [1], wholeSteps: true).ticks == [0, 1, 2])
  }

  @Test func oneValueOrNoneStillMakesAnAxis() {
    let single = Axis.linear(covering: [5])
    #expect(single.lower < 5 && single.upper > 5)
    #expect(Axis.linear(covering: []).ticks.first == 0)
    #expect(Axis.linear(covering: [.nan, .infinity]).ticks.last == 1)
  }

  /// For ranges all over the number line: the step's mantissa is 1, 2 or 5, the ticks cover
  /// the values and there are between 2 and 7 of them.
  @Test func anyRangeGetsAFewNiceTicks() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      let scale = pow(10, Double.random(in: -12...12, using: &generator))
      let a = Double.random(in: -1...1, using: &generator) * scale
      let b = a + Double.random(in: 1e-6...1, using: &generator) * scale
      let axis = Axis.linear(covering: [a, b])
      #expect((2...7).contains(axis.ticks.count), "\(a)…\(b): \(axis.ticks)")
      #expect(axis.lower <= a && axis.upper >= b, "\(a)…\(b): \(axis.ticks)")
      let step = axis.ticks[1] - axis.ticks[0]
      let mantissa = step / pow(10, log10(step).rounded(.down))
      #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }, "step \(step)")
      #expect(Set(axis.ticks.map(axis.label)).count == axis.ticks.count, "labels of \(axis.ticks)")
    }
  }

  @Test func largeAndSmallNumbersGetExponentLabels() {
    let large = Axis.linear(covering: [0, 2.3e6])
    #expect(large.ticks.map(large.label) == ["0", "5e5", "1e6", "1.5e6", "2e6", "2.5e6"])
    let small = Axis.linear(covering: [1e-5, 4e-5])
    #expect(small.ticks.map(small.label).first == "1e-5")
  }

  @Test func valuesSpanningDecadesGoLogarithmic() {
    let axis = Axis.fitting([2.5, 0.8, 0.05, 0.003], allowsLog: true)
    #expect(axis.scale == .log)
    #expect(axis.ticks == [0.001, 0.01, 0.1, 1, 10])
    #expect(axis.ticks.map(axis.label) == ["0.001", "0.01", "0.1", "1", "10"])
    #expect(abs(axis.fraction(of: 0.1)! - 0.5) < 1e-12)
    #expect(axis.fraction(of: 0) == nil && axis.fraction(of: -1) == nil)
  }

  @Test func aFewDecadesGetOneTwoFiveTicks() {
    let axis = Axis.fitting([0.012, 4.0], allowsLog: true)
    #expect(axis.ticks == [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10])
  }

  @Test func manyDecadesGetATickEveryFew() {
    let axis = Axis.fitting([1e-30, 5e9], allowsLog: true)
    #expect(axis.ticks.count <= 8)
    #expect(axis.lower <= 1e-30 && axis.upper >= 5e9)
    #expect(axis.label(1e-30) == "1e-30")
  }

  @Test func narrowNegativeOrForbiddenRangesStayLinear() {
    #expect(Axis.fitting([0.5, 2], allowsLog: true).scale == .linear)
    #expect(Axis.fitting([-1, 0.001, 10], allowsLog: true).scale == .linear)
    #expect(Axis.fitting([0.001, 10], allowsLog: false).scale == .linear)
    // Zeros leave the log scale to the positive values; they become gaps.
    #expect(Axis.fitting([0, 0.001, 10], allowsLog: true).scale == .log)
  }

  // MARK: SVG

  private static func series(_ name: String, _ ys: [Double], color: Int = 0) -> Series {
    Series(
      name: name, points: ys.enumerated().map { Series.Point(x: Double($0 + 1), y: $1) }, color: Palette.color(color),
      dash: .solid)
  }

  @Test func theSVGIsWellFormedWithALinePerSeries() throws {
    let panel = Panel(
      title: "loss", xTitle: "epoch", yTitle: "loss (ce)",
      series: [
        Self.series("train", [1.2, 0.8, 0.5, 0.4]), Self.series("validation", [1.3, 0.9, 0.7, 0.65], color: 1),
      ],
      allowsLogY: true)
    let svg = try SVGDocument(SVGChart(panels: [panel], title: "loss of run 1").render())
    #expect(svg.root == "svg")
    #expect(svg.count("polyline") == 2)
    #expect(svg.texts(class: "panel-title") == ["loss"])
    #expect(svg.texts(class: "axis-title") == ["epoch", "loss (ce)"])
    #expect(svg.texts(class: "legend-label") == ["train", "validation"])
    #expect(svg.texts(class: "tick-label").contains("0.4"))
    #expect(svg.texts(class: "gap-note").isEmpty)
  }

  @Test func nonFiniteValuesLeaveGapsAndANote() throws {
    let panel = Panel(
      title: "loss", xTitle: "epoch", yTitle: "loss",
      series: [Self.series("train", [1, 0.5, .nan, 0.3, 0.2, .infinity, 0.1])], allowsLogY: true)
    let svg = try SVGDocument(SVGChart(panels: [panel], title: "t").render())
    // [1, 0.5] [0.3, 0.2] are lines, 0.1 alone is a dot.
    #expect(svg.count("polyline") == 2)
    #expect(svg.count("circle") == 1)
    #expect(svg.texts(class: "gap-note") == ["gaps: 2 values not drawn (2 not finite)"])
  }

  @Test func aSeriesOfOnlyNaNStillDraws() throws {
    let panel = Panel(
      title: "loss", xTitle: "epoch", yTitle: "loss", series: [Self.series("train", [.nan, .nan])], allowsLogY: true)
    let svg = try SVGDocument(SVGChart(panels: [panel], title: "t").render())
    #expect(svg.count("polyline") == 0)
    #expect(svg.texts(class: "gap-note") == ["gaps: 2 values not drawn (2 not finite)"])
  }

  @Test func severalPanelsShareOneDocument() throws {
    let panels = ["loss", "accuracy", "learning rate"].map {
      Panel(title: $0, xTitle: "epoch", yTitle: $0, series: [Self.series("train", [3, 2, 1])], allowsLogY: false)
    }
    let svg = try SVGDocument(SVGChart(panels: panels, title: "t").render())
    #expect(svg.count("g", class: "panel") == 3)
    #expect(svg.texts(class: "panel-title") == ["loss", "accuracy", "learning rate"])
  }

  @Test func userTextIsEscaped() throws {
    let panel = Panel(
      title: "a < b & \"c\"", xTitle: "epoch", yTitle: "y", series: [Self.series("run 1: net <dense 3>", [1, 2])],
      allowsLogY: false)
    let svg = try SVGDocument(SVGChart(panels: [panel], title: "<t>").render())
    #expect(svg.texts(class: "panel-title") == ["a < b & \"c\""])
    #expect(svg.texts(class: "legend-label") == ["run 1: net <dense 3>"])
  }

  // MARK: The command

  private static let twoRuns = """
    seed 1
    data = split(standardize(load("iris")), 0.8)
    net < dense 8 relu; dense 3 softmax >
    a = train epochs: 4 lr: 0.001 quiet: true
    net < dense 8 relu; dense 3 softmax >
    b = train epochs: 6 lr: 0.05 quiet: true

    """

  @Test func runsAreOverlaidWithTheirDifferingSettings() throws {
    let path = try Support.folder("plots").appendingPathComponent("sub/curves.svg").path
    let run = Support.run(Self.twoRuns + "plot loss acc runs: [a, b] to: \"\(path)\"")
    #expect(run.errors == "")
    #expect(run.output == "wrote loss and acc of runs 1 and 2 to \(path)\n")
    let svg = try SVGDocument(String(contentsOfFile: path, encoding: .utf8))
    #expect(svg.texts(class: "panel-title") == ["loss", "accuracy"])
    // Per panel: train and validation of each run.
    #expect(svg.count("polyline") == 8)
    let legend = svg.texts(class: "legend-label")
    #expect(legend.contains("run 1: epochs 4, lr 0.001 · train"))
    #expect(legend.contains("run 2: epochs 6, lr 0.05 · validation"))
    #expect(svg.texts(class: "axis-title").contains("loss (ce)"))
  }

  @Test func theLastRunIsTheDefaultAndAllMeansEveryRun() throws {
    let folder = try Support.folder("plots")
    let last = Support.run(Self.twoRuns + "plot lr to: \"\(folder.path)/lr.svg\"")
    #expect(last.output == "wrote lr of run 2 to \(folder.path)/lr.svg\n", "\(last.errors)")
    let svg = try SVGDocument(String(contentsOfFile: folder.path + "/lr.svg", encoding: .utf8))
    #expect(svg.texts(class: "legend-label") == ["learning rate"])
    let all = Support.run(Self.twoRuns + "plot loss runs: all to: \"\(folder.path)/all.svg\"")
    #expect(all.output == "wrote loss of runs 1 and 2 to \(folder.path)/all.svg\n", "\(all.errors)")
  }

  @Test func gradientsArePerLayerAgainstTheStep() throws {
    let path = try Support.folder("plots").appendingPathComponent("grads.svg").path
    let run = Support.run(Self.twoRuns + "plot grads to: \"\(path)\"")
    #expect(run.errors == "")
    let svg = try SVGDocument(String(contentsOfFile: path, encoding: .utf8))
    #expect(svg.texts(class: "legend-label") == ["layer 1 (dense 8 relu)", "layer 2 (dense 3 softmax)"])
    #expect(svg.texts(class: "axis-title").first == "step")
  }

  @Test func withoutToItWritesBesideTheScript() throws {
    let folder = try Support.folder("plots")
    let script = folder.appendingPathComponent("s.nns")
    try (Self.twoRuns + "plot loss acc\n").write(to: script, atomically: true, encoding: .utf8)
    var output = ""
    let outcome = Engine(output: { output += $0 }).runFile(atPath: script.path, name: "s.nns")
    #expect(outcome.exitCode == 0, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    #expect(output == "wrote loss and acc of run 2 to loss-acc.svg\n")
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("loss-acc.svg").path))
  }

  @Test func mistakesPointAtTheScript() throws {
    let folder = try Support.folder("plots").path
    let cases: [(String, String)] = [
      ("plot loss to: \"\(folder)/x.png\"", "to: writes SVG, so the file name must end in .svg"),
      ("plot loss to: 3", "to: expects a file name such as \"run.svg\", found number"),
      ("plot loss loss to: \"\(folder)/x.svg\"", "'loss' is plotted twice"),
      ("plot loss runs: 3 to: \"\(folder)/x.svg\"", "runs: expects a run, a list of runs or all, found number"),
      ("plot loss runs: \"al\" to: \"\(folder)/x.svg\"", "runs: expects a run, a list of runs or all, found \"al\""),
      ("plot loss runs: [] to: \"\(folder)/x.svg\"", "runs: expects at least one run"),
      (
        "plot loss runs: [a, 2] to: \"\(folder)/x.svg\"",
        "runs: expects runs (the values train returns), found number in the list"
      ),
      ("k = \"lost\"\nplot k to: \"\(folder)/x.svg\"", "unknown plot 'lost'"),
    ]
    for (line, message) in cases {
      let run = Support.run(Self.twoRuns + line)
      #expect(run.errors.contains("error: \(message)"), "\(line): \(run.errors)")
      #expect(run.outcome.exitCode == 1, "\(line)")
    }
  }

  @Test func suggestionsSayWhatWasMeant() {
    let png = Support.run(Self.twoRuns + "plot loss to: \"out/curves.png\"")
    #expect(png.errors.contains("did you mean \"out/curves.svg\"?"), "\(png.errors)")
    let alll = Support.run(Self.twoRuns + "plot loss runs: \"alll\"")
    #expect(alll.errors.contains("did you mean 'all'?"), "\(alll.errors)")
    let lost = Support.run(Self.twoRuns + "k = \"lost\"\nplot k")
    #expect(lost.errors.contains("did you mean 'loss'?"), "\(lost.errors)")
  }

  @Test func accuracyOfARegressionIsExplained() {
    let run = Support.run(
      """
      data = split(regression(n: 100), 0.8)
      net < dense 4 tanh; dense 1 >
      train epochs: 2 quiet: true
      plot acc
      """)
    #expect(run.errors.contains("error: no accuracy to plot: the run predicts values, not classes"), "\(run.errors)")
    #expect(run.errors.contains("plot acc\n   |      ^~~"), "\(run.errors)")
  }

  @Test func aFolderInTheWayIsAClearError() throws {
    let folder = try Support.folder("plots")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("taken.svg"), withIntermediateDirectories: true)
    let run = Support.run(Self.twoRuns + "plot loss to: \"\(folder.path)/taken.svg\"")
    #expect(run.errors.contains("error: cannot write '\(folder.path)/taken.svg': "), "\(run.errors)")
  }
}

/// An SVG document parsed by Foundation's XMLParser: fails on anything not well-formed, and
/// keeps each element's name, class and text.
struct SVGDocument {
  struct Element {
    let name: String
    let attributes: [String: String]
    var text = ""
  }

  private(set) var elements: [Element] = []
  var root: String? { elements.first?.name }

  init(_ text: String) throws {
    let delegate = Collector()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = delegate
    guard parser.parse() else {
      throw CocoaError(
        .coderReadCorrupt,
        userInfo: [NSLocalizedDescriptionKey: "not well-formed: \(String(describing: parser.parserError))"])
    }
    elements = delegate.elements
  }

  func count(_ name: String, class className: String? = nil) -> Int {
    elements.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }.count
  }

  func texts(class className: String) -> [String] {
    elements.filter { $0.name == "text" && $0.attributes["class"] == className }.map(\.text)
  }

  private final class Collector: NSObject, XMLParserDelegate {
    var elements: [Element] = []
    var open: [Int] = []

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      open.append(elements.count)
      elements.append(Element(name: name, attributes: attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if let index = open.last { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      open.removeLast()
    }
  }
}
