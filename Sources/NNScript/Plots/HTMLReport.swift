import Foundation
import NNCore

/// The page `report` writes about one run: its final metrics, curves, network, settings and
/// the doctor's findings. Self-contained — inline CSS and SVG, nothing fetched — so it can be
/// mailed or archived as one file. Every piece of user text is escaped.
struct HTMLReport {
  /// `run 2`.
  let title: String
  /// Where the run's `train` was written: `digits.nns:12`.
  let origin: String
  let run: TrainingRun
  /// By name, `net` first.
  let settings: [(name: String, value: String)]
  /// The run's network, summarised as `summary` prints it; nil when it could not be rebuilt.
  let network: Network?
  /// The charts, as one SVG document; nil when the run has no epoch to draw.
  let charts: String?
  /// The doctor's findings on this run; nil when its last report is about another run.
  let findings: [Finding]?

  func render() -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\("nnscript report: \(title), \(origin)".markupEscaped)</title>
    <style>
    \(Self.style)
    </style>
    </head>
    <body>
    <header>
    <h1>\(title.markupEscaped) <span class="origin">\(origin.markupEscaped)</span></h1>
    <p class="outcome">\(outcome.markupEscaped)</p>
    </header>
    \(metrics)
    <section id="curves">
    <h2>Curves</h2>
    \(charts.map { "<div class=\"charts\">\n\($0)</div>" } ?? "<p>The run ended before its first epoch.</p>")
    </section>
    \(networkSection)
    \(settingsSection)
    \(doctorSection)
    <footer>written by nnscript \(NNScriptVersion.string)</footer>
    </body>
    </html>

    """
  }

  /// `30 epochs in 1.20 s, completed`.
  private var outcome: String {
    let epochs = run.history.count
    let seconds = String(format: "%.2f", run.seconds)
    return "\(epochs) epoch\(epochs == 1 ? "" : "s") in \(seconds) s, \(run.stopReason.description)"
  }

  private var metrics: String {
    let last = run.final ?? run.history.last
    let cells: [(String, Float?)] = [
      ("loss", last?.loss), ("acc", last?.accuracy), ("val_loss", last?.validationLoss),
      ("val_acc", last?.validationAccuracy),
    ]
    var out = "<section id=\"metrics\">\n<h2>Final metrics</h2>\n<dl class=\"metrics\">\n"
    for (name, value) in cells {
      guard let value else { continue }
      // Four significant digits, as the training line shows them.
      out += "<div><dt>\(name)</dt><dd>\(String(format: "%.4g", Double(value)))</dd></div>\n"
    }
    if let epoch = run.finalEpoch, epoch != run.history.count {
      out += "<div><dt>weights of epoch</dt><dd>\(epoch)</dd></div>\n"
    }
    return out + "</dl>\n</section>"
  }

  private var networkSection: String {
    var out = """
      <section id="network">
      <h2>Network</h2>
      <table>
      <thead><tr><th>layer</th><th class="number">output</th><th class="number">parameters</th></tr></thead>
      <tbody>

      """
    for layer in network?.summary ?? [] {
      out += """
        <tr><td><code>\(layer.layer.markupEscaped)</code></td>\
        <td class="number">\(layer.outputShape.description.markupEscaped)</td>\
        <td class="number">\(layer.parameterCount)</td></tr>

        """
    }
    out += "</tbody>\n</table>\n"
    if let network { out += "<p>\(network.summaryFooter.markupEscaped)</p>\n" }
    return out + "</section>"
  }

  private var settingsSection: String {
    var out = "<section id=\"settings\">\n<h2>Settings</h2>\n<table>\n<tbody>\n"
    for (name, value) in settings {
      out += "<tr><th>\(name.markupEscaped)</th><td><code>\(value.markupEscaped)</code></td></tr>\n"
    }
    return out + "</tbody>\n</table>\n</section>"
  }

  private var doctorSection: String {
    var out = "<section id=\"doctor\">\n<h2>Doctor</h2>\n"
    guard let findings else {
      return out
        + "<p>The doctor's last report is about a later run (a refused <code>train</code>, or <code>fix</code>), "
        + "not this one.</p>\n</section>"
    }
    if findings.allSatisfy({ $0.severity == .info }) { out += "<p class=\"healthy\">No problems found.</p>\n" }
    for finding in findings {
      let severity = finding.severity.description
      out += """
        <div class="finding \(severity)">
        <p><span class="severity">\(severity)</span> <code class="code">\(finding.code.rawValue)</code> \
        \(finding.cause.markupEscaped)</p>

        """
      if !finding.evidence.isEmpty {
        out += "<ul class=\"evidence\">\n"
        for fact in finding.evidence { out += "<li>\(fact.markupEscaped)</li>\n" }
        out += "</ul>\n"
      }
      if !finding.fixes.isEmpty {
        out += "<ul class=\"fixes\">\n"
        for fix in finding.fixes { out += "<li>fix: <code>\(fix.rendered.markupEscaped)</code></li>\n" }
        out += "</ul>\n"
      }
      out += "</div>\n"
    }
    return out + "</section>"
  }

  private static let style = """
    body { font: 15px/1.45 "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; background: #f6f6f4;
      margin: 0 auto; padding: 24px 32px 40px; max-width: 1000px; }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h1 .origin { font-size: 15px; font-weight: normal; color: #666; margin-left: 8px; }
    h2 { font-size: 18px; margin: 0 0 12px; }
    section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 16px 20px; margin: 16px 0; }
    .outcome { margin: 0; color: #444; }
    code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
    dl.metrics { display: flex; flex-wrap: wrap; gap: 12px; margin: 0; }
    dl.metrics div { border: 1px solid #e2e2e2; border-radius: 6px; padding: 8px 16px; min-width: 110px; }
    dl.metrics dt { font-size: 12px; color: #666; }
    dl.metrics dd { margin: 0; font-size: 22px; font-variant-numeric: tabular-nums; }
    .charts { overflow-x: auto; }
    .charts svg { display: block; max-width: 100%; height: auto; }
    table { border-collapse: collapse; }
    th, td { text-align: left; padding: 4px 14px 4px 0; border-bottom: 1px solid #eee; vertical-align: top; }
    thead th { border-bottom: 2px solid #ccc; }
    tbody th { font-weight: normal; color: #555; }
    .number { text-align: right; font-variant-numeric: tabular-nums; }
    .finding { border-left: 4px solid #999; padding: 6px 12px; margin: 10px 0; background: #fafafa; }
    .finding p { margin: 0 0 4px; }
    .finding ul { margin: 4px 0; padding-left: 20px; }
    .finding.error { border-color: #c0392b; }
    .finding.warning { border-color: #d68910; }
    .finding.info { border-color: #2e86c1; }
    .severity { font-size: 12px; font-weight: bold; text-transform: uppercase; letter-spacing: 0.04em; }
    .error .severity { color: #c0392b; }
    .warning .severity { color: #b9770e; }
    .info .severity { color: #2e86c1; }
    .fixes li { color: #1e6b3a; }
    .healthy { color: #1e6b3a; }
    footer { color: #888; font-size: 12px; }
    """
}
