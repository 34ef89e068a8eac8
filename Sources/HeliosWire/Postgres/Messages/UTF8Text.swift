// UTF-8 checking for text that arrives from clients. PostgreSQL verifies every string a client
// sends against the server encoding (UTF8) and reports the first bad sequence as
// `invalid byte sequence for encoding "UTF8": 0xc3 0x28` (SQLSTATE 22021); we do the same.

public import HeliosCore

/// Decodes client text, rejecting invalid UTF-8 with PostgreSQL's error.
public enum UTF8Text {
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(DatabaseError) -> String
    where Bytes.Index == Int {
        if let badOffset = firstInvalidOffset(bytes) {
            throw invalidSequence(bytes, at: badOffset)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The offset of the first byte that does not start a valid sequence, or nil.
    public static func firstInvalidOffset<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int?
    where Bytes.Index == Int {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var lowest: UInt8 = 0x80, highest: UInt8 = 0xBF  // bounds of the second byte
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowest = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; highest = 0x9F  // no UTF-16 surrogates
            case 0xF0: length = 4; lowest = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; highest = 0x8F  // nothing above U+10FFFF
            default: return index - bytes.startIndex
            }
            guard end - index >= length else { return index - bytes.startIndex }
            let second = bytes[index + 1]
            guard second >= lowest, second <= highest else { return index - bytes.startIndex }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return index - bytes.startIndex
            }
            index += length
        }
        return nil
    }

    /// PostgreSQL's report: the bytes of the offending character, as many as its lead byte
    /// announces (at least one), in hex.
    static func invalidSequence<Bytes: Collection<UInt8>>(_ bytes: Bytes, at offset: Int) -> DatabaseError
    where Bytes.Index == Int {
        let start = bytes.startIndex + offset
        let lead = bytes[start]
        let announced = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        let shown = bytes[start..<min(start + announced, bytes.endIndex)]
        let hex = shown.map { byte in
            let digits = String(byte, radix: 16)
            return "0x" + (digits.count == 1 ? "0" + digits : digits)
        }
        return DatabaseError(SQLState.characterNotInRepertoire,
                             "invalid byte sequence for encoding \"UTF8\": " + hex.joined(separator: " "))
    }
}
