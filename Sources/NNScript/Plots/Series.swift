/// One line of a chart: its name in the legend, its points, and how it is drawn.
struct Series {
  struct Point: Equatable {
    let x: Double
    let y: Double
  }

  enum Dash: CaseIterable {
    case solid, dashed, dotted

    /// The SVG `stroke-dasharray`; nil for a solid line.
    var pattern: String? {
      switch self {
      case .solid: nil
      case .dashed: "7 4"
      case .dotted: "2 3"
      }
    }
  }

  let name: String
  let points: [Point]
  /// A colour SVG and CSS understand, from `Palette`.
  let color: String
  let dash: Dash
}
