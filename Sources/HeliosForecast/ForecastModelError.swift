// Why stored model bytes were refused. Typed, so the engine can turn each case into a
// DatabaseError (XX001 data corrupted) naming the file, without a string match.

/// A stored model that cannot be read.
public enum ForecastModelError: Error, Equatable, Sendable {
    /// Fewer bytes than the header or the layer sizes call for.
    case truncated(needed: Int, actual: Int)
    /// More bytes than the layer sizes call for.
    case trailingBytes(expected: Int, actual: Int)
    /// Not a forecast model: the first four bytes are not "HFCM".
    case badMagic
    case unsupportedVersion(UInt16)
    /// A model built for another feature layout than this code writes.
    case unsupportedFeatureLayout(UInt16)
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// Layer sizes out of bounds, or parameters that do not fit them or are not finite.
    case invalidShape(String)
}
