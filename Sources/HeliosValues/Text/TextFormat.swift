// The text format of every type, in one place: `parse` is PostgreSQL's type input function
// called with the column's typmod (so numeric(p,s) rounds, varchar(n) checks its length,
// character(n) pads, timestamp(p) rounds), and `format` is the type output function. This is
// what the wire protocol sends in text mode and what casts to and from text use.

public import HeliosCore

/// Text input and output of values.
public enum TextFormat {
    /// The value of `text` read as `type` (the type's input function with its typmod).
    public static func parse(_ text: String, as type: SQLType, settings: SessionSettings = .standard)
        throws(DatabaseError) -> SQLValue
    {
        if type.isVector {
            return .array(try ArrayText.parseVector(text, elementType: SQLType(type.kind)))
        }
        if type.isArray {
            return .array(try ArrayText.parse(text, elementType: SQLType(type.kind, modifier: type.modifier), settings: settings))
        }
        switch type.kind {
        case .boolean: return .bool(try BooleanText.parse(text))
        case .smallint: return .int16(try IntegerText.parseSmallint(text))
        case .integer: return .int32(try IntegerText.parseInteger(text))
        case .bigint: return .int64(try IntegerText.parseBigint(text))
        case .real: return .float32(try FloatText.parseFloat(text))
        case .doublePrecision: return .float64(try FloatText.parseDouble(text))
        case .numeric: return .numeric(try Numeric(parsing: text, modifier: type.modifier))
        case .text, .unknown: return .text(text)
        case .varchar: return .text(try CharacterText.coerceVarchar(text, modifier: type.modifier, isExplicit: false))
        case .character: return .character(try CharacterText.coerceCharacter(text, modifier: type.modifier, isExplicit: false))
        case .name: return .text(CharacterText.coerceName(text))
        case .singleCharacter: return .text(CharacterText.coerceSingleCharacter(text))
        case .bytea: return .bytes(try ByteaText.parse(text))
        case .date: return .date(try DateTimeText.parseDate(text, settings: settings))
        case .time: return .time(try DateTimeText.parseTime(text, modifier: type.modifier, settings: settings))
        case .timeWithTimeZone:
            return .timeWithTimeZone(try DateTimeText.parseTimeWithTimeZone(text, modifier: type.modifier, settings: settings))
        case .timestamp: return .timestamp(try DateTimeText.parseTimestamp(text, modifier: type.modifier, settings: settings))
        case .timestampWithTimeZone:
            return .timestampWithTimeZone(try DateTimeText.parseTimestampWithTimeZone(text, modifier: type.modifier, settings: settings))
        case .interval: return .interval(try DateTimeText.parseInterval(text, modifier: type.modifier, settings: settings))
        case .uuid: return .uuid(try UUIDText.parse(text))
        case .json:
            try JSONParser.validate(text)
            return .json(text)
        case .jsonb:
            let value = try JSONParser.parse(text, forJSONB: true)
            return .jsonb(JSONBOrdering.text(JSONBOrdering.canonical(value)))
        case .oid: return .oid(try IntegerText.parseOID(text))
        case .regtype: return .oid(try RegisteredType.parse(text))
        case .regclass, .regproc, .regnamespace, .regrole:
            // regclassin and its kin: a number is taken as is; a name needs the catalog.
            if let number = try? IntegerText.parseOID(text) { return .oid(number) }
            guard let names = settings.objectNames else { return .oid(try IntegerText.parseOID(text)) }
            return .oid(try names.oid(named: text, kind: type.kind))
        case .any, .anyElement, .anyArray, .anyNonArray, .anyCompatible, .anyCompatibleArray, .record, .void:
            throw DatabaseError(.featureNotSupported, "cannot accept a value of type \(type.formatted)")
        }
    }

    /// The text of `value` (the output function of its type). `type` matters only for the reg*
    /// types, whose values print as names, and the vector types; other values print from their
    /// own case.
    public static func format(_ value: SQLValue, as type: SQLType? = nil, settings: SessionSettings = .standard) -> String {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag ? "t" : "f"
        case .int16(let number): return String(number)
        case .int32(let number): return String(number)
        case .int64(let number): return String(number)
        case .float32(let number): return FloatText.format(number, extraFloatDigits: settings.extraFloatDigits)
        case .float64(let number): return FloatText.format(number, extraFloatDigits: settings.extraFloatDigits)
        case .numeric(let number): return number.description
        case .text(let string), .character(let string), .json(let string), .jsonb(let string): return string
        case .bytes(let bytes): return settings.byteaOutputHex ? ByteaText.format(bytes) : ByteaText.formatEscape(bytes)
        case .date(let days): return DateTimeText.formatDate(days, settings: settings)
        case .time(let time): return DateTimeText.formatTime(time)
        case .timeWithTimeZone(let time): return DateTimeText.formatTimeWithTimeZone(time)
        case .timestamp(let time): return DateTimeText.formatTimestamp(time, settings: settings)
        case .timestampWithTimeZone(let time): return DateTimeText.formatTimestampWithTimeZone(time, settings: settings)
        case .interval(let interval): return DateTimeText.formatInterval(interval, settings: settings)
        case .uuid(let uuid): return UUIDText.format(uuid)
        case .oid(let oid):
            guard let type, !type.isArray else { return String(oid) }
            switch type.kind {
            case .regtype, .regclass, .regproc, .regnamespace, .regrole:
                // regclassout and its kin print 0 as "-" and a missing object's number.
                if oid == 0 { return "-" }
                if type.kind == .regtype { return RegisteredType.format(oid) }
                return settings.objectNames?.name(of: oid, kind: type.kind) ?? String(oid)
            default: return String(oid)
            }
        case .array(let array):
            if type?.isVector == true { return ArrayText.formatVector(array, settings: settings) }
            return ArrayText.format(array, settings: settings)
        case .record(let fields):
            return RecordText.format(fields, type: type, settings: settings)
        }
    }
}

/// regtype input and output for the built-in types: names as format_type prints them.
public enum RegisteredType {
    /// regtypeout: the type's name, or the number for an unknown OID.
    public static func format(_ oid: UInt32) -> String {
        SQLType(oid: oid).map(\.nameWithoutModifier) ?? String(oid)
    }

    /// regtypein: a number, or a type name the lookup knows.
    public static func parse(_ text: String) throws(DatabaseError) -> UInt32 {
        if let number = UInt32(text) { return number }
        var name = text.trimmingSpaces
        var modifiers: [Int] = []
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            let inside = name[name.index(after: open)..<name.index(before: name.endIndex)]
            modifiers = inside.split(separator: ",").compactMap { Int($0.trimmingSpaces) }
            name = String(name[..<open]).trimmingSpaces
        }
        return try SQLType.named(name, modifiers: modifiers).oid
    }
}

extension StringProtocol {
    /// The text without leading and trailing ASCII white space.
    var trimmingSpaces: String {
        var utf8 = Substring(self).utf8[...]
        while let first = utf8.first, FloatText.isSpace(first) { utf8 = utf8.dropFirst() }
        while let last = utf8.last, FloatText.isSpace(last) { utf8 = utf8.dropLast() }
        return String(Substring(utf8))
    }
}
