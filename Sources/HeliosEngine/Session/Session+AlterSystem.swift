// ALTER SYSTEM: server-wide settings, kept in the data directory (SystemSettings). As in
// PostgreSQL only a superuser may run it, never inside a transaction block. The autopilot's
// settings (helios.*) are server-wide only: SET cannot change them for one session.

public import HeliosCore
public import HeliosSQL

extension Session {
    func runAlterSystem(_ alter: AlterSystemStatement) throws(DatabaseError) -> StatementResult {
        try refuseInTransactionBlock("ALTER SYSTEM")
        try requireSuperuser("ALTER SYSTEM")
        let name = alter.name.lowercased()
        let store = database.store
        if name == "all" && alter.values == nil {
            try database.systemSettings.resetAll(store: store)
            return StatementResult(columns: nil, rows: [], commandTag: "ALTER SYSTEM")
        }
        if SystemSettings.definition(name) == nil {
            guard SettingsStore.canonical(name) != nil, !name.contains(".") else {
                throw DatabaseError(.undefinedObject, "unrecognized configuration parameter \"\(alter.name)\"")
            }
            if SettingsStore.isReadOnly(name) {
                throw DatabaseError(.cantChangeRuntimeParam, "parameter \"\(alter.name)\" cannot be changed")
            }
            // Checked as SET would check it, on a scratch copy of this session's settings.
            var scratch = settings
            try scratch.set(name, to: alter.values.map { $0.map(Self.settingText).joined(separator: ", ") }, local: false,
                            inTransaction: false)
        }
        try database.systemSettings.set(name, to: alter.values.map { $0.map(Self.settingText).joined(separator: ", ") }, store: store)
        return StatementResult(columns: nil, rows: [], commandTag: "ALTER SYSTEM")
    }

    /// Throws 42501 unless the session's role is a superuser.
    func requireSuperuser(_ action: String) throws(DatabaseError) {
        let reader = try database.store.beginRead(latestCommitted: true)
        let snapshot = database.manager.snapshot()  // a short read, as Database.database(named:) makes
        let role = try database.roleCatalog.role(named: settings.user, access: .read(reader), snapshot: snapshot)
        if let role, role.isSuperuser { return }
        // Before the bootstrap superuser exists (an embedded database), the session may do anything.
        if role == nil, try database.roleCatalog.role(oid: .bootstrapSuperuser, access: .read(reader), snapshot: snapshot) == nil { return }
        throw DatabaseError(.insufficientPrivilege, "must be superuser to execute \(action)")
    }

    /// A server-wide setting's value when `name` is one (SHOW and current_setting read it).
    func systemSettingValue(_ name: String) -> String? {
        SystemSettings.definition(name) == nil ? nil : database.systemSettings.value(name)
    }
}
