import Foundation
import Testing

@testable import NNScript

/// `report PATH`: one self-contained HTML page on the last run, its user text escaped, and
/// (when Chromium is installed) rendered by a real browser.
struct ReportTests {
  /// Pixels 0–255 and a high rate: the doctor has findings to show.
  private static let troubled = """
    seed 4
    data = split(load("digits"), 0.8)
    net < dense 32 relu; dense 10 softmax >
    r = train epochs: 3 lr: 0.05 quiet: true

    """

  private static func report(_ script: String, name: String = "t.nns") throws -> (html: String, output: String) {
    let path = try Support.folder("report").appendingPathComponent("out/run.html").path
    let run = Support.run(script + "report \"\(path)\"\n", name: name)
    #expect(run.errors == "")
    #expect(run.output.hasSuffix("to \(path)\n"), "\(run.output)")
    return (try String(contentsOfFile: path, encoding: .utf8), run.output)
  }

  @Test func thePageHoldsEverySection() throws {
    let (html, output) = try Self.report(Self.troubled)
    #expect(output.hasPrefix("wrote the report on run 1 to "))
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    for id in ["metrics", "curves", "network", "settings", "doctor"] {
      #expect(html.contains("<section id=\"\(id)\">"), "section \(id)")
    }
    // The network as `summary` prints it: 64·32 + 32 and 32·10 + 10 parameters.
    #expect(
      html.contains("<td><code>dense 32 relu</code></td><td class=\"number\">32</td><td class=\"number\">2080</td>"))
    #expect(
      html.contains("<td><code>dense 10 softmax</code></td><td class=\"number\">10</td><td class=\"number\">330</td>"))
    #expect(html.contains("input width 64, 2410 parameters"))
    #expect(html.contains("<tr><th>lr</th><td><code>0.05</code></td></tr>"))
    #expect(html.contains("<dt>val_acc</dt>"))
    #expect(html.contains("<code class=\"code\">unscaled-input</code>"))
    #expect(html.contains("<div class=\"finding warning\">"))
    #expect(html.contains("fix: <code>"))
  }

  @Test func aConvolutionalNetworkIsListedLayerByLayer() throws {
    let script = """
      seed 1
      data = split(minmax(load("digits")), 0.8)
      net < conv2d 4 3 relu; maxpool 2; flatten; dense 10 softmax >
      r = train epochs: 1 quiet: true

      """
    let (html, _) = try Self.report(script)
    // Every layer with its shape, as `summary` prints them: 3·3·4 + 4, then 36·10 + 10.
    let rows = [
      ("conv2d 4 3 relu", "6×6×4", 40), ("maxpool 2", "3×3×4", 0), ("flatten", "36", 0),
      ("dense 10 softmax", "10", 370),
    ]
    for (layer, shape, parameters) in rows {
      #expect(
        html.contains(
          "<td><code>\(layer)</code></td><td class=\"number\">\(shape)</td><td class=\"number\">\(parameters)</td>"),
        "\(layer)")
    }
    #expect(html.contains("<p>input 8×8×1, 410 parameters</p>"))
  }

  @Test func theChartsAreOneWellFormedSVG() throws {
    let (html, _) = try Self.report(Self.troubled)
    let start = try #require(html.range(of: "<svg "))
    let end = try #require(html.range(of: "</svg>"))
    let svg = try SVGDocument(String(html[start.lowerBound..<end.upperBound]))
    #expect(svg.texts(class: "panel-title") == ["loss", "accuracy", "learning rate", "gradient norm per layer"])
  }

  @Test func nothingIsFetched() throws {
    let (html, _) = try Self.report(Self.troubled)
    let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    for pattern in ["http:", "https:", "src=", "href=", "url(", "@import"] {
      #expect(!withoutNamespace.contains(pattern), "\(pattern)")
    }
  }

  @Test func userTextIsEscaped() throws {
    let script = Self.troubled.replacingOccurrences(
      of: "quiet: true", with: "quiet: true log: \"\(try Support.folder("report").path)/<b>&x\"")
    let (html, _) = try Self.report(script, name: "<i>&.nns")
    #expect(!html.contains("<b>"))
    #expect(!html.contains("<i>"))
    #expect(html.contains("&lt;b&gt;&amp;x"))
    #expect(html.contains("&lt;i&gt;&amp;.nns:4"))
  }

  @Test func findingsOfALaterRunAreNotShownAsThisOnes() throws {
    // The second train is refused before its first step; its findings are not run 1's.
    let path = try Support.folder("report").appendingPathComponent("run.html").path
    let engine = Engine()
    _ = engine.run(SourceFile(name: "a.nns", text: Self.troubled))
    let refused = engine.run(
      SourceFile(
        name: "b.nns",
        text: "data = split(load(\"breast_cancer\"), 0.8)\nnet < dense 8 relu; dense 1 softmax >\ntrain quiet: true\n"))
    #expect(DiagnosticRenderer().render(refused.diagnostics).contains("output-mismatch"))
    let outcome = engine.run(SourceFile(name: "c.nns", text: "report \"\(path)\"\n"))
    #expect(outcome.exitCode == 0)
    let html = try String(contentsOfFile: path, encoding: .utf8)
    #expect(html.contains("about a later run"))
    #expect(!html.contains("output-mismatch"))
  }

  @Test func mistakesPointAtTheScript() {
    let none = Support.run("report \"x.html\"")
    #expect(none.errors.contains("error: there is no run to report on: train first"), "\(none.errors)")
    let suffix = Support.run(Self.troubled + "report \"out/run.pdf\"")
    #expect(suffix.errors.contains("error: report writes HTML, so the file name must end in .html"), "\(suffix.errors)")
    #expect(suffix.errors.contains("did you mean \"out/run.html\"?"), "\(suffix.errors)")
    let number = Support.run(Self.troubled + "report 3")
    #expect(number.errors.contains("error: report expects a file name such as \"run.html\", found number"))
  }

  /// Renders the page in headless Chromium and checks the screenshot is more than a blank
  /// page. `make report-check` does the same for examples/plots.nns, for a person to look at.
  @Test func chromiumRendersThePage() throws {
    guard
      let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first(where: FileManager.default.isExecutableFile(atPath:))
    else {
      try Test.cancel("skipped: Chromium is not installed (apt-get install chromium) to render the report")
    }
    let folder = try Support.folder("report")
    let page = folder.appendingPathComponent("run.html")
    let run = Support.run(Self.troubled + "report \"\(page.path)\"\n")
    #expect(run.errors == "")
    let screenshot = folder.appendingPathComponent("run.png")
    let result = try ExternalProgram.run(
      chromium,
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,2600",
        "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--screenshot=\(screenshot.path)",
        page.absoluteString,
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let png = try Data(contentsOf: screenshot)
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    // A blank page of this size compresses to a few kilobytes; text and curves do not.
    #expect(png.count > 60_000, "\(png.count) bytes")
  }
}
