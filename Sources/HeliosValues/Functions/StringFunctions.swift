// String and bytea functions with PostgreSQL's semantics: lengths count characters (code
// points), character(n) arguments lose their trailing spaces except in octet_length, substr
// rejects a negative length (22011), lpad/rpad truncate, split_part counts from the end for a
// negative field (zero is 22023), chr rejects 0, surrogates and values beyond U+10FFFF.

import HeliosCore

/// String functions.
public enum StringFunctions {
    static func text(_ value: SQLValue) -> String { TextOperatorEntries.string(value) }
    static func integer(_ value: SQLValue) -> Int64 { value.integerValue ?? 0 }

    static func textFunction(_ name: String, _ parameters: [SQLType] = [.text], result: SQLType = .text,
                             _ body: @escaping @Sendable ([SQLValue]) throws(DatabaseError) -> SQLValue) -> FunctionOverload {
        FunctionOverload(name, parameters, result) { arguments, _ throws(DatabaseError) in try body(arguments) }
    }

    /// Characters (code points) of a string.
    static func scalars(_ string: String) -> [Unicode.Scalar] { Array(string.unicodeScalars) }

    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// text_substring: characters start ..< start + count (1-based, may start before 1).
    static func substring(_ value: String, start: Int64, count: Int64?) throws(DatabaseError) -> String {
        if let count, count < 0 {
            throw DatabaseError(.substringError, "negative substring length not allowed")
        }
        let characters = scalars(value)
        let first = max(start, 1)
        let end: Int64 = count.map { start.addingReportingOverflow($0).overflow ? Int64.max : start + $0 } ?? Int64.max
        if end <= first || first > Int64(characters.count) { return "" }
        let upper = min(end, Int64(characters.count) + 1)
        return string(characters[Int(first - 1)..<Int(upper - 1)])
    }

    static func byteSubstring(_ bytes: [UInt8], start: Int64, count: Int64?) throws(DatabaseError) -> [UInt8] {
        if let count, count < 0 {
            throw DatabaseError(.substringError, "negative substring length not allowed")
        }
        let first = max(start, 1)
        let end: Int64 = count.map { start.addingReportingOverflow($0).overflow ? Int64.max : start + $0 } ?? Int64.max
        if end <= first || first > Int64(bytes.count) { return [] }
        let upper = min(end, Int64(bytes.count) + 1)
        return Array(bytes[Int(first - 1)..<Int(upper - 1)])
    }

    /// strpos: 1-based character position of `needle`, 0 when absent.
    static func position(of needle: String, in haystack: String) -> Int32 {
        let hay = scalars(haystack), search = scalars(needle)
        if search.isEmpty { return 1 }
        if search.count > hay.count { return 0 }
        for start in 0...(hay.count - search.count) where hay[start] == search[0] {
            if hay[start..<(start + search.count)].elementsEqual(search) { return Int32(start + 1) }
        }
        return 0
    }

    static func trim(_ value: String, characters: String, leading: Bool, trailing: Bool) -> String {
        let set = Set(characters.unicodeScalars)
        var list = scalars(value)[...]
        if leading { while let first = list.first, set.contains(first) { list = list.dropFirst() } }
        if trailing { while let last = list.last, set.contains(last) { list = list.dropLast() } }
        return string(list)
    }

    static func byteTrim(_ value: [UInt8], characters: [UInt8], leading: Bool, trailing: Bool) -> [UInt8] {
        let set = Set(characters)
        var list = value[...]
        if leading { while let first = list.first, set.contains(first) { list = list.dropFirst() } }
        if trailing { while let last = list.last, set.contains(last) { list = list.dropLast() } }
        return Array(list)
    }

    static func pad(_ value: String, length: Int64, fill: String, left: Bool) throws(DatabaseError) -> String {
        let characters = scalars(value)
        let target = Int(clamping: max(length, 0))
        if target > 268_435_455 { throw DatabaseError(.programLimitExceeded, "requested length too large") }
        if characters.count >= target { return string(characters.prefix(target)) }
        let filler = scalars(fill)
        if filler.isEmpty { return value }
        var padding: [Unicode.Scalar] = []
        padding.reserveCapacity(target - characters.count)
        while padding.count < target - characters.count { padding.append(filler[padding.count % filler.count]) }
        return left ? string(padding + characters) : string(characters + padding)
    }

    static func splitPart(_ value: String, delimiter: String, field: Int64) throws(DatabaseError) -> String {
        if field == 0 { throw DatabaseError(.invalidParameterValue, "field position must not be zero") }
        if value.isEmpty { return "" }
        if delimiter.isEmpty { return field == 1 || field == -1 ? value : "" }
        let parts = value.splitBytes(on: delimiter)
        let index = field > 0 ? field - 1 : Int64(parts.count) + field
        return index >= 0 && index < Int64(parts.count) ? parts[Int(index)] : ""
    }

    static func translate(_ value: String, from: String, to: String) -> String {
        let source = scalars(from), target = scalars(to)
        var result: [Unicode.Scalar] = []
        for scalar in value.unicodeScalars {
            if let index = source.firstIndex(of: scalar) {
                if index < target.count { result.append(target[index]) }
            } else {
                result.append(scalar)
            }
        }
        return string(result)
    }

    static func character(_ code: Int64) throws(DatabaseError) -> String {
        if code < 0 { throw DatabaseError(.invalidParameterValue, "character number must be positive") }
        if code == 0 { throw DatabaseError(.programLimitExceeded, "null character not permitted") }
        if code > 0x10FFFF {
            throw DatabaseError(.programLimitExceeded, "requested character too large for encoding: \(code)")
        }
        guard let scalar = Unicode.Scalar(UInt32(code)) else {
            throw DatabaseError(.programLimitExceeded, "requested character not valid for encoding: \(code)")
        }
        return String(Character(scalar))
    }

    static func hex(_ value: UInt64) -> String { String(value, radix: 16) }

    /// Keywords that quote_ident must quote (PostgreSQL 15's reserved, type/function-name and
    /// column-name keywords).
    static let quotedKeywords: Set<String> = Set("""
        all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast \
        char character check coalesce collate collation column concurrently constraint create cross current_catalog \
        current_date current_role current_schema current_time current_timestamp current_user dec decimal default \
        deferrable desc distinct do else end except exists extract false fetch float for foreign freeze from full grant \
        greatest group grouping having ilike in initially inner inout int integer intersect interval into is isnull join \
        lateral leading least left like limit localtime localtimestamp national natural nchar none normalize not notnull \
        null nullif numeric offset on only or order out outer overlaps overlay placing position precision primary real \
        references returning right row select session_user setof similar smallint some substring symmetric table \
        tablesample then time timestamp to trailing treat trim true union unique user using values varchar variadic \
        verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse \
        xmlpi xmlroot xmlserialize xmltable
        """.split(separator: " ").map(String.init))

    /// quote_ident.
    public static func quoteIdentifier(_ identifier: String) -> String {
        var safe = false
        if let first = identifier.utf8.first {
            safe = (first >= 97 && first <= 122) || first == 95
            if safe {
                safe = identifier.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
            }
        }
        if safe && !quotedKeywords.contains(identifier) { return identifier }
        return "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// quote_literal.
    public static func quoteLiteral(_ literal: String) -> String {
        var body = ""
        var hasBackslash = false
        for character in literal {
            if character == "'" { body += "''" } else if character == "\\" {
                body += "\\\\"
                hasBackslash = true
            } else {
                body.append(character)
            }
        }
        return (hasBackslash ? "E'" : "'") + body + "'"
    }

    static let overloads: [FunctionOverload] = {
        var list: [FunctionOverload] = []
        for name in ["length", "char_length", "character_length"] {
            list.append(textFunction(name, result: .integer) { .int32(Int32(text($0[0]).unicodeScalars.count)) })
            list.append(textFunction(name, [.character], result: .integer) { .int32(Int32(text($0[0]).unicodeScalars.count)) })
        }
        list.append(textFunction("length", [.bytea], result: .integer) { .int32(Int32(TextOperatorEntries.bytes($0[0]).count)) })
        list.append(textFunction("octet_length", result: .integer) { .int32(Int32(text($0[0]).utf8.count)) })
        list.append(textFunction("octet_length", [.character], result: .integer) { arguments in
            .int32(Int32((arguments[0].stringValue ?? "").utf8.count))
        })
        list.append(textFunction("octet_length", [.bytea], result: .integer) { .int32(Int32(TextOperatorEntries.bytes($0[0]).count)) })
        list.append(textFunction("bit_length", result: .integer) { .int32(Int32(text($0[0]).utf8.count * 8)) })
        list.append(textFunction("bit_length", [.bytea], result: .integer) { .int32(Int32(TextOperatorEntries.bytes($0[0]).count * 8)) })
        list.append(textFunction("lower") { .text(StringCase.lower(text($0[0]))) })
        list.append(textFunction("upper") { .text(StringCase.upper(text($0[0]))) })
        list.append(textFunction("initcap") { .text(StringCase.initialCapitals(text($0[0]))) })
        for name in ["substr", "substring"] {
            list.append(textFunction(name, [.text, .integer]) { arguments throws(DatabaseError) in
                .text(try substring(text(arguments[0]), start: integer(arguments[1]), count: nil))
            })
            list.append(textFunction(name, [.text, .integer, .integer]) { arguments throws(DatabaseError) in
                .text(try substring(text(arguments[0]), start: integer(arguments[1]), count: integer(arguments[2])))
            })
            list.append(textFunction(name, [.bytea, .integer], result: .bytea) { arguments throws(DatabaseError) in
                .bytes(try byteSubstring(TextOperatorEntries.bytes(arguments[0]), start: integer(arguments[1]), count: nil))
            })
            list.append(textFunction(name, [.bytea, .integer, .integer], result: .bytea) { arguments throws(DatabaseError) in
                .bytes(try byteSubstring(TextOperatorEntries.bytes(arguments[0]), start: integer(arguments[1]), count: integer(arguments[2])))
            })
        }
        for name in ["position", "strpos"] {
            list.append(textFunction(name, [.text, .text], result: .integer) { arguments in
                .int32(position(of: text(arguments[1]), in: text(arguments[0])))
            })
        }
        list.append(textFunction("position", [.bytea, .bytea], result: .integer) { arguments in
            let hay = TextOperatorEntries.bytes(arguments[0]), needle = TextOperatorEntries.bytes(arguments[1])
            if needle.isEmpty { return .int32(1) }
            guard needle.count <= hay.count else { return .int32(0) }
            for start in 0...(hay.count - needle.count) where hay[start..<(start + needle.count)].elementsEqual(needle) {
                return .int32(Int32(start + 1))
            }
            return .int32(0)
        })
        for (name, leading, trailing) in [("btrim", true, true), ("ltrim", true, false), ("rtrim", false, true)] {
            list.append(textFunction(name) { .text(trim(text($0[0]), characters: " ", leading: leading, trailing: trailing)) })
            list.append(textFunction(name, [.text, .text]) { arguments in
                .text(trim(text(arguments[0]), characters: text(arguments[1]), leading: leading, trailing: trailing))
            })
            list.append(textFunction(name, [.bytea, .bytea], result: .bytea) { arguments in
                .bytes(byteTrim(TextOperatorEntries.bytes(arguments[0]), characters: TextOperatorEntries.bytes(arguments[1]),
                                leading: leading, trailing: trailing))
            })
        }
        for (name, left) in [("lpad", true), ("rpad", false)] {
            list.append(textFunction(name, [.text, .integer]) { arguments throws(DatabaseError) in
                .text(try pad(text(arguments[0]), length: integer(arguments[1]), fill: " ", left: left))
            })
            list.append(textFunction(name, [.text, .integer, .text]) { arguments throws(DatabaseError) in
                .text(try pad(text(arguments[0]), length: integer(arguments[1]), fill: text(arguments[2]), left: left))
            })
        }
        list.append(textFunction("left", [.text, .integer]) { arguments in
            let characters = scalars(text(arguments[0])), count = integer(arguments[1])
            let kept = count >= 0 ? min(Int(clamping: count), characters.count) : max(characters.count + Int(clamping: count), 0)
            return .text(string(characters.prefix(kept)))
        })
        list.append(textFunction("right", [.text, .integer]) { arguments in
            let characters = scalars(text(arguments[0])), count = integer(arguments[1])
            let kept = count >= 0 ? min(Int(clamping: count), characters.count) : max(characters.count + Int(clamping: count), 0)
            return .text(string(characters.suffix(kept)))
        })
        list.append(textFunction("repeat", [.text, .integer]) { arguments throws(DatabaseError) in
            let value = text(arguments[0]), count = integer(arguments[1])
            if count <= 0 || value.isEmpty { return .text("") }
            if Int64(value.utf8.count) * count > 1_073_741_823 {
                throw DatabaseError(.programLimitExceeded, "requested length too large")
            }
            return .text(String(repeating: value, count: Int(count)))
        })
        list.append(textFunction("replace", [.text, .text, .text]) { arguments in
            let value = text(arguments[0]), target = text(arguments[1])
            if target.isEmpty { return .text(value) }
            return .text(value.splitBytes(on: target).joined(separator: text(arguments[2])))
        })
        list.append(textFunction("reverse") { .text(string(scalars(text($0[0])).reversed())) })
        list.append(textFunction("split_part", [.text, .text, .integer]) { arguments throws(DatabaseError) in
            .text(try splitPart(text(arguments[0]), delimiter: text(arguments[1]), field: integer(arguments[2])))
        })
        list.append(textFunction("translate", [.text, .text, .text]) { arguments in
            .text(translate(text(arguments[0]), from: text(arguments[1]), to: text(arguments[2])))
        })
        list.append(textFunction("ascii", result: .integer) { arguments in
            .int32(Int32(text(arguments[0]).unicodeScalars.first?.value ?? 0))
        })
        list.append(textFunction("chr", [.integer]) { arguments throws(DatabaseError) in .text(try character(integer(arguments[0]))) })
        list.append(textFunction("md5") { .text(MD5.hexDigest(Array(text($0[0]).utf8))) })
        list.append(textFunction("md5", [.bytea]) { .text(MD5.hexDigest(TextOperatorEntries.bytes($0[0]))) })
        list.append(textFunction("to_hex", [.integer]) { .text(hex(UInt64(UInt32(bitPattern: Int32(truncatingIfNeeded: integer($0[0])))))) })
        list.append(textFunction("to_hex", [.bigint]) { .text(hex(UInt64(bitPattern: integer($0[0])))) })
        list.append(textFunction("starts_with", [.text, .text], result: .boolean) { arguments in
            .bool(text(arguments[0]).utf8.starts(with: text(arguments[1]).utf8))
        })
        list.append(textFunction("quote_ident") { .text(quoteIdentifier(text($0[0]))) })
        list.append(textFunction("quote_literal") { .text(quoteLiteral(text($0[0]))) })
        list.append(FunctionOverload("quote_literal", [.anyElement], .text, volatility: .stable) { arguments, context throws(DatabaseError) in
            .text(quoteLiteral(TextFormat.format(arguments[0], settings: context.settings)))
        })
        list.append(FunctionOverload("quote_nullable", [.text], .text, isStrict: false) { arguments, _ throws(DatabaseError) in
            arguments[0].isNull ? .text("NULL") : .text(quoteLiteral(text(arguments[0])))
        })
        list.append(FunctionOverload("quote_nullable", [.anyElement], .text, volatility: .stable, isStrict: false) {
            arguments, context throws(DatabaseError) in
            arguments[0].isNull ? .text("NULL") : .text(quoteLiteral(TextFormat.format(arguments[0], settings: context.settings)))
        })
        list.append(textFunction("overlay", [.text, .text, .integer]) { arguments throws(DatabaseError) in
            let placing = text(arguments[1])
            return .text(try overlay(text(arguments[0]), placing, start: integer(arguments[2]),
                                     count: Int64(placing.unicodeScalars.count)))
        })
        list.append(textFunction("overlay", [.text, .text, .integer, .integer]) { arguments throws(DatabaseError) in
            .text(try overlay(text(arguments[0]), text(arguments[1]), start: integer(arguments[2]), count: integer(arguments[3])))
        })
        list.append(textFunction("get_byte", [.bytea, .integer], result: .integer) { arguments throws(DatabaseError) in
            let bytes = TextOperatorEntries.bytes(arguments[0]), index = integer(arguments[1])
            guard index >= 0 && index < Int64(bytes.count) else {
                throw DatabaseError(.arraySubscriptError, "index \(index) out of valid range, 0..\(bytes.count - 1)")
            }
            return .int32(Int32(bytes[Int(index)]))
        })
        list.append(textFunction("encode", [.bytea, .text]) { arguments throws(DatabaseError) in
            .text(try BinaryEncoding.encode(TextOperatorEntries.bytes(arguments[0]), format: text(arguments[1])))
        })
        list.append(textFunction("decode", [.text, .text], result: .bytea) { arguments throws(DatabaseError) in
            .bytes(try BinaryEncoding.decode(text(arguments[0]), format: text(arguments[1])))
        })
        return list
    }()

    /// overlay(string placing replacement from start for count).
    static func overlay(_ value: String, _ replacement: String, start: Int64, count: Int64) throws(DatabaseError) -> String {
        if start <= 0 { throw DatabaseError(.substringError, "negative substring length not allowed") }
        let head = try substring(value, start: 1, count: start - 1)
        let tail = try substring(value, start: start + count, count: nil)
        return head + replacement + tail
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement`, comparing UTF-8 bytes.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        splitBytes(on: target).joined(separator: replacement)
    }
}

/// encode() and decode(): base64, hex and escape.
enum BinaryEncoding {
    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8], format: String) throws(DatabaseError) -> String {
        switch format.lowercased() {
        case "hex":
            return String(ByteaText.format(bytes).dropFirst(2))
        case "escape":
            return ByteaText.formatEscape(bytes)
        case "base64":
            var text: [UInt8] = []
            var lineLength = 0
            var index = 0
            while index < bytes.count {
                let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
                let value = (UInt32(chunk[0]) << 16) | (chunk.count > 1 ? UInt32(chunk[1]) << 8 : 0) | (chunk.count > 2 ? UInt32(chunk[2]) : 0)
                if lineLength >= 76 {
                    text.append(10)
                    lineLength = 0
                }
                text.append(base64Alphabet[Int(value >> 18 & 63)])
                text.append(base64Alphabet[Int(value >> 12 & 63)])
                text.append(chunk.count > 1 ? base64Alphabet[Int(value >> 6 & 63)] : UInt8(ascii: "="))
                text.append(chunk.count > 2 ? base64Alphabet[Int(value & 63)] : UInt8(ascii: "="))
                lineLength += 4
                index += 3
            }
            return String(decoding: text, as: UTF8.self)
        default:
            throw DatabaseError(.invalidParameterValue, "unrecognized encoding: \"\(format)\"")
        }
    }

    static func decode(_ text: String, format: String) throws(DatabaseError) -> [UInt8] {
        switch format.lowercased() {
        case "hex":
            return try ByteaText.decodeHex(Array(text.utf8)[...])
        case "escape":
            return try ByteaText.parse(text.hasPrefix("\\x") ? "\\\\" + text.dropFirst() : text)
        case "base64":
            var result: [UInt8] = []
            var buffer: UInt32 = 0, bits = 0
            var sawEnd = false
            for byte in text.utf8 {
                if byte == 32 || byte == 9 || byte == 10 || byte == 13 { continue }
                if byte == UInt8(ascii: "=") {
                    sawEnd = true
                    continue
                }
                guard !sawEnd, let value = base64Alphabet.firstIndex(of: byte) else {
                    throw DatabaseError(.invalidParameterValue,
                                        "invalid symbol \"\(String(decoding: [byte], as: UTF8.self))\" found while decoding base64 sequence")
                }
                buffer = buffer << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    result.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                }
            }
            return result
        default:
            throw DatabaseError(.invalidParameterValue, "unrecognized encoding: \"\(format)\"")
        }
    }
}
