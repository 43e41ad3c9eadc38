/// One chart of a plot: a title, the axis titles, and the series drawn against them. The
/// axes fit the series' values; x counts something (epochs, steps), so it steps by whole
/// numbers.
struct Panel {
  let title: String
  let xTitle: String
  let yTitle: String
  let series: [Series]
  /// Whether y may go logarithmic when its values span more than two decades.
  let allowsLogY: Bool

  var xAxis: Axis { Axis.fitting(series.flatMap { $0.points.map(\.x) }, allowsLog: false, wholeSteps: true) }
  var yAxis: Axis { Axis.fitting(series.flatMap { $0.points.map(\.y) }, allowsLog: allowsLogY) }

  /// The points left out of the drawing, and why, for the note under the legend.
  func gaps(on yAxis: Axis) -> (notFinite: Int, offScale: Int) {
    var notFinite = 0
    var offScale = 0
    for point in series.flatMap(\.points) where yAxis.fraction(of: point.y) == nil {
      if point.y.isFinite && abs(point.y) <= Axis.largestShown { offScale += 1 } else { notFinite += 1 }
    }
    return (notFinite, offScale)
  }
}
