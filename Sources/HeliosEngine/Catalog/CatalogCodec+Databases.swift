// The byte layout of a database's catalog entry (format 1):
//
// | field          | bytes               |
// |----------------|---------------------|
// | format version | u8 (1)              |
// | oid            | u32                 |
// | name           | u32 length + UTF-8  |
// | owner          | u32                 |

public import HeliosCore

extension CatalogCodec {
    package static func encode(_ database: DatabaseDescriptor) -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(formatVersion)
        writer.write(database.oid.rawValue)
        writer.write(database.name)
        writer.write(database.owner.rawValue)
        return writer.bytes
    }

    package static func decodeDatabase(_ bytes: [UInt8]) throws(DatabaseError) -> DatabaseDescriptor {
        var reader = BinaryReader(bytes, what: "catalog entry")
        guard try reader.readUInt8() == formatVersion else {
            throw DatabaseError(.dataCorrupted, "catalog entry has an unknown format version")
        }
        return DatabaseDescriptor(oid: ObjectID(try reader.readUInt32()), name: try reader.readString(),
                                  owner: ObjectID(try reader.readUInt32()))
    }
}
