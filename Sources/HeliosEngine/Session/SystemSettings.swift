// Server-wide settings: what ALTER SYSTEM SET writes. They are kept in the store (tree
// `helios.system_settings`), so they outlive restarts, and take effect at once — PostgreSQL
// writes postgresql.auto.conf and waits for a reload; HeliosDB has no file to reload. The
// autopilot's settings (helios.*) exist only here; a PostgreSQL parameter set this way becomes
// the default of sessions that start afterwards.

public import HeliosCore
public import HeliosStorage
package import Synchronization

package final class SystemSettings: Sendable {
    /// A server-wide parameter: its default and how a value is checked (nil: invalid).
    struct Definition: Sendable {
        var name: String
        var defaultValue: String
        var normalize: @Sendable (String) -> String?
    }

    static let definitions: [Definition] = [
        Definition(name: "helios.autopilot", defaultValue: "auto") { value in
            let lowered = value.lowercased()
            return ["off", "recommend", "auto"].contains(lowered) ? lowered : nil
        },
        Definition(name: "helios.workload_capture", defaultValue: "on", normalize: boolean),
        // The autopilot's indexes may take this much: a percentage of the data's size or bytes.
        Definition(name: "helios.autopilot_index_budget", defaultValue: "50%") { value in
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("%"), let percent = Double(trimmed.dropLast()), percent >= 0 { return trimmed }
            return Session.memoryBytes(trimmed) != nil ? trimmed : nil
        },
        // How often the autopilot looks at the workload.
        Definition(name: "helios.autopilot_interval", defaultValue: "5s", normalize: duration),
        // The recent past whose templates the advisor weighs.
        Definition(name: "helios.autopilot_window", defaultValue: "60s", normalize: duration),
        // Fewer calls than this in the window: the template is too rare to build an index for.
        Definition(name: "helios.autopilot_min_calls", defaultValue: "20", normalize: count),
        // How long a new index's templates are watched before it is kept or reverted.
        Definition(name: "helios.autopilot_validation_window", defaultValue: "20s", normalize: duration),
        // An autopilot index no plan read for this long is dropped.
        Definition(name: "helios.autopilot_prune_after", defaultValue: "10min", normalize: duration),
        // At most this many indexes built per hour.
        Definition(name: "helios.autopilot_max_builds_per_hour", defaultValue: "12", normalize: count),
        // Whether the autopilot may drop indexes users created (otherwise it only recommends).
        Definition(name: "helios.autopilot_drop_user_indexes", defaultValue: "off", normalize: boolean),
        // Whether the autopilot publishes learned estimate corrections (LearnedEstimates). Off
        // until they are proven on the proof benchmark: with parameterized filters, whose
        // selectivity varies per value, they changed every pass and misled the index advisor.
        Definition(name: "helios.autopilot_learned_estimates", defaultValue: "off", normalize: boolean),
    ]

    private static func boolean(_ value: String) -> String? {
        switch value.lowercased() {
        case "on", "true", "yes", "1": return "on"
        case "off", "false", "no", "0": return "off"
        default: return nil
        }
    }

    private static func duration(_ value: String) -> String? {
        Session.milliseconds(value).map { _ in value.trimmingCharacters(in: .whitespaces) }
    }

    private static func count(_ value: String) -> String? {
        Int(value.trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 ? String($0) : nil }
    }

    static func definition(_ name: String) -> Definition? {
        definitions.first { $0.name == name.lowercased() }
    }

    private let tree: TreeID
    /// The values ALTER SYSTEM set (canonical name → value).
    private let overrides: Mutex<[String: String]>
    /// Read on every statement: whether the workload capture counts it.
    package let captureEnabled = Atomic<Bool>(true)

    package init(store: Store) throws(DatabaseError) {
        let txn = try store.beginWrite()
        var loaded: [String: String] = [:]
        do {
            tree = try TransactionManager.tree(named: "helios.system_settings", in: txn)
            let cursor = try txn.cursor(tree)
            var more = try cursor.first()
            while more {
                loaded[String(decoding: cursor.key, as: UTF8.self)] = String(decoding: try cursor.value(), as: UTF8.self)
                more = try cursor.next()
            }
            try txn.commit()
        } catch {
            txn.rollback()
            throw error
        }
        overrides = Mutex(loaded)
        captureEnabled.store(value("helios.workload_capture") == "on", ordering: .relaxed)
    }

    /// A server-wide parameter's value: what ALTER SYSTEM set, else its default.
    package func value(_ name: String) -> String {
        let key = name.lowercased()
        if let set = overrides.withLock({ $0[key] }) { return set }
        return Self.definition(key)?.defaultValue ?? ""
    }

    /// The PostgreSQL parameters ALTER SYSTEM set (new sessions start with them).
    package var sessionDefaults: [(name: String, value: String)] {
        overrides.withLock { values in values.filter { !$0.key.hasPrefix("helios.") }.map { ($0.key, $0.value) } }
    }

    /// ALTER SYSTEM SET `name` = `value` (nil: RESET), durable before it returns.
    package func set(_ name: String, to value: String?, store: Store) throws(DatabaseError) {
        let key = name.lowercased()
        var stored = value
        if let value, let definition = Self.definition(key) {
            guard let normalized = definition.normalize(value) else {
                throw DatabaseError(.invalidParameterValue, "invalid value for parameter \"\(definition.name)\": \"\(value)\"")
            }
            stored = normalized
        }
        let txn = try store.beginWrite()
        do {
            if let stored {
                _ = try txn.put(Array(key.utf8), Array(stored.utf8), in: tree)
            } else {
                _ = try txn.delete(Array(key.utf8), in: tree)
            }
            try txn.commit()
        } catch {
            txn.rollback()
            throw error
        }
        overrides.withLock { $0[key] = stored }
        captureEnabled.store(self.value("helios.workload_capture") == "on", ordering: .relaxed)
    }

    /// ALTER SYSTEM RESET ALL.
    package func resetAll(store: Store) throws(DatabaseError) {
        for name in overrides.withLock({ Array($0.keys) }) { try set(name, to: nil, store: store) }
    }
}
