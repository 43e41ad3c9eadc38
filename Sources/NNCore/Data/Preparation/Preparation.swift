/// How samples as read become the features a network sees, with the statistics fitted on the
/// training part: fills for missing values, the indicators of categories, feature scalers and
/// target scales. It is part of a trained model, so that `predict` and `eval` prepare new
/// samples exactly as the training samples were.
///
/// The stages run in a fixed order: fill, encode, scale the features (in the order asked),
/// scale the target.
public struct Preparation: Sendable, Equatable, Codable {
  /// A source column's place among the features.
  public enum Encoding: Sendable, Equatable, Codable {
    /// The value itself, one feature.
    case value
    /// One indicator feature per value in `values`, in order: a text column's codes, or a
    /// coded category's numbers, seen in the training part. Any other value is all zeros.
    case indicators([Float])
  }

  /// A fitted feature scaler: x' = (x − shift) / scale, per feature.
  public struct Scaler: Sendable, Equatable, Codable {
    /// `standardize` or `minmax`: what the statistics are.
    public var kind: String
    public var shift: [Float]
    public var scale: [Float]

    /// A scaler of `kind` with one shift and one scale per feature.
    public init(kind: String, shift: [Float], scale: [Float]) {
      self.kind = kind
      self.shift = shift
      self.scale = scale
    }
  }

  /// A fitted target scale: y' = (y − shift) / scale.
  public struct TargetScale: Sendable, Equatable, Codable {
    public var shift: Float
    public var scale: Float

    /// y' = (y − shift) / scale.
    public init(shift: Float, scale: Float) {
      self.shift = shift
      self.scale = scale
    }
  }

  /// The data's columns as read, features only (no target, no ids).
  public internal(set) var columns: [SourceColumn]
  /// What fills a missing value.
  public internal(set) var imputation: Imputation
  /// The steps asked for, in the order asked.
  public internal(set) var steps: [PreparationStep]
  /// Per column, the value that fills a missing one (a text's code); nil where nothing was fitted.
  public internal(set) var fills: [Float?]
  /// Per column, its place among the features.
  public internal(set) var encodings: [Encoding]
  /// The fitted feature scalers, in the order their steps were asked.
  public internal(set) var scalers: [Scaler]
  /// The fitted target scales, in order.
  public internal(set) var targetScales: [TargetScale]

  /// The preparation of columns of numbers used as they are.
  public init(numbers names: [String]) {
    self.init(columns: names.map { SourceColumn(name: $0) }, imputation: .none)
  }

  /// Columns of numbers scaled by statistics fitted elsewhere: a model file of the format that
  /// kept only its scalers.
  public init(numbers names: [String], scalers: [Scaler], targetScales: [TargetScale]) {
    self.init(numbers: names)
    self.scalers = scalers
    self.targetScales = targetScales
  }

  /// The preparation of `columns` before anything is fitted: each value as it is, a text
  /// column as indicators of all its levels.
  public init(columns: [SourceColumn], imputation: Imputation) {
    self.columns = columns
    self.imputation = imputation
    steps = []
    fills = Array(repeating: nil, count: columns.count)
    encodings = columns.map { column in
      column.levels.map { levels in .indicators(levels.indices.map(Float.init)) } ?? .value
    }
    scalers = []
    targetScales = []
  }

  /// The number of features a sample becomes.
  public var featureCount: Int {
    encodings.reduce(0) { count, encoding in
      if case .indicators(let values) = encoding { return count + values.count }
      return count + 1
    }
  }

  /// One name per feature: a column's name, or `column=value` for an indicator.
  public var featureNames: [String] {
    zip(columns, encodings).flatMap { column, encoding -> [String] in
      guard case .indicators(let values) = encoding else { return [column.name] }
      return values.map { "\(column.name)=\(Self.label(of: $0, in: column))" }
    }
  }

  /// Whether samples go through unchanged, so that the features can share the samples' storage.
  var isIdentity: Bool {
    scalers.isEmpty && fills.allSatisfy { $0 == nil } && encodings.allSatisfy { $0 == .value }
  }

  /// A text's level, or a coded number written as the file would: whole numbers without a fraction.
  static func label(of value: Float, in column: SourceColumn) -> String {
    if let levels = column.levels, let code = Int(exactly: value), levels.indices.contains(code) {
      return levels[code]
    }
    return value == value.rounded() && abs(value) < 1e7 ? String(Int(value)) : "\(value)"
  }

  /// A regression output of the network in the target's own units.
  public func unscaled(_ value: Float) -> Float {
    targetScales.reversed().reduce(value) { value, scale in value * scale.scale + scale.shift }
  }

  /// What one unit of the scaled target is in the target's own units.
  public var targetUnit: Float { targetScales.reduce(1) { $0 * $1.scale } }
}
