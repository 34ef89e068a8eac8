// The byte layout of a role's catalog entry (format 1):
//
// | field                | bytes                                   |
// |----------------------|-----------------------------------------|
// | format version       | u8 (1)                                  |
// | oid                  | u32                                     |
// | name                 | u32 length + UTF-8                      |
// | attributes           | u8 bits: 1 superuser, 2 inherit, 4 create role, 8 create database, 16 login, 32 replication, 64 bypass RLS |
// | connection limit     | i32                                     |
// | password             | u8 present, then u32 length + UTF-8     |
// | valid until          | u8 present, then i64                    |

public import HeliosCore

extension CatalogCodec {
    package static func encode(_ role: RoleDescriptor) -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(formatVersion)
        writer.write(role.oid.rawValue)
        writer.write(role.name)
        let flags: [Bool] = [role.isSuperuser, role.inherits, role.canCreateRoles, role.canCreateDatabases, role.canLogIn,
                             role.isReplication, role.bypassesRowSecurity]
        writer.write(flags.enumerated().reduce(UInt8(0)) { $0 | ($1.element ? UInt8(1) << $1.offset : 0) })
        writer.write(role.connectionLimit)
        writer.write(role.password)
        writer.write(role.validUntil != nil)
        if let validUntil = role.validUntil { writer.write(validUntil) }
        return writer.bytes
    }

    package static func decodeRole(_ bytes: [UInt8]) throws(DatabaseError) -> RoleDescriptor {
        var reader = BinaryReader(bytes, what: "catalog entry")
        guard try reader.readUInt8() == formatVersion else {
            throw DatabaseError(.dataCorrupted, "catalog entry has an unknown format version")
        }
        let oid = ObjectID(try reader.readUInt32())
        let name = try reader.readString()
        let flags = try reader.readUInt8()
        func flag(_ bit: Int) -> Bool { flags & (1 << bit) != 0 }
        let connectionLimit = try reader.readInt32()
        let password = try reader.readOptionalString()
        let validUntil = try reader.readBool() ? try reader.readInt64() : nil
        return RoleDescriptor(oid: oid, name: name, isSuperuser: flag(0), inherits: flag(1), canCreateRoles: flag(2),
                              canCreateDatabases: flag(3), canLogIn: flag(4), isReplication: flag(5), bypassesRowSecurity: flag(6),
                              connectionLimit: connectionLimit, password: password, validUntil: validUntil)
    }
}
