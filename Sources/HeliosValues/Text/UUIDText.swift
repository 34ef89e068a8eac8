// Text input and output of uuid as PostgreSQL's uuid_in and uuid_out: 32 hex digits in any case,
// optionally inside braces, with an optional hyphen after any group of four digits; output is
// lowercase 8-4-4-4-12.

public import HeliosCore

/// Parsing and printing of uuid values.
public enum UUIDText {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// uuid_out.
    public static func format(_ value: UUIDValue) -> String {
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, byte) in value.bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// uuid_in.
    public static func parse(_ text: String) throws(DatabaseError) -> UUIDValue {
        guard let value = parseOrNil(Array(text.utf8)) else {
            throw DatabaseError(.invalidTextRepresentation, "invalid input syntax for type uuid: \"\(text)\"")
        }
        return value
    }

    private static func parseOrNil(_ bytes: [UInt8]) -> UUIDValue? {
        var index = 0
        var braces = false
        if bytes.first == UInt8(ascii: "{") {
            braces = true
            index = 1
        }
        var result = [UInt8]()
        result.reserveCapacity(16)
        for position in 0..<16 {
            guard index + 1 < bytes.count, let high = ByteaText.hexValue(bytes[index]),
                  let low = ByteaText.hexValue(bytes[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
            if position % 2 == 1 && position < 15 && index < bytes.count && bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
        }
        if braces {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "}") else { return nil }
            index += 1
        }
        guard index == bytes.count else { return nil }
        return UUIDValue(bytes: result)
    }
}
