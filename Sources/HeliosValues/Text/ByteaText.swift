// Text input and output of bytea as PostgreSQL with bytea_output = 'hex'.
// Output: "\x" then two lowercase hex digits per byte.
// Input: "\x" followed by hex digit pairs (whitespace allowed between pairs), or the escape
// format: any byte but backslash stands for itself, "\\" is a backslash and "\ooo" (three octal
// digits, the first 0-3) is that byte.

public import HeliosCore

/// Parsing and printing of bytea values.
public enum ByteaText {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// byteaout with bytea_output = hex.
    public static func format(_ bytes: [UInt8]) -> String {
        var text = [UInt8]()
        text.reserveCapacity(2 + bytes.count * 2)
        text.append(UInt8(ascii: "\\"))
        text.append(UInt8(ascii: "x"))
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// byteain.
    public static func parse(_ text: String) throws(DatabaseError) -> [UInt8] {
        let bytes = Array(text.utf8)
        if bytes.count >= 2 && bytes[0] == UInt8(ascii: "\\") && bytes[1] == UInt8(ascii: "x") {
            return try decodeHex(bytes[2...])
        }
        return try decodeEscape(bytes)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }

    /// hex_decode: pairs of hex digits, whitespace allowed between pairs.
    static func decodeHex(_ bytes: ArraySlice<UInt8>) throws(DatabaseError) -> [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 32 || byte == 9 || byte == 10 || byte == 13 {
                index += 1
                continue
            }
            guard let high = hexValue(byte) else { throw invalidHexDigit(byte) }
            index += 1
            guard index < bytes.endIndex else {
                throw DatabaseError(.invalidParameterValue, "invalid hexadecimal data: odd number of digits")
            }
            guard let low = hexValue(bytes[index]) else { throw invalidHexDigit(bytes[index]) }
            index += 1
            result.append(high << 4 | low)
        }
        return result
    }

    private static func invalidHexDigit(_ byte: UInt8) -> DatabaseError {
        let character = String(decoding: [byte], as: UTF8.self)
        return DatabaseError(.invalidParameterValue, "invalid hexadecimal digit: \"\(character)\"")
    }

    private static func decodeEscape(_ bytes: [UInt8]) throws(DatabaseError) -> [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte != UInt8(ascii: "\\") {
                result.append(byte)
                index += 1
            } else if isOctalEscape(bytes, at: index) {
                let value = (bytes[index + 1] - 48) << 6 | (bytes[index + 2] - 48) << 3 | (bytes[index + 3] - 48)
                result.append(value)
                index += 4
            } else if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\\") {
                result.append(UInt8(ascii: "\\"))
                index += 2
            } else {
                throw DatabaseError(.invalidTextRepresentation, "invalid input syntax for type bytea")
            }
        }
        return result
    }

    private static func isOctalEscape(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index + 3 < bytes.count else { return false }
        let first = bytes[index + 1], second = bytes[index + 2], third = bytes[index + 3]
        return first >= 48 && first <= 51 && second >= 48 && second <= 55 && third >= 48 && third <= 55
    }

    /// The escape format PostgreSQL prints with bytea_output = escape (used by encode(x, 'escape')).
    public static func formatEscape(_ bytes: [UInt8]) -> String {
        var text = [UInt8]()
        for byte in bytes {
            if byte == UInt8(ascii: "\\") {
                text.append(contentsOf: [92, 92])
            } else if byte < 0x20 || byte > 0x7e {
                text.append(UInt8(ascii: "\\"))
                text.append(48 + (byte >> 6))
                text.append(48 + ((byte >> 3) & 7))
                text.append(48 + (byte & 7))
            } else {
                text.append(byte)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
