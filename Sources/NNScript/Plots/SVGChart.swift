import Foundation

/// Draws panels as one SVG document: a grid of charts, two to a row, each with a frame,
/// gridlines at the ticks, tick labels, axis titles and a legend under the chart. A value
/// that cannot be drawn (not finite, or off a log scale) leaves a gap in its line, and a
/// note under the legend counts such values.
struct SVGChart {
  let panels: [Panel]
  /// The document's title, for screen readers and browser tabs.
  let title: String

  private struct Layout {
    let width: Double
    let left = 70.0
    let right = 20.0
    let top = 36.0
    let plotHeight = 230.0
    /// From the bottom of the plot area to the first legend line: tick labels, axis title.
    let belowPlot = 58.0
    let legendLine = 17.0

    var plotWidth: Double { width - left - right }
    var legendTop: Double { top + plotHeight + belowPlot }

    func height(legendLines: Int) -> Double { legendTop + Double(legendLines) * legendLine + 6 }
  }

  func render() -> String {
    let columns = panels.count == 1 ? 1 : 2
    let layout = Layout(width: panels.count == 1 ? 640 : 480)
    let heights = panels.map { layout.height(legendLines: legendLines(of: $0).count) }
    var rowTops: [Double] = [0]
    for row in stride(from: 0, to: panels.count, by: columns) {
      rowTops.append(rowTops.last! + heights[row..<min(row + columns, panels.count)].max()!)
    }
    let width = layout.width * Double(columns)
    let height = rowTops.last!
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" \
      viewBox="0 0 \(n(width)) \(n(height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" \
      font-size="12" fill="#222">
      <title>\(title.markupEscaped)</title>
      <rect width="\(n(width))" height="\(n(height))" fill="#ffffff"/>

      """
    for (index, panel) in panels.enumerated() {
      let x = Double(index % columns) * layout.width
      let y = rowTops[index / columns]
      svg += "<g class=\"panel\" transform=\"translate(\(n(x)) \(n(y)))\">\n"
      svg += draw(panel, layout)
      svg += "</g>\n"
    }
    return svg + "</svg>\n"
  }

  /// Where a panel's values land: its axes and the rectangle they span.
  private struct PlotArea {
    let xAxis: Axis
    let yAxis: Axis
    let left: Double
    let top: Double
    let width: Double
    let height: Double

    func x(_ fraction: Double) -> Double { left + fraction * width }
    func y(_ fraction: Double) -> Double { top + (1 - fraction) * height }

    /// A point's position, or nil when it cannot be drawn.
    func position(of point: Series.Point) -> (Double, Double)? {
      guard let fx = xAxis.fraction(of: point.x), let fy = yAxis.fraction(of: point.y) else { return nil }
      return (x(fx), y(fy))
    }
  }

  private func draw(_ panel: Panel, _ layout: Layout) -> String {
    let area = PlotArea(
      xAxis: panel.xAxis, yAxis: panel.yAxis, left: layout.left, top: layout.top, width: layout.plotWidth,
      height: layout.plotHeight)
    let center = area.left + area.width / 2
    var out = """
      <text class="panel-title" x="\(n(center))" y="22" text-anchor="middle" font-size="14" \
      font-weight="bold">\(panel.title.markupEscaped)</text>

      """
    out += axes(area, xTitle: panel.xTitle, yTitle: panel.yTitle)
    for series in panel.series { out += curve(series, area) }
    if panel.series.isEmpty {
      out += text("nothing to plot", x: center, y: area.top + area.height / 2, class: "empty", anchor: "middle")
    }
    return out + legend(panel, layout)
  }

  /// Gridlines, ticks with their labels, the frame and the axis titles. Drawn before the
  /// curves, so the curves lie over them.
  private func axes(_ area: PlotArea, xTitle: String, yTitle: String) -> String {
    let (xAxis, yAxis) = (area.xAxis, area.yAxis)
    let bottom = area.top + area.height
    let right = area.left + area.width
    let xs = xAxis.ticks.compactMap { tick in xAxis.fraction(of: tick).map { (tick, area.x($0)) } }
    let ys = yAxis.ticks.compactMap { tick in yAxis.fraction(of: tick).map { (tick, area.y($0)) } }
    var out = "<g class=\"grid\" stroke=\"#e4e4e4\" stroke-width=\"1\">\n"
    for (_, x) in xs { out += line(x, area.top, x, bottom) }
    for (_, y) in ys { out += line(area.left, y, right, y) }
    out += "</g>\n<g class=\"x-ticks\" font-size=\"11\" text-anchor=\"middle\">\n"
    for (tick, x) in xs {
      out += line(x, bottom, x, bottom + 4, stroke: "#444")
      out += text(xAxis.label(tick), x: x, y: bottom + 17, class: "tick-label")
    }
    out += "</g>\n<g class=\"y-ticks\" font-size=\"11\" text-anchor=\"end\">\n"
    for (tick, y) in ys {
      out += line(area.left - 4, y, area.left, y, stroke: "#444")
      out += text(yAxis.label(tick), x: area.left - 7, y: y + 4, class: "tick-label")
    }
    out += """
      </g>
      <rect class="frame" x="\(n(area.left))" y="\(n(area.top))" width="\(n(area.width))" height="\(n(area.height))" \
      fill="none" stroke="#444"/>

      """
    out += text(xTitle, x: area.left + area.width / 2, y: bottom + 38, class: "axis-title", anchor: "middle")
    let title = yTitle + (yAxis.scale == .log ? " (log scale)" : "")
    let (tx, ty) = (18.0, area.top + area.height / 2)
    return out + """
      <text class="axis-title" x="\(n(tx))" y="\(n(ty))" text-anchor="middle" \
      transform="rotate(-90 \(n(tx)) \(n(ty)))">\(title.markupEscaped)</text>

      """
  }

  /// A series as polylines broken at the points that cannot be drawn; a point alone
  /// between gaps is a dot.
  private func curve(_ series: Series, _ area: PlotArea) -> String {
    var out = "<g class=\"series\" stroke=\"\(series.color)\" fill=\"\(series.color)\">\n"
    out += "<title>\(series.name.markupEscaped)</title>\n"
    for segment in Self.segments(series.points.map(area.position)) {
      if segment.count == 1 {
        out += "<circle cx=\"\(n(segment[0].0))\" cy=\"\(n(segment[0].1))\" r=\"2.5\" stroke=\"none\"/>\n"
      } else {
        let coordinates = segment.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        out += """
          <polyline points="\(coordinates)" fill="none" stroke-width="1.8" stroke-linejoin="round"\(dash(series))/>

          """
      }
    }
    return out + "</g>\n"
  }

  /// Under the chart: a sample of each series' line with its name, then the note on gaps.
  private func legend(_ panel: Panel, _ layout: Layout) -> String {
    let left = layout.left
    // About 6.8 pixels per character of 12-pixel text.
    let room = Int((layout.width - left - 40) / 6.8)
    var out = "<g class=\"legend\">\n"
    for (index, entry) in legendLines(of: panel).enumerated() {
      let y = layout.legendTop + Double(index) * layout.legendLine
      if let series = entry.series {
        out += """
          <line x1="\(n(left))" y1="\(n(y - 4))" x2="\(n(left + 28))" y2="\(n(y - 4))" stroke="\(series.color)" \
          stroke-width="2.2"\(dash(series))/>

          """
        out += text(Self.fit(entry.text, room), x: left + 36, y: y, class: "legend-label")
      } else {
        out += text(Self.fit(entry.text, room + 5), x: left, y: y, class: "gap-note", fill: "#a33")
      }
    }
    return out + "</g>\n"
  }

  private func dash(_ series: Series) -> String {
    series.dash.pattern.map { " stroke-dasharray=\"\($0)\"" } ?? ""
  }

  /// The legend's lines: one per series, then the note on gaps when there are any.
  private func legendLines(of panel: Panel) -> [(text: String, series: Series?)] {
    var lines: [(text: String, series: Series?)] = panel.series.map { ($0.name, $0) }
    let gaps = panel.gaps(on: panel.yAxis)
    var notes: [String] = []
    if gaps.notFinite > 0 { notes.append("\(gaps.notFinite) not finite") }
    if gaps.offScale > 0 { notes.append("\(gaps.offScale) at or below 0, off the log scale") }
    if !notes.isEmpty {
      let total = gaps.notFinite + gaps.offScale
      lines.append(("gaps: \(total) value\(total == 1 ? "" : "s") not drawn (\(notes.joined(separator: ", ")))", nil))
    }
    return lines
  }

  /// Runs of consecutive drawable points: a point that cannot be drawn breaks the line.
  static func segments(_ points: [(Double, Double)?]) -> [[(Double, Double)]] {
    var segments: [[(Double, Double)]] = []
    var current: [(Double, Double)] = []
    for point in points {
      if let point {
        current.append(point)
      } else if !current.isEmpty {
        segments.append(current)
        current = []
      }
    }
    if !current.isEmpty { segments.append(current) }
    return segments
  }

  /// `text` cut to about `characters`, with an ellipsis when cut.
  private static func fit(_ text: String, _ characters: Int) -> String {
    text.count <= characters ? text : String(text.prefix(max(1, characters - 1))) + "…"
  }

  private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String? = nil) -> String {
    let colour = stroke.map { " stroke=\"\($0)\"" } ?? ""
    return "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"\(colour)/>\n"
  }

  private func text(
    _ content: String, x: Double, y: Double, class name: String, anchor: String? = nil, fill: String? = nil
  ) -> String {
    let anchorAttribute = anchor.map { " text-anchor=\"\($0)\"" } ?? ""
    let fillAttribute = fill.map { " fill=\"\($0)\"" } ?? ""
    return """
      <text class="\(name)" x="\(n(x))" y="\(n(y))"\(anchorAttribute)\(fillAttribute)>\(content.markupEscaped)</text>

      """
  }

  /// A coordinate with one decimal, enough at screen resolution and short in the file.
  private func n(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e9 else { return "0" }
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
  }
}
