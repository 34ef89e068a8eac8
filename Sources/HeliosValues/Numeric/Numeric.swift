// Numeric: PostgreSQL's arbitrary-precision decimal, implemented by hand with the same layout as
// PostgreSQL's NumericVar: base-10000 digits, a weight (the power of 10000 of the first digit)
// and a display scale (digits after the decimal point to print), plus NaN and +/-Infinity.
// The arithmetic follows PostgreSQL's numeric.c so that every result, including its scale, is
// the one PostgreSQL prints; the files Numeric+*.swift hold the operations.

import HeliosCore

/// An exact decimal number with PostgreSQL's semantics.
///
/// Invariants: 1. finite values are normalized: no leading or trailing zero digits, and zero has
/// no digits, weight 0 and a positive sign; 2. every digit is in 0...9999; 3. `displayScale` is
/// at least the number of decimal digits after the point that the digits hold;
/// 4. special values (NaN, infinities) have no digits, weight 0 and scale 0.
public struct Numeric: Sendable {
    /// Finite, NaN or an infinity.
    public enum Form: UInt8, Sendable {
        case finite
        case nan
        case positiveInfinity
        case negativeInfinity
    }

    // Declared widest first, so the struct packs into 16 bytes (two words).
    /// Base-10000 digits, most significant first.
    @usableFromInline var digits: [Int16]
    /// The power of 10000 by which `digits[0]` is multiplied.
    @usableFromInline var weight: Int32
    @usableFromInline var scaleStorage: Int16
    @usableFromInline var form: Form
    @usableFromInline var isNegative: Bool

    /// Digits after the decimal point when printed (PostgreSQL's dscale).
    public var displayScale: Int { Int(scaleStorage) }

    static let base = 10_000
    static let halfBase = 5_000
    static let decimalDigitsPerDigit = 4
    /// NUMERIC_MAX_DISPLAY_SCALE.
    static let maximumDisplayScale = 1_000
    /// NUMERIC_MAX_RESULT_SCALE.
    static let maximumResultScale = 2_000
    /// NUMERIC_MIN_SIG_DIGITS: results of division and functions get at least this many digits.
    static let minimumSignificantDigits = 16
    /// NUMERIC_WEIGHT_MAX and NUMERIC_DSCALE_MAX: the limits of PostgreSQL's storage format.
    static let maximumWeight = 32_767
    static let maximumStoredScale = 0x3FFF

    init(form: Form) {
        self.form = form
        isNegative = false
        weight = 0
        scaleStorage = 0
        digits = []
    }

    /// A finite value from raw parts; normalizes leading and trailing zero digits (invariant 1).
    init(negative: Bool, weight: Int, scale: Int, digits: [Int16]) {
        form = .finite
        isNegative = negative
        self.weight = Int32(clamping: weight)
        scaleStorage = Int16(clamping: scale)
        self.digits = digits
        normalize()
    }

    /// Strips leading and trailing zero digits and canonicalizes zero (PostgreSQL's strip_var).
    mutating func normalize() {
        var leading = 0
        while leading < digits.count && digits[leading] == 0 { leading += 1 }
        if leading == digits.count {
            digits.removeAll()
            weight = 0
            isNegative = false
            return
        }
        var trailing = digits.count
        while digits[trailing - 1] == 0 { trailing -= 1 }
        if leading > 0 || trailing < digits.count {
            digits = Array(digits[leading..<trailing])
            weight -= Int32(leading)
        }
    }

    public static let zero = Numeric(negative: false, weight: 0, scale: 0, digits: [])
    public static let one = Numeric(negative: false, weight: 0, scale: 0, digits: [1])
    public static let nan = Numeric(form: .nan)
    public static let infinity = Numeric(form: .positiveInfinity)
    public static let negativeInfinity = Numeric(form: .negativeInfinity)

    public var isNaN: Bool { form == .nan }
    public var isInfinite: Bool { form == .positiveInfinity || form == .negativeInfinity }
    public var isFinite: Bool { form == .finite }
    /// True for a finite zero.
    public var isZero: Bool { form == .finite && digits.isEmpty }

    /// -1, 0 or 1; NaN has sign 0 here (callers check `isNaN` first).
    public var signum: Int {
        switch form {
        case .nan: 0
        case .positiveInfinity: 1
        case .negativeInfinity: -1
        case .finite: digits.isEmpty ? 0 : (isNegative ? -1 : 1)
        }
    }

    /// True when the value has no fractional part (finite values only).
    var isInteger: Bool { form == .finite && Int(weight) + 1 >= digits.count }

    /// The same value with another display scale (no rounding: callers ensure invariant 3).
    func withDisplayScale(_ scale: Int) -> Numeric {
        var copy = self
        copy.scaleStorage = Int16(clamping: scale)
        return copy
    }

    /// Checks the limits of PostgreSQL's storage format (make_result's overflow check).
    func checkedForStorage() throws(DatabaseError) -> Numeric {
        if form == .finite && (Int(weight) > Self.maximumWeight || displayScale > Self.maximumStoredScale) {
            throw DatabaseError(.numericValueOutOfRange, "value overflows numeric format")
        }
        return self
    }

    /// The number of decimal digits after the point that the stored digits hold.
    var storedFractionDigits: Int {
        max(0, (digits.count - Int(weight) - 1) * Self.decimalDigitsPerDigit)
    }
}

extension Numeric {
    /// The exact value of an integer.
    public init(_ value: Int64) {
        if value == 0 {
            self = .zero
            return
        }
        var magnitude = value.magnitude
        var reversed: [Int16] = []
        while magnitude > 0 {
            reversed.append(Int16(magnitude % 10_000))
            magnitude /= 10_000
        }
        self.init(negative: value < 0, weight: reversed.count - 1, scale: 0, digits: reversed.reversed())
    }

    /// The exact value of an integer.
    public init(_ value: Int) { self.init(Int64(value)) }
}
