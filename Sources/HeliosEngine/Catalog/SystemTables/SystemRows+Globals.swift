// The relations about the server rather than one table: pg_database (every database), the
// roles (pg_authid and the views over it),
// pg_settings (the session's parameters), the access methods (heap and btree), the default btree
// operator classes, tablespaces, collations, languages and pg_proc.

import HeliosCore
import HeliosValues

extension SystemRows {
    /// pg_database.encoding: 6 is UTF8.
    static let utf8Encoding: Int32 = 6

    /// pg_database: the default database (oid 5), then those CREATE DATABASE made.
    func databaseRows(_ relation: SystemRelation) -> [[SQLValue]] {
        let root = session.database.root
        let all = [DatabaseDescriptor(oid: root.oid, name: root.name, owner: .bootstrapSuperuser)] + data.createdDatabases
        return all.map { database in
            relation.row([
                "oid": Self.oid(database.oid), "datname": .text(database.name), "datdba": Self.oid(database.owner),
                "encoding": .int32(Self.utf8Encoding), "datlocprovider": .text("c"), "datistemplate": .bool(false),
                "datallowconn": .bool(true), "datconnlimit": .int32(-1), "datfrozenxid": .oid(0), "datminmxid": .oid(1),
                "dattablespace": .oid(1663), "datcollate": .text("C.UTF-8"), "datctype": .text("C.UTF-8"),
            ])
        }
    }

    /// pg_authid, pg_roles, pg_user and pg_shadow, from the catalog's roles. Only pg_authid and
    /// pg_shadow show the stored secret; pg_user and pg_shadow list roles that may log in.
    func roleRows(_ relation: SystemRelation) -> [[SQLValue]] {
        let hiddenPassword = SQLValue.text("********")
        return data.roles.compactMap { role in
            let password = role.password.map(SQLValue.text) ?? .null
            let validUntil = role.validUntil.map(SQLValue.timestampWithTimeZone) ?? .null
            switch relation.name {
            case "pg_user", "pg_shadow":
                guard role.canLogIn else { return nil }
                return relation.row([
                    "usename": .text(role.name), "usesysid": Self.oid(role.oid), "usecreatedb": .bool(role.canCreateDatabases),
                    "usesuper": .bool(role.isSuperuser), "userepl": .bool(role.isReplication),
                    "usebypassrls": .bool(role.bypassesRowSecurity),
                    "passwd": relation.name == "pg_user" ? hiddenPassword : password, "valuntil": validUntil,
                ])
            default:
                return relation.row([
                    "oid": Self.oid(role.oid), "rolname": .text(role.name), "rolsuper": .bool(role.isSuperuser),
                    "rolinherit": .bool(role.inherits), "rolcreaterole": .bool(role.canCreateRoles),
                    "rolcreatedb": .bool(role.canCreateDatabases), "rolcanlogin": .bool(role.canLogIn),
                    "rolreplication": .bool(role.isReplication), "rolbypassrls": .bool(role.bypassesRowSecurity),
                    "rolconnlimit": .int32(role.connectionLimit), "rolvaliduntil": validUntil,
                    "rolpassword": relation.name == "pg_roles" ? hiddenPassword : password,
                ])
            }
        }
    }

    func settingRows(_ relation: SystemRelation) -> [[SQLValue]] {
        session.settings.all.map { setting in
            let initial = SettingsStore.defaults.first { $0.name == setting.name }?.value ?? setting.value
            let isBoolean = ["on", "off"].contains(initial)
            return relation.row([
                "name": .text(setting.name), "setting": .text(setting.value), "category": .text(""), "short_desc": .text(""),
                "context": .text(SettingsStore.isReadOnly(setting.name) ? "internal"
                                 : SettingsStore.isSuperuserOnly(setting.name) ? "superuser" : "user"),
                "vartype": .text(isBoolean ? "bool" : Int(initial) != nil ? "integer" : "string"),
                "source": .text(setting.value == initial ? "default" : "session"), "boot_val": .text(initial),
                "reset_val": .text(initial), "pending_restart": .bool(false),
            ])
        }
    }

    func accessMethodRows(_ relation: SystemRelation) -> [[SQLValue]] {
        [
            relation.row(["oid": .oid(Self.heapAccessMethod), "amname": .text("heap"), "amhandler": .oid(3), "amtype": .text("t")]),
            relation.row(["oid": .oid(Self.btreeAccessMethod), "amname": .text("btree"), "amhandler": .oid(330), "amtype": .text("i")]),
        ]
    }

    func operatorClassRows(_ relation: SystemRelation) -> [[SQLValue]] {
        OperatorClasses.all.map { entry in
            relation.row([
                "oid": .oid(entry.oid), "opcmethod": .oid(Self.btreeAccessMethod), "opcname": .text(entry.name),
                "opcnamespace": Self.oid(.pgCatalogNamespace), "opcowner": Self.oid(.bootstrapSuperuser),
                "opcfamily": .oid(entry.family), "opcintype": .oid(entry.type), "opcdefault": .bool(true),
                "opckeytype": .oid(entry.keyType),
            ])
        }
    }

    func tablespaceRows(_ relation: SystemRelation) -> [[SQLValue]] {
        [
            relation.row(["oid": .oid(1663), "spcname": .text("pg_default"), "spcowner": Self.oid(.bootstrapSuperuser)]),
            relation.row(["oid": .oid(1664), "spcname": .text("pg_global"), "spcowner": Self.oid(.bootstrapSuperuser)]),
        ]
    }

    /// The collations HeliosDB has: all compare bytewise.
    func collationRows(_ relation: SystemRelation) -> [[SQLValue]] {
        [(100, "default", "d", ""), (950, "C", "c", "C"), (951, "POSIX", "c", "POSIX")].map { oid, name, provider, locale in
            relation.row([
                "oid": .oid(oid), "collname": .text(name), "collnamespace": Self.oid(.pgCatalogNamespace),
                "collowner": Self.oid(.bootstrapSuperuser), "collprovider": .text(provider), "collisdeterministic": .bool(true),
                "collencoding": .int32(-1), "collcollate": locale.isEmpty ? .null : .text(locale),
                "collctype": locale.isEmpty ? .null : .text(locale),
            ])
        }
    }

    func languageRows(_ relation: SystemRelation) -> [[SQLValue]] {
        [(12, "internal", 2246), (13, "c", 2247), (14, "sql", 2248)].map { oid, name, validator in
            relation.row([
                "oid": .oid(UInt32(oid)), "lanname": .text(name), "lanowner": Self.oid(.bootstrapSuperuser), "lanispl": .bool(false),
                "lanpltrusted": .bool(name == "sql"), "lanplcallfoid": .oid(0), "laninline": .oid(0), "lanvalidator": .oid(UInt32(validator)),
            ])
        }
    }

    func procedureRows(_ relation: SystemRelation) -> [[SQLValue]] {
        BuiltInProcedures.all.map { procedure in
            relation.row([
                "oid": .oid(procedure.oid), "proname": .text(procedure.name), "pronamespace": Self.oid(.pgCatalogNamespace),
                "proowner": Self.oid(.bootstrapSuperuser), "prolang": .oid(12), "procost": .float32(1),
                "prorows": .float32(procedure.returnsSet ? 1000 : 0), "provariadic": .oid(0), "prosupport": .oid(0),
                "prokind": .text(procedure.kind), "prosecdef": .bool(false), "proleakproof": .bool(false),
                "proisstrict": .bool(procedure.isStrict), "proretset": .bool(procedure.returnsSet),
                "provolatile": .text(procedure.volatility), "proparallel": .text("s"),
                "pronargs": .int16(Int16(procedure.argumentTypes.count)), "pronargdefaults": .int16(0),
                "prorettype": .oid(procedure.resultType), "proargtypes": Self.oidVector(procedure.argumentTypes),
                "prosrc": .text(procedure.name),
            ])
        }
    }
}

/// The default btree operator classes of the types HeliosDB indexes (PostgreSQL 15's oids).
enum OperatorClasses {
    struct Entry {
        var oid: UInt32
        var name: String
        var family: UInt32
        var type: UInt32
        var keyType: UInt32 = 0
    }

    static let all: [Entry] = [
        Entry(oid: 1978, name: "int4_ops", family: 1976, type: 23), Entry(oid: 1979, name: "int2_ops", family: 1976, type: 21),
        Entry(oid: 1981, name: "oid_ops", family: 1989, type: 26), Entry(oid: 3122, name: "date_ops", family: 434, type: 1082),
        Entry(oid: 3123, name: "float8_ops", family: 1970, type: 701), Entry(oid: 3124, name: "int8_ops", family: 1976, type: 20),
        Entry(oid: 3125, name: "numeric_ops", family: 1988, type: 1700), Entry(oid: 3126, name: "text_ops", family: 1994, type: 25),
        Entry(oid: 3127, name: "timestamptz_ops", family: 434, type: 1184),
        Entry(oid: 3128, name: "timestamp_ops", family: 434, type: 1114), Entry(oid: 10000, name: "array_ops", family: 397, type: 2277),
        Entry(oid: 10003, name: "bool_ops", family: 424, type: 16), Entry(oid: 10004, name: "bpchar_ops", family: 426, type: 1042),
        Entry(oid: 10006, name: "bytea_ops", family: 428, type: 17), Entry(oid: 10007, name: "char_ops", family: 429, type: 18),
        Entry(oid: 10012, name: "float4_ops", family: 1970, type: 700),
        Entry(oid: 10022, name: "interval_ops", family: 1982, type: 1186),
        Entry(oid: 10028, name: "name_ops", family: 1994, type: 19, keyType: 2275),
        Entry(oid: 10038, name: "time_ops", family: 1996, type: 1083), Entry(oid: 10041, name: "timetz_ops", family: 2000, type: 1266),
        Entry(oid: 10065, name: "uuid_ops", family: 2968, type: 2950), Entry(oid: 10088, name: "jsonb_ops", family: 4033, type: 3802),
    ]

    /// The default btree operator class for `type` (text_ops for varchar, oid_ops for the reg
    /// types, array_ops for arrays), 0 when it has none.
    static func defaultClass(for type: SQLType) -> UInt32 {
        if type.isArray { return 10000 }
        let oid: UInt32 = switch type.kind {
        case .varchar: SQLType.text.oid
        case .regclass, .regtype, .regproc, .regnamespace, .regrole: SQLType.oid.oid
        default: type.oid
        }
        return all.first { $0.type == oid }?.oid ?? 0
    }
}
