// Array functions: array_length, array_lower, array_upper, array_ndims, array_dims,
// cardinality, array_append / array_prepend / array_cat, array_position(s), array_remove,
// array_replace, array_to_string, string_to_array, and the set-returning unnest,
// string_to_table and generate_series.

import HeliosCore

/// Array functions and set-returning generators.
enum ArrayFunctions {
    static func subscripts(_ array: SQLArray, dimension: SQLValue, reverse: Bool) -> [SQLValue] {
        guard dimension.integerValue == 1, !array.elements.isEmpty else { return [] }
        let values = (array.lowerBound...array.upperBound).map { SQLValue.int32($0) }
        return reverse ? values.reversed() : values
    }

    static func array(_ value: SQLValue) -> SQLArray {
        if case .array(let array) = value { return array }
        return SQLArray(elementType: .text, elements: [])
    }

    static func text(_ value: SQLValue) -> String { TextOperatorEntries.string(value) }

    /// array_position / array_positions: subscripts (from the lower bound) of matching elements.
    static func positions(of target: SQLValue, in array: SQLArray, from start: Int64? = nil) -> [Int32] {
        var result: [Int32] = []
        for (offset, element) in array.elements.enumerated() {
            let index = Int64(array.lowerBound) + Int64(offset)
            if let start, index < start { continue }
            if ArrayOperations.isNotDistinct(element, target) { result.append(Int32(index)) }
        }
        return result
    }

    static func series(_ start: SQLValue, _ stop: SQLValue, _ step: SQLValue?) throws(DatabaseError) -> [SQLValue] {
        let stepZero = DatabaseError(.invalidParameterValue, "step size cannot equal zero")
        switch start {
        case .int32, .int64, .int16:
            let first = start.integerValue!, last = stop.integerValue!, increment = step?.integerValue ?? 1
            if increment == 0 { throw stepZero }
            var values: [SQLValue] = []
            var current = first
            let isBig = if case .int64 = start { true } else { false }
            while increment > 0 ? current <= last : current >= last {
                values.append(isBig ? .int64(current) : .int32(Int32(truncatingIfNeeded: current)))
                let (next, overflow) = current.addingReportingOverflow(increment)
                if overflow || values.count > 100_000_000 { break }
                current = next
            }
            return values
        case .numeric(let first):
            let last = NumericOperators.numeric(stop)
            let increment = step.map(NumericOperators.numeric) ?? .one
            for (value, name) in [(first, "start"), (last, "stop"), (increment, "step size")] where value.isNaN {
                throw DatabaseError(.invalidParameterValue, "\(name) value cannot be NaN")
            }
            for (value, name) in [(first, "start"), (last, "stop"), (increment, "step size")] where value.isInfinite {
                throw DatabaseError(.invalidParameterValue, "\(name) value cannot be infinity")
            }
            if increment.isZero { throw stepZero }
            var values: [SQLValue] = []
            var current = first
            while increment.signum > 0 ? Numeric.compare(current, last) <= 0 : Numeric.compare(current, last) >= 0 {
                values.append(.numeric(current))
                current = try current.adding(increment)
                if values.count > 100_000_000 { break }
            }
            return values
        case .timestamp(let first), .timestampWithTimeZone(let first):
            let last = DateTimeOperatorEntries.timestamp(stop)
            let increment = DateTimeOperatorEntries.interval(step ?? .null)
            let isZoned = if case .timestampWithTimeZone = start { true } else { false }
            let zero = Interval()
            if SQLValue.compare(.interval(increment), .interval(zero)) == 0 {
                throw DatabaseError(.invalidParameterValue, "step size cannot equal zero")
            }
            let ascending = SQLValue.compare(.interval(increment), .interval(zero)) > 0
            var values: [SQLValue] = []
            var current = first
            while ascending ? current <= last : current >= last {
                values.append(isZoned ? .timestampWithTimeZone(current) : .timestamp(current))
                current = try DateTimeArithmetic.add(increment, to: current, zone: nil)
                if values.count > 100_000_000 { break }
            }
            return values
        default:
            return []
        }
    }

    static let overloads: [FunctionOverload] = {
        var list: [FunctionOverload] = []
        list.append(FunctionOverload("array_length", [.anyArray, .integer], .integer) { arguments, _ throws(DatabaseError) in
            let value = array(arguments[0])
            return arguments[1].integerValue == 1 && !value.elements.isEmpty ? .int32(Int32(value.elements.count)) : .null
        })
        list.append(FunctionOverload("array_lower", [.anyArray, .integer], .integer) { arguments, _ throws(DatabaseError) in
            let value = array(arguments[0])
            return arguments[1].integerValue == 1 && !value.elements.isEmpty ? .int32(value.lowerBound) : .null
        })
        list.append(FunctionOverload("array_upper", [.anyArray, .integer], .integer) { arguments, _ throws(DatabaseError) in
            let value = array(arguments[0])
            return arguments[1].integerValue == 1 && !value.elements.isEmpty ? .int32(value.upperBound) : .null
        })
        list.append(FunctionOverload("array_ndims", [.anyArray], .integer) { arguments, _ throws(DatabaseError) in
            array(arguments[0]).elements.isEmpty ? .null : .int32(1)
        })
        list.append(FunctionOverload("array_dims", [.anyArray], .text) { arguments, _ throws(DatabaseError) in
            let value = array(arguments[0])
            return value.elements.isEmpty ? .null : .text("[\(value.lowerBound):\(value.upperBound)]")
        })
        list.append(FunctionOverload("cardinality", [.anyArray], .integer) { arguments, _ throws(DatabaseError) in
            .int32(Int32(array(arguments[0]).elements.count))
        })
        list.append(FunctionOverload("array_append", [.anyCompatibleArray, .anyCompatible], .anyCompatibleArray, isStrict: false) {
            arguments, _ throws(DatabaseError) in try ArrayOperations.append(arguments[0], arguments[1])
        })
        list.append(FunctionOverload("array_prepend", [.anyCompatible, .anyCompatibleArray], .anyCompatibleArray, isStrict: false) {
            arguments, _ throws(DatabaseError) in try ArrayOperations.prepend(arguments[0], arguments[1])
        })
        list.append(FunctionOverload("array_cat", [.anyCompatibleArray, .anyCompatibleArray], .anyCompatibleArray, isStrict: false) {
            arguments, _ throws(DatabaseError) in try ArrayOperations.concatenate(arguments[0], arguments[1])
        })
        list.append(FunctionOverload("array_position", [.anyCompatibleArray, .anyCompatible], .integer, isStrict: false) {
            arguments, _ throws(DatabaseError) in
            if arguments[0].isNull { return .null }
            return positions(of: arguments[1], in: array(arguments[0])).first.map { .int32($0) } ?? .null
        })
        list.append(FunctionOverload("array_position", [.anyCompatibleArray, .anyCompatible, .integer], .integer, isStrict: false) {
            arguments, _ throws(DatabaseError) in
            if arguments[0].isNull { return .null }
            guard let start = arguments[2].integerValue else {
                throw DatabaseError(.nullValueNotAllowed, "initial position must not be null")
            }
            return positions(of: arguments[1], in: array(arguments[0]), from: start).first.map { .int32($0) } ?? .null
        })
        list.append(FunctionOverload("array_positions", [.anyCompatibleArray, .anyCompatible], .array(of: .integer), isStrict: false) {
            arguments, _ throws(DatabaseError) in
            if arguments[0].isNull { return .null }
            let found = positions(of: arguments[1], in: array(arguments[0]))
            return .array(SQLArray(elementType: .integer, elements: found.map { .int32($0) }))
        })
        list.append(FunctionOverload("array_remove", [.anyCompatibleArray, .anyCompatible], .anyCompatibleArray, isStrict: false) {
            arguments, _ throws(DatabaseError) in
            if arguments[0].isNull { return .null }
            var value = array(arguments[0])
            value.elements.removeAll { ArrayOperations.isNotDistinct($0, arguments[1]) }
            if value.elements.isEmpty { value.lowerBound = 1 }
            return .array(value)
        })
        list.append(FunctionOverload("array_replace", [.anyCompatibleArray, .anyCompatible, .anyCompatible], .anyCompatibleArray,
                                     isStrict: false) { arguments, _ throws(DatabaseError) in
            if arguments[0].isNull { return .null }
            var value = array(arguments[0])
            value.elements = value.elements.map { ArrayOperations.isNotDistinct($0, arguments[1]) ? arguments[2] : $0 }
            return .array(value)
        })
        list.append(FunctionOverload("array_to_string", [.anyArray, .text], .text, volatility: .stable) { arguments, context throws(DatabaseError) in
            .text(ArrayOperations.joined(array(arguments[0]), delimiter: text(arguments[1]), nullString: nil, settings: context.settings))
        })
        list.append(FunctionOverload("array_to_string", [.anyArray, .text, .text], .text, volatility: .stable, isStrict: false) {
            arguments, context throws(DatabaseError) in
            if arguments[0].isNull || arguments[1].isNull { return .null }
            let nullString = arguments[2].isNull ? nil : text(arguments[2])
            return .text(ArrayOperations.joined(array(arguments[0]), delimiter: text(arguments[1]), nullString: nullString,
                                                settings: context.settings))
        })
        for parameters in [[SQLType.text, .text], [.text, .text, .text]] {
            list.append(FunctionOverload("string_to_array", parameters, .array(of: .text), isStrict: false) { arguments, _ throws(DatabaseError) in
                if arguments[0].isNull { return .null }
                let delimiter = arguments[1].isNull ? nil : text(arguments[1])
                let nullString = arguments.count > 2 && !arguments[2].isNull ? text(arguments[2]) : nil
                return .array(ArrayOperations.split(text(arguments[0]), delimiter: delimiter, nullString: nullString))
            })
            list.append(FunctionOverload("string_to_table", parameters, .text, isStrict: false, set: { arguments, _ throws(DatabaseError) in
                if arguments[0].isNull { return [] }
                let delimiter = arguments[1].isNull ? nil : text(arguments[1])
                let nullString = arguments.count > 2 && !arguments[2].isNull ? text(arguments[2]) : nil
                return ArrayOperations.split(text(arguments[0]), delimiter: delimiter, nullString: nullString).elements
            }))
        }
        list.append(FunctionOverload("unnest", [.anyArray], .anyElement, set: { arguments, _ throws(DatabaseError) in
            array(arguments[0]).elements
        }))
        // generate_subscripts(array, dimension [, reverse]): the subscripts of that dimension
        // (none for a dimension the array lacks), from its lower bound.
        list.append(FunctionOverload("generate_subscripts", [.anyArray, .integer], .integer, set: { arguments, _ throws(DatabaseError) in
            subscripts(array(arguments[0]), dimension: arguments[1], reverse: false)
        }))
        list.append(FunctionOverload("generate_subscripts", [.anyArray, .integer, .boolean], .integer, set: { arguments, _ throws(DatabaseError) in
            subscripts(array(arguments[0]), dimension: arguments[1], reverse: arguments[2] == .bool(true))
        }))
        for type in [SQLType.integer, .bigint, .numeric] {
            list.append(FunctionOverload("generate_series", [type, type], type, set: { arguments, _ throws(DatabaseError) in
                try series(arguments[0], arguments[1], nil)
            }))
            list.append(FunctionOverload("generate_series", [type, type, type], type, set: { arguments, _ throws(DatabaseError) in
                try series(arguments[0], arguments[1], arguments[2])
            }))
        }
        for type in [SQLType.timestamp, .timestampWithTimeZone] {
            list.append(FunctionOverload("generate_series", [type, type, .interval], type,
                                         volatility: type == .timestamp ? .immutable : .stable, set: { arguments, _ throws(DatabaseError) in
                try series(arguments[0], arguments[1], arguments[2])
            }))
        }
        return list
    }()
}
