/// The Python program that runs a search's trials as Ray tasks (ray_trials.py beside this file).
enum RayBridge {
  /// Its text, written to a temporary file for each search on a cluster.
  static let script = String(decoding: EmbeddedFiles.ray_trials_py, as: UTF8.self)
}
